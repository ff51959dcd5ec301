package com.iamonboarding.compensate;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.secrets.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SSHPublicKeyMetadata;
import software.amazon.awssdk.services.iam.model.ServiceSpecificCredentialMetadata;
import software.amazon.awssdk.services.iam.model.SigningCertificate;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Removes an IAM user and everything hanging off it, in the order IAM requires before DeleteUser
 * (login profile, access keys, signing certificates, SSH keys, service-specific credentials, MFA
 * devices deactivated then deleted, inline policies, attached policies, group memberships), then the
 * user's secrets and QR code. Every call tolerates "already gone", so running it again after a
 * partial run finishes the job. Onboarding's compensation and offboarding share this service.
 *
 * <p>The account alias is never touched: other users sign in through it.
 */
public class DeprovisioningService {

    static final int SECRET_RECOVERY_WINDOW_DAYS = 7;
    static final List<String> SECRET_KINDS = List.of("console-password", "access-key");

    private final IamClient iam;
    private final SecretsManagerClient secretsManager;
    private final SecretStore secrets;
    private final S3Client s3;
    private final String qrBucket;

    public DeprovisioningService(IamClient iam, SecretsManagerClient secretsManager, S3Client s3, String qrBucket) {
        this.iam = iam;
        this.secretsManager = secretsManager;
        this.secrets = new SecretStore(secretsManager, null);
        this.s3 = s3;
        this.qrBucket = qrBucket;
    }

    /**
     * Undoes one onboarding: only a user, secrets and QR code that carry this onboarding's id are
     * removed. A user of the same name that the onboarding did not create (for instance the one that
     * made CreateUser fail) is left exactly as it was.
     */
    public DeprovisioningReport removeOnboarding(String onboardingId, String userName) {
        DeprovisioningReport report = new DeprovisioningReport();
        Optional<User> user = attempt(report, "look up user " + userName, () -> findUser(userName)).flatMap(u -> u);
        if (!report.complete()) {
            return report;
        }
        if (user.isPresent() && onboardingId.equals(userTag(userName, OnboardingTags.ONBOARDING_ID, report))) {
            removeUnassignedMfaDevice(userName, report);
            removeUser(userName, report);
        }
        for (String kind : SECRET_KINDS) {
            removeSecretIfOwned(SecretStore.secretName(userName, kind), onboardingId, report);
        }
        String qrKey = "mfa/" + userName + "/" + onboardingId + ".png";
        removeIfPresent(report, "QR code s3://" + qrBucket + "/" + qrKey,
                () -> s3.deleteObject(b -> b.bucket(qrBucket).key(qrKey)));
        return report;
    }

    /** Removes the user and everything attached to it, whoever created it. */
    public void removeUser(String userName, DeprovisioningReport report) {
        removeIfPresent(report, "login profile of " + userName,
                () -> iam.deleteLoginProfile(b -> b.userName(userName)));
        for (AccessKeyMetadata key : list(report, "access keys", () -> iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata())) {
            removeIfPresent(report, "access key " + key.accessKeyId(),
                    () -> iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(key.accessKeyId())));
        }
        for (SigningCertificate cert : list(report, "signing certificates", () -> iam.listSigningCertificates(b -> b.userName(userName)).certificates())) {
            removeIfPresent(report, "signing certificate " + cert.certificateId(),
                    () -> iam.deleteSigningCertificate(b -> b.userName(userName).certificateId(cert.certificateId())));
        }
        for (SSHPublicKeyMetadata key : list(report, "SSH public keys", () -> iam.listSSHPublicKeys(b -> b.userName(userName)).sshPublicKeys())) {
            removeIfPresent(report, "SSH public key " + key.sshPublicKeyId(),
                    () -> iam.deleteSSHPublicKey(b -> b.userName(userName).sshPublicKeyId(key.sshPublicKeyId())));
        }
        for (ServiceSpecificCredentialMetadata cred : list(report, "service-specific credentials",
                () -> iam.listServiceSpecificCredentials(b -> b.userName(userName)).serviceSpecificCredentials())) {
            removeIfPresent(report, "service-specific credential " + cred.serviceSpecificCredentialId(),
                    () -> iam.deleteServiceSpecificCredential(b -> b.userName(userName)
                            .serviceSpecificCredentialId(cred.serviceSpecificCredentialId())));
        }
        for (MFADevice device : list(report, "MFA devices", () -> iam.listMFADevices(b -> b.userName(userName)).mfaDevices())) {
            removeIfPresent(report, "MFA device assignment " + device.serialNumber(),
                    () -> iam.deactivateMFADevice(b -> b.userName(userName).serialNumber(device.serialNumber())));
            if (device.serialNumber().contains(":mfa/")) {
                removeIfPresent(report, "virtual MFA device " + device.serialNumber(),
                        () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serialNumber())));
            }
        }
        for (String policy : list(report, "inline policies", () -> iam.listUserPolicies(b -> b.userName(userName)).policyNames())) {
            removeIfPresent(report, "inline policy " + policy,
                    () -> iam.deleteUserPolicy(b -> b.userName(userName).policyName(policy)));
        }
        for (AttachedPolicy policy : list(report, "attached policies", () -> iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies())) {
            removeIfPresent(report, "policy attachment " + policy.policyArn(),
                    () -> iam.detachUserPolicy(b -> b.userName(userName).policyArn(policy.policyArn())));
        }
        for (Group group : list(report, "groups", () -> iam.listGroupsForUser(b -> b.userName(userName)).groups())) {
            removeIfPresent(report, "membership of group " + group.groupName(),
                    () -> iam.removeUserFromGroup(b -> b.userName(userName).groupName(group.groupName())));
        }
        if (report.complete()) {
            removeIfPresent(report, "IAM user " + userName, () -> iam.deleteUser(b -> b.userName(userName)));
        } else {
            report.remaining.add("IAM user " + userName + " (not deleted: something above remains)");
        }
    }

    /** A virtual MFA device created but never enabled is not listed under the user; find it by its name. */
    private void removeUnassignedMfaDevice(String userName, DeprovisioningReport report) {
        List<VirtualMFADevice> unassigned = list(report, "unassigned virtual MFA devices",
                () -> iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED)).virtualMFADevices());
        for (VirtualMFADevice device : unassigned) {
            if (device.serialNumber().endsWith(":mfa/" + userName)) {
                removeIfPresent(report, "virtual MFA device " + device.serialNumber(),
                        () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serialNumber())));
            }
        }
    }

    private void removeSecretIfOwned(String name, String onboardingId, DeprovisioningReport report) {
        Optional<DescribeSecretResponse> secret = attempt(report, "describe secret " + name, () -> secrets.describe(name))
                .flatMap(s -> s);
        if (secret.isEmpty() || secret.get().deletedDate() != null) {
            return;
        }
        if (!onboardingId.equals(SecretStore.tag(secret.get(), OnboardingTags.ONBOARDING_ID).orElse(null))) {
            return;
        }
        // Scheduled, not forced: the window lets an operator recover a credential deleted by mistake, and a
        // later onboarding of the same user name restores and overwrites the secret (see SecretStore).
        removeIfPresent(report, "secret " + name, () -> secretsManager.deleteSecret(b -> b.secretId(name)
                .recoveryWindowInDays((long) SECRET_RECOVERY_WINDOW_DAYS)));
    }

    private Optional<User> findUser(String userName) {
        try {
            return Optional.of(iam.getUser(b -> b.userName(userName)).user());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private String userTag(String userName, String key, DeprovisioningReport report) {
        return attempt(report, "read tags of " + userName, () -> iam.listUserTags(b -> b.userName(userName)).tags())
                .flatMap(tags -> tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst())
                .orElse(null);
    }

    private <T> List<T> list(DeprovisioningReport report, String what, Supplier<List<T>> call) {
        return attempt(report, "list " + what, call).orElse(List.of());
    }

    private void removeIfPresent(DeprovisioningReport report, String what, Runnable call) {
        try {
            call.run();
            report.removed.add(what);
        } catch (NoSuchEntityException | ResourceNotFoundException alreadyGone) {
            // Removed by an earlier run: nothing to do.
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

    private static void record(DeprovisioningReport report, String what, SdkException e) {
        RuntimeException classified = AwsErrors.classify(what, e);
        if (classified instanceof RetryableStepException) {
            report.retryable = true;
        }
        report.remaining.add(classified.getMessage());
    }
}
