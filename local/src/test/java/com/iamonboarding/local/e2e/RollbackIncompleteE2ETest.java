package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.faults.EndStates;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.support.StrictDeleteConflicts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A rollback that cannot finish: the onboarding fails for good at CreateAccessKey and its rollback
 * meets AccessDenied on every iam:DeleteUser for the user (both faults scoped to this user). The
 * execution fails with OnboardingRollbackIncomplete, its cause lists exactly what remains (the user,
 * stripped of everything else), and an OnboardingRollbackIncomplete event was published. moto's
 * event bus keeps no history, so the event is read from the PutEvents requests the local Lambda
 * endpoint recorded. Afterwards, with the fault gone, delivering the same state to Compensate again
 * finishes the job. Strict mode (IAM's DeleteConflict rules) is on.
 */
@ExtendWith(StrictDeleteConflicts.class)
class RollbackIncompleteE2ETest {

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final String ERROR = "OnboardingRollbackIncomplete";

    @Test
    void aRollbackThatCannotDeleteTheUserFailsListingWhatRemainsAndPublishesAnEvent() {
        String userName = Requests.userName("rb-incomplete");
        ObjectNode request = Requests.request(userName, "developer", true, true);
        ApiTranscript api = new ApiTranscript();

        FaultRule stepFault = FAULTS.inject("CreateAccessKey", userName, FaultRule.ALWAYS, Fault.error(403, "AccessDenied", null));
        FaultRule rollbackFault = FAULTS.inject("DeleteUser", userName, FaultRule.ALWAYS, Fault.error(403, "AccessDenied", null));
        OnboardingRunner.Outcome outcome;
        try {
            outcome = api.run(request, Map.of(), Onboardings.TIMEOUT);
        } finally {
            FAULTS.remove(stepFault);
            FAULTS.remove(rollbackFault);
        }
        assertTrue(stepFault.hits() >= 1, "CreateAccessKey met the fault");
        assertTrue(rollbackFault.hits() >= 1, "DeleteUser met the fault");
        String onboardingId = outcome.onboardingId();

        DescribeExecutionResponse execution = SharedStack.sfn().describeExecution(b -> b.executionArn(outcome.executionArn()));
        assertEquals(ExecutionStatus.FAILED, execution.status());
        assertEquals(ERROR, execution.error());
        String remaining = remainingIn(errorMessage(execution.cause()));
        assertTrue(remaining.contains("IAM user " + userName) && remaining.contains("AccessDenied"),
                "the cause names the user that remains and why: " + execution.cause());
        assertEquals("FAILED", outcome.status(), () -> outcome.onboarding().toString());
        assertEquals(ERROR, outcome.onboarding().path("error").asText(), () -> outcome.onboarding().toString());
        assertEquals("CreateAccessKey", outcome.failedStep(), () -> outcome.onboarding().toString());
        assertTrue(outcome.onboarding().path("cause").asText().contains("IAM user " + userName), () -> outcome.onboarding().toString());

        assertOnlyTheBareUserRemains(userName, onboardingId);

        List<JsonNode> events = rollbackIncompleteEvents(onboardingId);
        assertEquals(1, events.size(), "one " + ERROR + " event for " + onboardingId + ": " + events);
        JsonNode detail = events.get(0);
        assertEquals(userName, detail.path("userName").asText());
        assertEquals("CreateAccessKey", detail.path("failedStep").asText());
        List<String> remainingInEvent = new ArrayList<>();
        detail.path("remaining").forEach(r -> remainingInEvent.add(r.asText()));
        assertEquals(List.of(remaining), remainingInEvent, "the event and the cause list the same, one thing");
        assertTrue(detail.path("removed").toString().contains("login profile of " + userName), "what was removed: " + detail);

        // With the fault gone, the same state delivered to Compensate again finishes the rollback.
        JsonNode compensation = compensateAgain(execution.input(), "CreateAccessKey");
        assertEquals(0, compensation.path("remaining").size(), compensation::toString);
        assertTrue(compensation.path("removed").toString().contains("IAM user " + userName), compensation::toString);
        EndStates.assertNothingLeftOf(onboardingId, userName);
    }

    /** The cause lists exactly what remains: the user, with nothing left on it that the rollback could remove. */
    private static void assertOnlyTheBareUserRemains(String userName, String onboardingId) {
        IamClient iam = SharedStack.iam();
        assertTrue(iam.listUserTags(b -> b.userName(userName)).tags().stream()
                .anyMatch(t -> t.key().equals("OnboardingId") && t.value().equals(onboardingId)), "the user that remains is this onboarding's");
        assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName(userName)));
        assertEquals(List.of(), iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata());
        assertEquals(List.of(), iam.listMFADevices(b -> b.userName(userName)).mfaDevices());
        assertEquals(List.of(), iam.listGroupsForUser(b -> b.userName(userName)).groups());
        assertEquals(List.of(), iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies());
        assertFalse(iam.listVirtualMFADevicesPaginator(b -> { }).virtualMFADevices().stream()
                .anyMatch(d -> d.serialNumber().endsWith(":mfa/" + userName)), "no virtual MFA device of " + userName);
        for (String kind : List.of("console-password", "access-key")) {
            String name = "iam-onboarding/" + userName + "/" + kind;
            SharedStack.secrets().listSecretsPaginator(b -> { }).stream().flatMap(p -> p.secretList().stream())
                    .filter(s -> s.name().equals(name))
                    .forEach(s -> assertTrue(s.deletedDate() != null, name + " is scheduled for deletion"));
        }
        String bucket = SharedStack.get().resources().get("QrCodeBucket").orElseThrow().ref();
        assertEquals(List.of(), SharedStack.s3().listObjectsV2(b -> b.bucket(bucket).prefix("mfa/" + userName + "/")).contents());
    }

    /** "... is incomplete; remaining: a; b" -> "a; b". */
    private static String remainingIn(String message) {
        int at = message.indexOf("remaining: ");
        assertTrue(at >= 0, "the cause lists what remains: " + message);
        return message.substring(at + "remaining: ".length());
    }

    /** The details of every OnboardingRollbackIncomplete event sent with PutEvents for the onboarding. */
    private static List<JsonNode> rollbackIncompleteEvents(String onboardingId) {
        String bus = SharedStack.get().functions().registry().find("CompensateFunction").orElseThrow().environment().get("EVENT_BUS_NAME");
        List<JsonNode> details = new ArrayList<>();
        SharedStack.get().lambdaEndpoint().recorder().withAction("PutEvents").forEach(request -> {
            if (!(request.parameters().get("Entries") instanceof List<?> entries)) {
                return;
            }
            for (Object entry : entries) {
                JsonNode event = Json.MAPPER.valueToTree(entry);
                if (!ERROR.equals(event.path("DetailType").asText())) {
                    continue;
                }
                JsonNode detail = parse(event.path("Detail").asText());
                if (onboardingId.equals(detail.path("onboardingId").asText())) {
                    assertEquals("iam-onboarding", event.path("Source").asText(), event::toString);
                    assertEquals(bus, event.path("EventBusName").asText(), event::toString);
                    details.add(detail);
                }
            }
        });
        return details;
    }

    /** Invokes CompensateFunction through the local Lambda endpoint with the execution's (sealed) input and the failed step. */
    private static JsonNode compensateAgain(String executionInput, String failedStep) {
        ObjectNode state = (ObjectNode) parse(executionInput);
        state.put("failedStep", failedStep);
        state.set("error", Json.MAPPER.createObjectNode().put("Error", "com.iamonboarding.common.PermanentStepException")
                .put("Cause", "{\"errorMessage\":\"" + failedStep + " failed (delivered again by the test)\"}"));
        try (LambdaClient lambda = EmulatorClients.build(LambdaClient.builder(), SharedStack.get().lambdaEndpoint().url())) {
            InvokeResponse response = lambda.invoke(b -> b.functionName("CompensateFunction")
                    .payload(SdkBytes.fromUtf8String(Json.write(state))));
            assertNull(response.functionError(), () -> "Compensate failed again: " + response.payload().asUtf8String());
            return parse(response.payload().asUtf8String());
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The execution's cause is the Compensate function's error payload (JSON): its message. */
    private static String errorMessage(String cause) {
        JsonNode payload = parse(cause);
        assertTrue(payload != null && payload.hasNonNull("errorMessage"), "the cause is the rollback's error: " + cause);
        return payload.get("errorMessage").asText();
    }
}
