package com.iamonboarding.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.status.StatusRecord;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The status table's writes against DynamoDB's own semantics (moto): condition expressions,
 * set ADD/DELETE, a replayed start, a second attempt, and that nothing is written for an id the API
 * never started or after the workflow ended.
 */
class StatusTableIT {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final StatusTable table = new StatusTable(SharedStack.get().clients().dynamoDb(),
            SharedStack.get().resources().get("StatusTable").orElseThrow().ref(), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }, Log.forFunction("StatusTableIT"));

    private static String id() {
        return "onb-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void anAttemptRunsItsStepsSideBySideAndSucceeds() {
        String id = id();
        table.begin(id, "onboarding", 1);
        table.stepStarted(id, "CreateLoginProfile");
        table.stepStarted(id, "EnrollMfa");

        StatusRecord running = table.read(id).orElseThrow();
        assertEquals("RUNNING", running.status());
        assertEquals(Optional.of("EnrollMfa"), running.currentStep(), "of parallel steps, the one that started last");
        assertEquals("EnrollMfa", running.answer("onboardingId").path("currentStep").asText());
        assertTrue(running.answers(now.get(), Duration.ofMinutes(10)));
        assertTrue(!running.answers(now.get().plus(Duration.ofMinutes(11)), Duration.ofMinutes(10)), "stale after ten quiet minutes");

        ObjectNode result = Json.MAPPER.createObjectNode().put("userName", "jane.doe");
        now.set(now.get().plusSeconds(2));
        table.succeeded(id, result);
        JsonNode answer = table.read(id).orElseThrow().answer("onboardingId");
        assertEquals("SUCCEEDED", answer.path("status").asText());
        assertEquals(result, answer.path("result"));
        assertEquals("2026-12-01T10:00:00Z", answer.path("startedAt").asText());
        assertEquals("2026-12-01T10:00:02Z", answer.path("stoppedAt").asText());
        assertEquals(1, answer.path("attempt").asInt());
        assertTrue(answer.path("currentStep").isMissingNode(), answer.toString());

        // A late delivery of a step writes nothing into an ended record.
        table.stepStarted(id, "CreateAccessKey");
        table.failed(id, "CreateAccessKey", "CreateAccessKeyFailed", "late");
        assertEquals(answer, table.read(id).orElseThrow().answer("onboardingId"));
    }

    @Test
    void aReplayedStartChangesNothingAndASecondAttemptKeepsTheFirstAsEarlier() {
        String id = id();
        table.begin(id, "onboarding", 1);
        table.stepStarted(id, "CreateUser");
        table.failed(id, "CreateUser", "CreateUserFailed", "CreateUser failed: throttled. Rolled back: nothing had been created.");
        table.begin(id, "onboarding", 1);
        assertEquals("FAILED", table.read(id).orElseThrow().status(), "a replay of attempt 1 leaves it as it ended");

        now.set(now.get().plusSeconds(60));
        table.begin(id, "onboarding", 2);
        JsonNode answer = table.read(id).orElseThrow().answer("onboardingId");
        assertEquals("RUNNING", answer.path("status").asText());
        assertEquals(2, answer.path("attempt").asInt());
        JsonNode first = answer.path("earlierAttempts").path(0);
        assertEquals(1, first.path("attempt").asInt(), answer.toString());
        assertEquals("FAILED", first.path("status").asText());
        assertEquals("CreateUser", first.path("failedStep").asText());
        assertEquals("CreateUserFailed", first.path("error").asText());
    }

    @Test
    void nothingIsWrittenForAnIdTheApiNeverStartedAndAFailedStartLeavesNoRecord() {
        String forged = id();
        table.stepStarted(forged, "AssignAccess");
        table.succeeded(forged, Json.MAPPER.createObjectNode());
        assertEquals(Optional.empty(), table.read(forged));

        String id = id();
        table.begin(id, "onboarding", 1);
        table.abandon(id, 1);
        assertEquals(Optional.empty(), table.read(id));
    }

    @Test
    void anAnswerReadFromStepFunctionsIsKeptUnlessTheWorkflowHasWrittenSince() {
        String id = id();
        ObjectNode answer = Json.MAPPER.createObjectNode().put("onboardingId", id).put("status", "FAILED")
                .put("startedAt", "2026-11-01T09:00:00Z").put("stoppedAt", "2026-11-01T09:00:05Z")
                .put("failedStep", "EnrollMfa").put("error", "EnrollMfaFailed").put("cause", "EnrollMfa failed").put("attempt", 1);
        table.remember(id, "onboarding", "onboardingId", answer);
        assertEquals(answer, table.read(id).orElseThrow().answer("onboardingId"));

        table.begin(id, "onboarding", 2);
        table.remember(id, "onboarding", "onboardingId", answer);
        assertEquals(2, table.read(id).orElseThrow().attempt(), "a newer attempt is not overwritten by an older answer");
    }
}
