package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.faults.EndStates;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.support.StrictDeleteConflicts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * A secret that an earlier rollback scheduled for deletion does not block a new onboarding of the
 * same user name: the first onboarding fails for good at CreateAccessKey (AccessDenied, for this user
 * only), so its rollback schedules the console-password secret for deletion; the second one, with a
 * new Idempotency-Key, succeeds, restores that secret (the README's choice: restore and overwrite,
 * never force-delete) and claims it with its own OnboardingId, and leaves exactly one clean run.
 * IAM's DeleteConflict rules are on (strict mode), as for every rollback test.
 */
@ExtendWith(StrictDeleteConflicts.class)
class OnboardingAfterRollbackE2ETest {

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final String PROFILE = "developer";

    @Test
    void aSecretScheduledForDeletionByARollbackDoesNotBlockANewOnboardingOfTheSameUser() {
        String userName = Requests.userName("again");
        ObjectNode request = Requests.request(userName, PROFILE, true, true);
        String passwordSecret = "iam-onboarding/" + userName + "/console-password";
        ApiTranscript api = new ApiTranscript();

        FaultRule denied = FAULTS.inject("CreateAccessKey", userName, FaultRule.ALWAYS, Fault.error(403, "AccessDenied", null));
        OnboardingRunner.Outcome failed;
        try {
            failed = api.run(request, Map.of("Idempotency-Key", "first-" + userName), Onboardings.TIMEOUT);
        } finally {
            FAULTS.remove(denied);
        }
        assertTrue(denied.hits() >= 1, "CreateAccessKey met the fault");
        assertEquals("FAILED", failed.status(), () -> failed.onboarding().toString());
        assertEquals("CreateAccessKey", failed.failedStep(), () -> failed.onboarding().toString());
        EndStates.assertNothingLeftOf(failed.onboardingId(), userName);
        DescribeSecretResponse scheduled = SharedStack.secrets().describeSecret(b -> b.secretId(passwordSecret));
        assertNotNull(scheduled.deletedDate(), "the rollback scheduled " + passwordSecret + " for deletion");
        assertEquals(List.of(failed.onboardingId()), onboardingIds(scheduled));

        // AWS answers CreateSecret on a name scheduled for deletion with InvalidRequestException, moto 5.2.1
        // with ResourceExistsException; SecretStore goes by the secret's state (DeletedDate), so both restore it.
        OnboardingRunner.Outcome second = api.run(request, Map.of("Idempotency-Key", "second-" + userName), Onboardings.TIMEOUT);

        assertNotEquals(failed.onboardingId(), second.onboardingId());
        EndStates.assertExactlyOneCleanRun(userName, PROFILE, true, true, second);
        DescribeSecretResponse restored = SharedStack.secrets().describeSecret(b -> b.secretId(passwordSecret));
        assertNull(restored.deletedDate(), passwordSecret + " is live again");
        assertEquals(List.of(second.onboardingId()), onboardingIds(restored), "the secret carries only the new onboarding's id");
        assertEquals(scheduled.arn(), restored.arn(), "the secret was restored, not deleted and made anew");
        assertEquals(second.result().path("loginProfile").path("secretArn").asText(), restored.arn());
        assertNotEquals(currentVersion(scheduled), currentVersion(restored), "the new onboarding's password is the current value");
    }

    private static String currentVersion(DescribeSecretResponse secret) {
        return secret.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no AWSCURRENT version: " + secret.arn()));
    }

    private static List<String> onboardingIds(DescribeSecretResponse secret) {
        return secret.tags().stream().filter(t -> t.key().equals("OnboardingId")).map(Tag::value).toList();
    }
}
