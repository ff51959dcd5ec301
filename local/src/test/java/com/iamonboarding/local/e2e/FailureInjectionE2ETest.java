package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.lambda.FaultInjection;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.support.StrictDeleteConflicts;
import java.util.List;
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
            "CreateAccessKey", "Notify"})
    void aFailingStepEndsTheExecutionFailedAndRollsBack(String step) {
        faults.failFunction(step + "Function", PERMANENT, "injected failure of " + step);
        String userName = Requests.userName("fail-" + step.toLowerCase());

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", true, true));

        assertFailedAt(step, outcome);
        Leftovers.assertNothingLeftFor(userName);
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

    private static void assertFailedAt(String step, OnboardingRunner.Outcome outcome) {
        assertEquals("FAILED", outcome.status(), () -> outcome.onboarding().toString());
        assertEquals(step, outcome.failedStep(), () -> outcome.onboarding().toString());
        assertEquals(ExecutionStatus.FAILED, SharedStack.sfn().describeExecution(b -> b.executionArn(outcome.executionArn())).status());
        List<HistoryEvent> history = new ExecutionProgress(SharedStack.sfn()).history(outcome.executionArn());
        assertTrue(history.stream().anyMatch(e -> e.stateEnteredEventDetails() != null
                && e.stateEnteredEventDetails().name().equals("Compensate")), "the compensation ran");
    }
}
