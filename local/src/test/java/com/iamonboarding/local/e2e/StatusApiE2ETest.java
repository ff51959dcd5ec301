package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.lambda.FunctionRegistry;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.LocalApiCalls;
import com.iamonboarding.local.support.SharedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The status API answers from the status table the workflow writes, without a Step Functions call
 * for executions this version started, and gives the same answer Step Functions would: each
 * answer is compared with the one the handler reads from Step Functions once the record is gone.
 */
class StatusApiE2ETest {

    private final FaultInjection faults = SharedStack.get().lambdaEndpoint().faults();

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void aSucceededOnboardingIsAnsweredFromTheTableAsStepFunctionsWouldAnswerIt() throws Exception {
        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(Requests.userName("status-ok"), "developer", true, true));
        assertTrue(outcome.succeeded(), outcome.onboarding().toString());

        assertSameAnswerFromBothSources("/onboardings/" + outcome.onboardingId(), "GetOnboardingFunction", outcome.onboardingId());
    }

    @Test
    void aRolledBackOnboardingIsAnsweredFromTheTableWithItsFailedStepErrorAndCause() throws Exception {
        faults.failFunction("EnrollMfaFunction", "com.iamonboarding.common.PermanentStepException", "injected failure of EnrollMfa");
        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(Requests.userName("status-failed"), "developer", true, true));
        assertEquals("FAILED", outcome.status(), outcome.onboarding().toString());

        JsonNode answer = assertSameAnswerFromBothSources("/onboardings/" + outcome.onboardingId(), "GetOnboardingFunction",
                outcome.onboardingId());
        assertEquals("EnrollMfa", answer.path("failedStep").asText(), answer.toString());
        assertEquals("EnrollMfaFailed", answer.path("error").asText(), answer.toString());
    }

    @Test
    void aRunningRecordNoStepHasWrittenForLongIsCheckedWithStepFunctionsOnceAndThenKept() throws Exception {
        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(Requests.userName("status-stale"), "developer", false, false));
        assertTrue(outcome.succeeded(), outcome.onboarding().toString());
        String path = "/onboardings/" + outcome.onboardingId();
        // As if the execution had died between two steps an hour ago: the record still says RUNNING.
        dynamoDb().updateItem(b -> b.tableName(table()).key(Map.of("id", AttributeValue.fromS(outcome.onboardingId())))
                .updateExpression("SET #s = :running, updatedAt = :old")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":running", AttributeValue.fromS("RUNNING"),
                        ":old", AttributeValue.fromS(Instant.now().minus(Duration.ofHours(1)).toString()))));

        Instant before = Instant.now();
        JsonNode checked = get(path);
        assertEquals("SUCCEEDED", checked.path("status").asText(), checked.toString());
        assertFalse(stepFunctionsCalls("GetOnboardingFunction", before).isEmpty(), "the stale record was checked");

        Instant after = Instant.now();
        assertEquals(checked, get(path));
        assertEquals(List.of(), stepFunctionsCalls("GetOnboardingFunction", after), "the checked answer was kept");
    }

    @Test
    void offboardingsAreAnsweredFromTheTableToo() throws Exception {
        OnboardingRunner.Outcome onboarded = Onboardings.run(Requests.request(Requests.userName("status-off"), "developer", false, true));
        assertTrue(onboarded.succeeded(), onboarded.onboarding().toString());
        String userName = onboarded.onboarding().at("/result/userName").asText();
        for (boolean dryRun : List.of(true, false)) {
            ObjectNode request = Json.MAPPER.createObjectNode().put("userName", userName).put("reason", "status API test")
                    .put("mode", "DELETE").put("dryRun", dryRun);
            JsonNode accepted = post("/offboardings", request);
            String id = accepted.path("offboardingId").asText();
            JsonNode done = waitForEnd("/offboardings/" + id);
            assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
            assertSameAnswerFromBothSources("/offboardings/" + id, "GetOffboardingFunction", id);
        }
    }

    /**
     * GET from the table (no Step Functions call), then without the record (the answer read from
     * Step Functions): the same fields and values, the times within a second of each other.
     */
    private static JsonNode assertSameAnswerFromBothSources(String path, String function, String id) throws Exception {
        Instant before = Instant.now();
        JsonNode fromTable = get(path);
        assertEquals(List.of(), stepFunctionsCalls(function, before), function + " read the table, not Step Functions");

        dynamoDb().deleteItem(b -> b.tableName(table()).key(Map.of("id", AttributeValue.fromS(id))));
        Instant legacy = Instant.now();
        JsonNode fromStepFunctions = get(path);
        assertFalse(stepFunctionsCalls(function, legacy).isEmpty(), "without a record " + function + " asks Step Functions");

        for (String time : List.of("startedAt", "stoppedAt")) {
            Instant a = Instant.parse(fromTable.path(time).asText());
            Instant b = Instant.parse(fromStepFunctions.path(time).asText());
            assertTrue(Duration.between(a, b).abs().compareTo(Duration.ofSeconds(1)) < 0, time + ": " + a + " vs " + b);
        }
        assertEquals(withoutTimes(fromStepFunctions), withoutTimes(fromTable), "the table answers what Step Functions does");
        return fromTable;
    }

    private static JsonNode withoutTimes(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove(List.of("startedAt", "stoppedAt"));
        return copy;
    }

    /** The Step Functions requests {@code function} made since {@code since}. */
    private static List<RecordedRequest> stepFunctionsCalls(String function, Instant since) {
        String key = FunctionRegistry.accessKeyId(function);
        return SharedStack.get().lambdaEndpoint().recorder().matching(r -> "states".equals(r.service())
                && key.equals(r.accessKeyId()) && !r.at().isBefore(since));
    }

    private static JsonNode waitForEnd(String path) throws Exception {
        return com.iamonboarding.local.Poll.until(path + " to end", Duration.ofSeconds(60), () -> {
            try {
                JsonNode answer = get(path);
                return "RUNNING".equals(answer.path("status").asText()) ? java.util.Optional.empty() : java.util.Optional.of(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static JsonNode get(String path) throws Exception {
        return LocalApiCalls.get(path);
    }

    private static JsonNode post(String path, JsonNode body) throws Exception {
        return LocalApiCalls.post(path, body);
    }

    private static DynamoDbClient dynamoDb() {
        return SharedStack.get().clients().dynamoDb();
    }

    private static String table() {
        return SharedStack.get().resources().get("StatusTable").orElseThrow().ref();
    }
}
