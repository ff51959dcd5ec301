package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.SharedStack;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Asserts that a rolled-back onboarding left nothing behind: no user, MFA device, live secret or QR
 * object of the user ({@link Leftovers}), no live secret anywhere tagged with the onboarding id, and
 * no group that still lists the user. The last one matters on the emulator: moto deletes a user
 * without taking it out of its groups, so a rollback that skipped RemoveUserFromGroup would leave a
 * dangling membership that only strict mode (IAM's DeleteConflict) turns into a failure.
 */
final class NothingLeft {

    private NothingLeft() {
    }

    static void assertNothingLeftOf(String onboardingId, String userName) {
        Leftovers.assertNothingLeftFor(userName);
        List<String> taggedSecrets = SharedStack.secrets().listSecretsPaginator(b -> b.filters(f -> f
                        .key(FilterNameStringType.TAG_VALUE).values(onboardingId)))
                .stream().flatMap(page -> page.secretList().stream()).filter(s -> s.deletedDate() == null).map(SecretListEntry::name).toList();
        assertEquals(List.of(), taggedSecrets, "live secrets tagged with " + onboardingId);
        List<String> memberships = new TreeSet<>(CleanRun.profiles().allGroups()).stream()
                .filter(group -> SharedStack.iam().getGroup(b -> b.groupName(group)).users().stream()
                        .anyMatch(u -> u.userName().equals(userName)))
                .toList();
        assertEquals(List.of(), memberships, "groups that still list " + userName);
    }
}
