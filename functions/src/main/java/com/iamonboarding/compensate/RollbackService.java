package com.iamonboarding.compensate;

import com.iamonboarding.deprovisioning.UserInventoryReader;
import com.iamonboarding.deprovisioning.UserInventory;
import com.iamonboarding.deprovisioning.DeprovisioningReport;
import com.iamonboarding.deprovisioning.DeprovisioningPlanner;
import com.iamonboarding.deprovisioning.DeprovisioningExecutor;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.user.ManagedUsers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Removes an IAM user and everything hanging off it, in the order IAM requires before DeleteUser
 * (login profile, access keys, signing certificates, SSH keys, service-specific credentials, MFA
 * devices deactivated then deleted, inline policies, attached policies, group memberships), then the
 * user's secrets and QR code. Every call tolerates "already gone", so running it again after a
 * partial run finishes the job.
 *
 * <p>The reading ({@link UserInventoryReader}), the order ({@link DeprovisioningPlanner}) and the
 * calls ({@link DeprovisioningExecutor}) are shared with the offboarding workflow; this class adds
 * what only a rollback does: it touches only what carries the onboarding's id, and it keeps going
 * past failures so that its report lists everything that remains.
 *
 * <p>The account alias is never touched: other users sign in through it.
 */
public class RollbackService {

    static final int SECRET_RECOVERY_WINDOW_DAYS = 7;
    static final List<String> SECRET_KINDS = UserInventoryReader.SECRET_KINDS;

    private final IamClient iam;
    private final SecretLookup secrets;
    private final UserInventoryReader reader;
    private final DeprovisioningExecutor executor;
    private final String qrBucket;
    private final String userPath;

    public RollbackService(IamClient iam, SecretsManagerClient secretsManager, S3Client s3, String qrBucket, String userPath) {
        this.iam = iam;
        this.userPath = userPath;
        this.secrets = new SecretLookup(secretsManager);
        this.reader = new UserInventoryReader(iam, secretsManager, s3, qrBucket);
        this.executor = new DeprovisioningExecutor(iam, secretsManager, s3, qrBucket, SECRET_RECOVERY_WINDOW_DAYS);
        this.qrBucket = qrBucket;
    }

    /**
     * Undoes one onboarding: only a user, secrets and QR code that carry this onboarding's id are
     * removed, and the user only if it is managed (under UserPath, tagged ManagedBy). A user of the
     * same name that the onboarding did not create (for instance the one that made CreateUser fail)
     * is left exactly as it was, and is no reason to report the rollback incomplete.
     */
    public DeprovisioningReport removeOnboarding(String onboardingId, String userName) {
        DeprovisioningReport report = new DeprovisioningReport();
        Optional<User> user = attempt(report, "look up user " + userName, () -> findUser(userName)).flatMap(u -> u);
        if (!report.complete()) {
            return report;
        }
        Map<String, String> tags = user.isPresent() ? userTags(userName, report) : Map.of();
        if (user.isPresent() && ManagedUsers.isManaged(user.get().path(), tags, userPath)
                && onboardingId.equals(tags.get(OnboardingTags.ONBOARDING_ID))) {
            removeUnassignedMfaDevice(userName, report);
            removeUser(userName, report);
        }
        for (String kind : SECRET_KINDS) {
            removeSecretIfOwned(userName, SecretStore.secretName(userName, kind), onboardingId, report);
        }
        remove(report, userName, DeprovisioningAction.of(DeprovisioningAction.DELETE_QR_CODE,
                UserInventoryReader.qrCodePrefix(userName) + onboardingId + ".png"));
        return report;
    }

    /** Removes the user and everything attached to it, whoever created it; the user only if nothing above remains. */
    public void removeUser(String userName, DeprovisioningReport report) {
        UserInventory inventory = reader.credentials(userName, false, (what, e) -> record(report, what, e));
        for (DeprovisioningAction action : DeprovisioningPlanner.removeIdentity(inventory)) {
            if (DeprovisioningAction.DELETE_USER.equals(action.action()) && !report.complete()) {
                report.remaining.add("IAM user " + userName + " (not deleted: something above remains)");
                continue;
            }
            remove(report, userName, action);
        }
    }

    /** A virtual MFA device created but never enabled is not listed under the user; find it by its name. */
    private void removeUnassignedMfaDevice(String userName, DeprovisioningReport report) {
        for (String serial : reader.unassignedVirtualMfaDevices(userName, Set.of(), (what, e) -> record(report, what, e))) {
            remove(report, userName, DeprovisioningAction.of(DeprovisioningAction.DELETE_VIRTUAL_MFA_DEVICE, serial));
        }
    }

    private void removeSecretIfOwned(String userName, String name, String onboardingId, DeprovisioningReport report) {
        Optional<DescribeSecretResponse> secret = attempt(report, "describe secret " + name, () -> secrets.describe(name))
                .flatMap(s -> s);
        if (secret.isEmpty() || secret.get().deletedDate() != null) {
            return;
        }
        if (!onboardingId.equals(SecretLookup.tag(secret.get(), OnboardingTags.ONBOARDING_ID).orElse(null))) {
            return;
        }
        remove(report, userName, DeprovisioningAction.of(DeprovisioningAction.DELETE_SECRET, name));
    }

    /**
     * The user, or empty when there is none this rollback could have created: the role reads only
     * users under UserPath, so AccessDenied means a user outside it, which no onboarding made.
     */
    private Optional<User> findUser(String userName) {
        try {
            return Optional.of(iam.getUser(b -> b.userName(userName)).user());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (AwsErrors.isAccessDenied(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isDeleteConflict(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "DeleteConflict".equals(service.awsErrorDetails().errorCode());
    }

    private Map<String, String> userTags(String userName, DeprovisioningReport report) {
        Map<String, String> tags = new LinkedHashMap<>();
        attempt(report, "read tags of " + userName, () -> iam.listUserTags(b -> b.userName(userName)).tags())
                .ifPresent(list -> list.forEach(t -> tags.put(t.key(), t.value())));
        return tags;
    }

    /** Performs one action; "already gone" is not reported, a failure is recorded as remaining. */
    private void remove(DeprovisioningReport report, String userName, DeprovisioningAction action) {
        String what = action.describe(qrBucket);
        try {
            if (executor.perform(userName, action)) {
                report.removed.add(what);
            }
        } catch (SdkException e) {
            record(report, what, e);
        }
    }

    private <T> Optional<T> attempt(DeprovisioningReport report, String what, Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (NoSuchEntityException alreadyGone) {
            return Optional.empty();
        } catch (SdkException e) {
            record(report, what, e);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (e instanceof RetryableStepException) {
                report.retryable = true;
            }
            report.remaining.add(what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A failed call is what remains. DeleteConflict counts as retryable here: right after
     * DeactivateMFADevice, or while an earlier delete propagates, IAM can still see what the rollback
     * just removed, and a later attempt succeeds.
     */
    private static void record(DeprovisioningReport report, String what, SdkException e) {
        RuntimeException classified = AwsErrors.classify(what, e);
        if (classified instanceof RetryableStepException || isDeleteConflict(e)) {
            report.retryable = true;
        }
        report.remaining.add(classified.getMessage());
    }
}
