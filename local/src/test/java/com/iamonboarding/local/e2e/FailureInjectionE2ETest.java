package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.support.StrictDeleteConflicts;
import com.iamonboarding.local.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * A failure in each step in turn: the execution ends FAILED naming that step, and the compensation
 * leaves nothing behind that the onboarding created. Failures are injected through the local Lambda
 * endpoint: a whole step failing, or one AWS call inside a step (after the step made something).
 * IAM's DeleteConflict rules are enforced (the endpoint's strict mode).
 */
@ExtendWith(StrictDeleteConflicts.class)
class FailureInjectionE2ETest {

    private static final String PERMANENT = "com.iamonboarding.common.PermanentStepException";

    private final FaultInjection faults = SharedStack.get().lambdaEndpoint().faults();

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EnsureAccountAlias", "CreateUser", "CreateLoginProfile", "AssignAccess", "EnrollMfa",
            "CreateAccessKey"})
    void aFailingStepEndsTheExecutionFailedAndRollsBack(String step) {
        faults.failFunction(step + "Function", PERMANENT, "injected failure of " + step);
        String userName = Requests.userName("fail-" + step.toLowerCase());

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));

        assertFailedAt(step, outcome);
        Leftovers.assertNothingLeftFor(userName);
    }

    /**
     * The steps after CreateUser run in parallel branches. AssignAccess fails at once while the
     * branches beside it are still making an access key, its secret and an MFA device, slowly: the
     * rollback must start only after they finished, or it would miss what they made after it looked.
     * (With a branch that fails the Parallel state at once, moto, like Step Functions, starts the
     * rollback while those calls are still on their way, and this test finds them left behind.)
     */
    @Test
    void aBranchThatFailsFirstIsRolledBackOnlyAfterTheBranchesBesideItFinished() {
        String userName = Requests.userName("fail-branch-race");
        faults.failFunction("AssignAccessFunction", PERMANENT, "injected failure of AssignAccess");
        faults.inject("CreateAccessKey", userName, FaultRule.ALWAYS, Fault.delay(2_500));
        faults.inject("CreateVirtualMFADevice", userName, FaultRule.ALWAYS, Fault.delay(2_500));

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));
        // Whatever was still on its way when the execution stopped has landed by now.
        Poll.until("the steps' invocations to end", Duration.ofSeconds(15),
                () -> SharedStack.get().functions().running() == 0 ? Optional.of(true) : Optional.empty());

        Leftovers.assertNothingLeftFor(userName);
        assertFailedAt("AssignAccess", outcome);
    }

    @Test
    void aFailureAfterTheMfaDeviceAndQrCodeExistRollsThemBack() {
        // CreateVirtualMFADevice and the QR upload succeed; enabling the device is refused.
        faults.failAction("EnableMFADevice", 403, "AccessDenied", "injected by the test");
        String userName = Requests.userName("fail-enable-mfa");

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));

        assertFailedAt("EnrollMfa", outcome);
        Leftovers.assertNothingLeftFor(userName);
    }

    @Test
    void aFailureAfterTheAccessKeyExistsRollsItBack() {
        // Without console access, the access key's secret is the first secret written: the key exists by then.
        faults.failAction("CreateSecret", 403, "AccessDeniedException", "injected by the test");
        String userName = Requests.userName("fail-key-secret");

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", false, true));

        assertFailedAt("CreateAccessKey", outcome);
        Leftovers.assertNothingLeftFor(userName);
    }

    @Test
    void aNotificationThatCannotBePublishedNeverUndoesTheWorkingIdentity() {
        faults.failAction("PutEvents", 400, "AccessDeniedException", "injected by the test");
        String userName = Requests.userName("fail-notify");

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));

        assertEquals("SUCCEEDED", outcome.status(), () -> outcome.onboarding().toString());
        assertEquals("FAILED", outcome.result().path("notification").path("status").asText(), outcome.result().toString());
        assertEquals(1, SharedStack.iam().listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().size(), "the key stays");
        assertEquals(1, SharedStack.iam().listGroupsForUser(b -> b.userName(userName)).groups().size(), "the access stays");
        List<HistoryEvent> history = new ExecutionProgress(SharedStack.sfn()).history(outcome.executionArn());
        assertTrue(history.stream().noneMatch(e -> e.stateEnteredEventDetails() != null
                && e.stateEnteredEventDetails().name().equals("Compensate")), "nothing was rolled back");
        // The error line an alarm watches: Embedded Metric Format, NotificationFailures = 1 for this onboarding.
        assertTrue(SharedStack.printed().lines().anyMatch(line -> line.contains("\"NotificationFailures\":1")
                && line.contains("\"correlationId\":\"" + outcome.onboardingId() + "\"") && line.contains("\"level\":\"ERROR\"")),
                "Notify logged the failure with its metric");
    }

    @Test
    void aUserNameTakenByAUserOutsideThePathFailsClearlyRollsBackCleanlyAndRaisesNoAlarm() {
        String userName = Requests.userName("taken-outside");
        SharedStack.iam().createUser(b -> b.userName(userName).path("/"));
        java.time.Instant before = java.time.Instant.now();

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));

        assertFailedAt("CreateUser", outcome);
        assertTrue(outcome.onboarding().path("cause").asText().contains("already taken by a user this system does not manage"),
                outcome.onboarding().toString());
        assertTrue(SharedStack.get().lambdaEndpoint().recorder().matching(r -> r.at().isAfter(before) && "PutEvents".equals(r.action())
                && String.valueOf(r.parameters()).contains("OnboardingRollbackIncomplete")).isEmpty(), "no rollback alarm");
        assertEquals("/", SharedStack.iam().getUser(b -> b.userName(userName)).user().path(), "the other user is untouched");
    }

    private static void assertFailedAt(String step, OnboardingRunner.Outcome outcome) {
        assertEquals("FAILED", outcome.status(), () -> outcome.onboarding().toString());
        assertEquals(step, outcome.failedStep(), () -> outcome.onboarding().toString());
        assertEquals(ExecutionStatus.FAILED, SharedStack.sfn().describeExecution(b -> b.executionArn(outcome.executionArn())).status());
        List<HistoryEvent> history = new ExecutionProgress(SharedStack.sfn()).history(outcome.executionArn());
        assertTrue(history.stream().anyMatch(e -> e.stateEnteredEventDetails() != null
                && e.stateEnteredEventDetails().name().equals("Compensate")), "the compensation ran");
    }
}
