package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.ApiTranscript.Answer;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * POST /onboardings is idempotent: the same request again, with the same Idempotency-Key or without
 * one (the id is then derived from the body), answers with the same onboarding and starts nothing
 * new, whether the first execution still runs or has finished; the same key with a different body
 * is a 409 IdempotencyConflict that starts nothing either. "Nothing new" is read from the emulator:
 * ListExecutions shows one execution of that name, and IAM saw one CreateUser for the user.
 */
class ApiIdempotencyE2ETest {

    private static final String KEY_HEADER = "Idempotency-Key";

    private final ApiTranscript api = new ApiTranscript();

    @Test
    void theSameKeyAndBodyAgainIsTheSameOnboardingWithOneExecution() {
        String userName = Requests.userName("idem-key");
        ObjectNode body = Requests.request(userName, "developer", true, false);
        Map<String, String> key = Map.of(KEY_HEADER, "key-" + userName);

        Answer first = api.start(body, key);
        Answer whileRunning = api.start(body, key);
        Instant askedAgain = Instant.now();
        String onboardingId = accepted(first);
        assertEquals("onb-key-" + userName, onboardingId, "the id comes from the key");
        assertSameOnboarding(first, whileRunning);
        assertEquals("RUNNING", whileRunning.json().path("status").asText(), "asked again while the first one runs");
        assertSucceeded(onboardingId);
        assertTrue(describe(onboardingId).stopDate().isAfter(askedAgain), "the second answer came while the execution ran");
        Answer afterSuccess = api.start(body, key);
        assertSameOnboarding(first, afterSuccess);
        assertEquals("SUCCEEDED", afterSuccess.json().path("status").asText(), "asked again once it finished");

        assertExactlyOneExecution(onboardingId, userName);
    }

    @Test
    void theSameKeyWithADifferentBodyIsAConflictThatStartsNothing() {
        String userName = Requests.userName("idem-conflict");
        ObjectNode body = Requests.request(userName, "developer", true, false);
        ObjectNode different = body.deepCopy().put("department", "Finance");
        Map<String, String> key = Map.of(KEY_HEADER, "key-" + userName);

        Answer first = api.start(body, key);
        String onboardingId = accepted(first);
        Answer whileRunning = api.start(different, key);
        Instant conflictAnswered = Instant.now();
        assertConflict(onboardingId, whileRunning);
        assertSucceeded(onboardingId);
        assertTrue(describe(onboardingId).stopDate().isAfter(conflictAnswered), "the first conflict was answered while the execution ran");
        Answer afterSuccess = api.start(different, key);
        assertConflict(onboardingId, afterSuccess);

        assertExactlyOneExecution(onboardingId, userName);
        JsonNode input = json(describe(onboardingId).input());
        assertEquals("Quality", input.path("request").path("department").asText(), "the execution kept the first body");
    }

    @Test
    void theSameBodyWithoutAKeyAgainIsTheSameOnboardingWithOneExecution() {
        String userName = Requests.userName("idem-derived");
        ObjectNode body = Requests.request(userName, "developer", true, false);

        Answer first = api.start(body, Map.of());
        Answer whileRunning = api.start(body, Map.of());
        Instant askedAgain = Instant.now();
        String onboardingId = accepted(first);
        assertTrue(onboardingId.matches("onb-[0-9a-f]{32}"), "an id derived from the body: " + onboardingId);
        assertSameOnboarding(first, whileRunning);
        assertEquals("RUNNING", whileRunning.json().path("status").asText(), "asked again while the first one runs");
        assertSucceeded(onboardingId);
        assertTrue(describe(onboardingId).stopDate().isAfter(askedAgain), "the second answer came while the execution ran");
        Answer afterSuccess = api.start(body, Map.of());
        assertSameOnboarding(first, afterSuccess);
        assertEquals("SUCCEEDED", afterSuccess.json().path("status").asText(), "asked again once it finished");

        assertExactlyOneExecution(onboardingId, userName);
    }

    private static String accepted(Answer answer) {
        assertEquals(202, answer.status(), answer::toString);
        String onboardingId = answer.json().path("onboardingId").asText();
        assertFalse(onboardingId.isEmpty(), answer::toString);
        return onboardingId;
    }

    private static void assertSameOnboarding(Answer first, Answer again) {
        assertEquals(202, again.status(), again::toString);
        assertEquals(first.json().path("onboardingId"), again.json().path("onboardingId"), "the same onboarding: " + again);
        assertEquals(first.json().path("executionArn"), again.json().path("executionArn"), "the same execution: " + again);
        assertEquals(first.json().path("statusUrl"), again.json().path("statusUrl"), again::toString);
    }

    private static void assertConflict(String onboardingId, Answer answer) {
        assertEquals(409, answer.status(), answer::toString);
        assertEquals("IdempotencyConflict", answer.json().path("code").asText(), answer::toString);
        String message = answer.json().path("message").asText();
        assertTrue(message.contains(onboardingId) && message.contains(KEY_HEADER), "the message names the conflict: " + message);
        assertFalse(answer.body().contains("Exception") || answer.body().contains("com.iamonboarding"), "no internals: " + answer);
    }

    private void assertSucceeded(String onboardingId) {
        List<Answer> followed = api.followUntilFinished(onboardingId, Onboardings.TIMEOUT);
        assertEquals("SUCCEEDED", followed.get(followed.size() - 1).json().path("status").asText(), followed::toString);
    }

    /** One execution named after the onboarding, for this user, and one CreateUser: nothing was started twice. */
    private static void assertExactlyOneExecution(String onboardingId, String userName) {
        List<ExecutionListItem> named = SharedStack.sfn().listExecutionsPaginator(b -> b.stateMachineArn(SharedStack.get().stateMachineArn()))
                .executions().stream().filter(e -> e.name().equals(onboardingId)).toList();
        assertEquals(1, named.size(), "executions named " + onboardingId + ": " + named);
        DescribeExecutionResponse execution = describe(onboardingId);
        assertEquals(named.get(0).executionArn(), execution.executionArn());
        assertEquals(ExecutionStatus.SUCCEEDED, execution.status());
        assertEquals(userName, json(execution.input()).path("request").path("userName").asText());
        List<String> executionsForUser = SharedStack.sfn().listExecutionsPaginator(b -> b.stateMachineArn(SharedStack.get().stateMachineArn()))
                .executions().stream().map(ExecutionListItem::executionArn)
                .filter(arn -> json(SharedStack.sfn().describeExecution(b -> b.executionArn(arn)).input())
                        .path("request").path("userName").asText().equals(userName))
                .toList();
        assertEquals(List.of(execution.executionArn()), executionsForUser, "executions onboarding " + userName);
        long createUsers = SharedStack.get().lambdaEndpoint().recorder()
                .matching(r -> "CreateUser".equals(r.action()) && userName.equals(r.parameter("UserName"))).size();
        assertEquals(1, createUsers, "CreateUser requests for " + userName);
    }

    private static DescribeExecutionResponse describe(String onboardingId) {
        String arn = SharedStack.get().stateMachineArn().replaceFirst(":stateMachine:", ":execution:") + ":" + onboardingId;
        return SharedStack.sfn().describeExecution(b -> b.executionArn(arn));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
