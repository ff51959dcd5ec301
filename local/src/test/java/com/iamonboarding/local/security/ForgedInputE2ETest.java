package com.iamonboarding.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The escalation path of a developer hire (PowerUserAccess may invoke functions and start state
 * machines): invoking AssignAccess, or starting the onboarding state machine, with a hand-written
 * state that puts an existing user (or a new one) into the administrator profile. Every forged
 * state is refused, and the emulator shows that nothing changed: the victim keeps its groups, no
 * user is created, and no IAM write was even attempted for them.
 */
class ForgedInputE2ETest {

    private static final String ADMINISTRATORS = "iam-onboarding-administrators";

    private static String victim;
    private static String victimExecutionInput;

    @BeforeAll
    static void aDeveloperOnboardedThroughTheApi() {
        victim = Requests.userName("victim");
        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(victim, "developer", false, false));
        assertEquals("SUCCEEDED", outcome.status(), () -> outcome.onboarding().toString());
        victimExecutionInput = SharedStack.sfn().describeExecution(b -> b.executionArn(outcome.executionArn())).input();
    }

    @Test
    void invokingAssignAccessWithAHandWrittenStateChangesNothing() {
        ObjectNode forged = Json.MAPPER.createObjectNode().put("onboardingId", "onb-forged");
        forged.putObject("request").put("userName", victim).put("accessProfile", "administrator");

        assertRefused(invoke("AssignAccessFunction", forged), "com.iamonboarding.seal.SealRejectedException");

        assertEquals(Set.of("iam-onboarding-developers"), groupsOf(victim));
    }

    @Test
    void aRealSealOnAChangedRequestIsRefused() {
        ObjectNode copied = (ObjectNode) parse(victimExecutionInput);
        ((ObjectNode) copied.get("request")).put("accessProfile", "administrator");

        assertRefused(invoke("AssignAccessFunction", copied), "com.iamonboarding.seal.SealRejectedException");
        ObjectNode otherId = (ObjectNode) parse(victimExecutionInput);
        otherId.put("onboardingId", "onb-" + UUID.randomUUID().toString().replace("-", ""));
        assertRefused(invoke("AssignAccessFunction", otherId), "com.iamonboarding.seal.SealRejectedException");

        assertEquals(Set.of("iam-onboarding-developers"), groupsOf(victim));
    }

    @Test
    void aGenuineApiRequestNamingSomeoneElsesUserNeverReachesThatUser() {
        // An API caller asks for an administrator named like the victim: CreateUser refuses to take the
        // user over and the rollback leaves it alone...
        Instant before = Instant.now();
        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(victim, "administrator", false, false));
        assertEquals("FAILED", outcome.status());
        assertEquals("CreateUser", outcome.failedStep());
        // ...and AssignAccess handed that execution's genuinely sealed input directly still checks the user first.
        String sealedInput = SharedStack.sfn().describeExecution(b -> b.executionArn(outcome.executionArn())).input();

        assertRefused(invoke("AssignAccessFunction", parse(sealedInput)), "com.iamonboarding.common.PermanentStepException");

        assertEquals(Set.of("iam-onboarding-developers"), groupsOf(victim));
        assertEquals(List.of("CreateUser"), writesFor(victim, before),
                "the only IAM write for the victim's name was the CreateUser that IAM refused (EntityAlreadyExists)");
    }

    @Test
    void aHandWrittenExecutionCreatesNoAdministrator() throws Exception {
        String forgedAdmin = Requests.userName("forged-admin");
        ObjectNode input = Json.MAPPER.createObjectNode().put("onboardingId", "onb-" + UUID.randomUUID().toString().replace("-", ""));
        input.set("request", Requests.request(forgedAdmin, "administrator", true, true));
        input.putObject("seal").put("issuedAt", Instant.now().toString()).put("mac", "Zm9yZ2Vk");
        Instant before = Instant.now();

        String execution = SharedStack.sfn().startExecution(b -> b.stateMachineArn(SharedStack.get().stateMachineArns()
                .get("OnboardingStateMachine")).name("forged-" + UUID.randomUUID()).input(Json.write(input))).executionArn();
        DescribeExecutionResponse finished = new ExecutionProgress(SharedStack.sfn()).follow(execution, Onboardings.TIMEOUT, e -> { });

        assertEquals("FAILED", finished.statusAsString());
        assertEquals("InputRejected", finished.error());
        assertThrows(NoSuchEntityException.class, () -> SharedStack.iam().getUser(b -> b.userName(forgedAdmin)));
        assertEquals(List.of(), writesFor(forgedAdmin, before), "no IAM write was attempted for the forged user");
        assertTrue(SharedStack.get().lambdaEndpoint().recorder().matching(r -> r.at().isAfter(before)
                && "kms".equals(r.service()) && "VerifyMac".equals(r.action())).size() >= 1, "the first step checked the seal");
    }

    private static void assertRefused(InvokeResponse response, String errorType) {
        assertEquals("Unhandled", response.functionError(), response.payload().asUtf8String());
        assertEquals(errorType, parse(response.payload().asUtf8String()).path("errorType").asText(), response.payload().asUtf8String());
    }

    private static InvokeResponse invoke(String function, JsonNode payload) {
        try (LambdaClient lambda = EmulatorClients.build(LambdaClient.builder(), SharedStack.get().lambdaEndpoint().url())) {
            return lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(Json.write(payload))));
        }
    }

    private static Set<String> groupsOf(String userName) {
        return SharedStack.iam().listGroupsForUser(b -> b.userName(userName)).groups().stream()
                .map(Group::groupName).collect(Collectors.toSet());
    }

    /** The IAM requests since {@code since} that would change {@code userName} (anything but Get and List). */
    private static List<String> writesFor(String userName, Instant since) {
        return SharedStack.get().lambdaEndpoint().recorder().matching(r -> r.at().isAfter(since) && "iam".equals(r.service())
                        && userName.equals(r.parameter("UserName")) && !r.action().startsWith("Get") && !r.action().startsWith("List"))
                .stream().map(RecordedRequest::action).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
