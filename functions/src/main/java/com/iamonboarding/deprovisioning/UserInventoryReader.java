package com.iamonboarding.deprovisioning;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.mfa.ProjectMfaDevices;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.SSHPublicKeyMetadata;
import software.amazon.awssdk.services.iam.model.ServiceSpecificCredentialMetadata;
import software.amazon.awssdk.services.iam.model.SigningCertificate;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Reads a user's {@link UserInventory}. A list call that fails either stops the read (offboarding:
 * the step fails and is retried) or is recorded and read as empty (rollback: remove what can be
 * removed, report the rest), as the caller's {@link Failures} decides. NoSuchEntity on a list means
 * the user is gone: nothing to list.
 *
 * <p>Per-user lists are read in one page: IAM's own limits (2 access keys, 2 signing certificates,
 * 5 SSH keys, 8 MFA devices, 10 groups, 20 attached policies) stay far below the default page of 100.
 * The account-wide list of unassigned MFA devices and the QR bucket listing are paged.
 */
public class UserInventoryReader {

    /** What to do with a failed read: {@link #THROW} or record it. */
    @FunctionalInterface
    public interface Failures {
        void failed(String what, SdkException e);
    }

    public static final Failures THROW = (what, e) -> {
        throw AwsErrors.classify(what, e);
    };

    /** The secrets the project may keep for a user: iam-onboarding/<userName>/<kind>. */
    public static final List<String> SECRET_KINDS = List.of("console-password", "access-key");

    private final IamClient iam;
    private final SecretLookup secrets;
    private final S3Client s3;
    private final String qrBucket;

    public UserInventoryReader(IamClient iam, SecretsManagerClient secretsManager, S3Client s3, String qrBucket) {
        this.iam = iam;
        this.secrets = new SecretLookup(secretsManager);
        this.s3 = s3;
        this.qrBucket = qrBucket;
    }

    public static String qrCodePrefix(String userName) {
        return "mfa/" + userName + "/";
    }

    /**
     * The whole inventory, failing on the first error; empty when the user does not exist or is hidden
     * from the caller's role (outside the project's path). With
     * {@code includeLeftovers} it also finds the user's unassigned virtual MFA devices (named after
     * the user, or one of {@code formerMfaDevices}), its live project secrets and its QR codes.
     */
    public Optional<UserInventory> read(String userName, boolean includeLeftovers, Set<String> formerMfaDevices) {
        Optional<User> user = getUser(userName);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : list("list tags of " + userName, () -> iam.listUserTags(b -> b.userName(userName)).tags(), THROW)) {
            tags.put(tag.key(), tag.value());
        }
        UserInventory credentials = credentials(userName, true, THROW);
        return Optional.of(new UserInventory(userName, user.get().arn(), user.get().path(), tags,
                credentials.loginProfile(), credentials.accessKeys(), credentials.signingCertificates(),
                credentials.sshPublicKeys(), credentials.serviceSpecificCredentials(), credentials.mfaDevices(),
                includeLeftovers ? unassignedVirtualMfaDevices(userName, formerMfaDevices, THROW) : List.of(),
                credentials.groups(), credentials.attachedPolicyArns(), credentials.inlinePolicyNames(),
                includeLeftovers ? liveSecrets(userName) : List.of(),
                includeLeftovers ? qrCodeKeys(userName) : List.of()));
    }

    /**
     * What IAM requires gone before DeleteUser. Without {@code probeLoginProfile} the login profile
     * is assumed to exist (deleting a missing one is harmless); user, tags and leftovers stay empty.
     */
    public UserInventory credentials(String userName, boolean probeLoginProfile, Failures failures) {
        boolean loginProfile = !probeLoginProfile || hasLoginProfile(userName, failures);
        List<UserInventory.Credential> keys = new ArrayList<>();
        for (AccessKeyMetadata key : list("list access keys", () -> iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata(), failures)) {
            keys.add(new UserInventory.Credential(key.accessKeyId(), isActive(key.status())));
        }
        List<UserInventory.Credential> certificates = new ArrayList<>();
        for (SigningCertificate cert : list("list signing certificates", () -> iam.listSigningCertificates(b -> b.userName(userName)).certificates(), failures)) {
            certificates.add(new UserInventory.Credential(cert.certificateId(), isActive(cert.status())));
        }
        List<UserInventory.Credential> sshKeys = new ArrayList<>();
        for (SSHPublicKeyMetadata key : list("list SSH public keys", () -> iam.listSSHPublicKeys(b -> b.userName(userName)).sshPublicKeys(), failures)) {
            sshKeys.add(new UserInventory.Credential(key.sshPublicKeyId(), isActive(key.status())));
        }
        List<UserInventory.Credential> serviceCredentials = new ArrayList<>();
        for (ServiceSpecificCredentialMetadata cred : list("list service-specific credentials",
                () -> iam.listServiceSpecificCredentials(b -> b.userName(userName)).serviceSpecificCredentials(), failures)) {
            serviceCredentials.add(new UserInventory.Credential(cred.serviceSpecificCredentialId(), isActive(cred.status())));
        }
        List<String> mfaDevices = list("list MFA devices", () -> iam.listMFADevices(b -> b.userName(userName)).mfaDevices(), failures)
                .stream().map(MFADevice::serialNumber).toList();
        List<String> inline = list("list inline policies", () -> iam.listUserPolicies(b -> b.userName(userName)).policyNames(), failures);
        List<String> attached = list("list attached policies",
                () -> iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies(), failures)
                .stream().map(AttachedPolicy::policyArn).toList();
        List<String> groups = list("list groups", () -> iam.listGroupsForUser(b -> b.userName(userName)).groups(), failures)
                .stream().map(Group::groupName).toList();
        return new UserInventory(userName, null, null, Map.of(), loginProfile, keys, certificates, sshKeys,
                serviceCredentials, mfaDevices, List.of(), groups, attached, inline, List.of(), List.of());
    }

    private Optional<User> getUser(String userName) {
        try {
            return Optional.of(iam.getUser(b -> b.userName(userName)).user());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (SdkException e) {
            if (AwsErrors.isAccessDenied(e)) {
                // The step roles read only users under the path: absent and outside look alike, and
                // neither is a user these roles could change.
                return Optional.empty();
            }
            throw AwsErrors.classify("iam:GetUser " + userName, e);
        }
    }

    private boolean hasLoginProfile(String userName, Failures failures) {
        try {
            iam.getLoginProfile(b -> b.userName(userName));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        } catch (SdkException e) {
            failures.failed("iam:GetLoginProfile " + userName, e);
            return true;
        }
    }

    /**
     * Serial numbers of unassigned virtual devices named after the user (as EnrollMfa names them) or
     * listed in {@code former}, from every page of the account-wide list. A failed page goes to
     * {@code failures} and ends the search.
     */
    public List<String> unassignedVirtualMfaDevices(String userName, Set<String> former, Failures failures) {
        List<String> found = new ArrayList<>();
        String marker = null;
        do {
            String page = marker;
            ListVirtualMfaDevicesResponse response;
            try {
                response = iam.listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED).marker(page));
            } catch (SdkException e) {
                failures.failed("list unassigned virtual MFA devices", e);
                return found;
            }
            for (VirtualMFADevice device : response.virtualMFADevices()) {
                String serial = device.serialNumber();
                if (serial != null && (ProjectMfaDevices.isNamedFor(serial, userName) || former.contains(serial))) {
                    found.add(serial);
                }
            }
            marker = Boolean.TRUE.equals(response.isTruncated()) ? response.marker() : null;
        } while (marker != null);
        return found;
    }

    /** Secrets scheduled for deletion already are not live; secrets not made by this project are not ours to delete. */
    private List<String> liveSecrets(String userName) {
        List<String> live = new ArrayList<>();
        for (String kind : SECRET_KINDS) {
            String name = SecretStore.secretName(userName, kind);
            Optional<DescribeSecretResponse> secret = secrets.describe(name);
            if (secret.isPresent() && secret.get().deletedDate() == null
                    && OnboardingTags.MANAGED_BY_VALUE.equals(SecretLookup.tag(secret.get(), OnboardingTags.MANAGED_BY).orElse(null))) {
                live.add(name);
            }
        }
        return live;
    }

    private List<String> qrCodeKeys(String userName) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListObjectsV2Response response;
            try {
                response = s3.listObjectsV2(b -> b.bucket(qrBucket).prefix(qrCodePrefix(userName)).continuationToken(page));
            } catch (SdkException e) {
                throw AwsErrors.classify("s3:ListBucket " + qrBucket + "/" + qrCodePrefix(userName), e);
            }
            response.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    private static boolean isActive(StatusType status) {
        return status != StatusType.INACTIVE;
    }

    private static <T> List<T> list(String what, Supplier<List<T>> call, Failures failures) {
        try {
            List<T> items = call.get();
            return items == null ? List.of() : items;
        } catch (NoSuchEntityException userGone) {
            return List.of();
        } catch (SdkException e) {
            failures.failed(what, e);
            return List.of();
        }
    }
}
