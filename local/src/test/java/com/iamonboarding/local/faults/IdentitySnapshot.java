package com.iamonboarding.local.faults;

import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.SharedStack;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Everything an onboarding can have made for one user, read from the emulator as comparable facts:
 * the user and its tags, login profile, groups, policies, MFA devices (assigned or not), access
 * keys, the project's secrets (ARN, tags, versions, resource policy: a new value is a new version)
 * and the QR objects (key, ETag). Secret values are not read: a snapshot may end up in a failure
 * message.
 */
record IdentitySnapshot(String userName, Map<String, String> facts) {

    static IdentitySnapshot of(String userName) {
        IamClient iam = SharedStack.iam();
        Map<String, String> facts = new TreeMap<>();
        try {
            User user = iam.getUser(b -> b.userName(userName)).user();
            facts.put("user", user.arn() + " " + user.userId() + " " + user.path() + " " + user.createDate());
        } catch (NoSuchEntityException none) {
            facts.put("user", "none");
            return new IdentitySnapshot(userName, facts);
        }
        facts.put("user tags", sorted(iam.listUserTags(b -> b.userName(userName)).tags().stream()
                .map(t -> t.key() + "=" + t.value()).toList()));
        try {
            facts.put("login profile", String.valueOf(iam.getLoginProfile(b -> b.userName(userName)).loginProfile().createDate()));
        } catch (NoSuchEntityException none) {
            facts.put("login profile", "none");
        }
        facts.put("groups", sorted(iam.listGroupsForUser(b -> b.userName(userName)).groups().stream().map(g -> g.groupName()).toList()));
        facts.put("attached policies", sorted(iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies().stream()
                .map(p -> p.policyArn()).toList()));
        facts.put("inline policies", sorted(iam.listUserPolicies(b -> b.userName(userName)).policyNames()));
        facts.put("MFA devices", sorted(iam.listMFADevices(b -> b.userName(userName)).mfaDevices().stream()
                .map(d -> d.serialNumber() + " enabled " + d.enableDate()).toList()));
        facts.put("virtual MFA devices", sorted(iam.listVirtualMFADevicesPaginator(b -> { }).virtualMFADevices().stream()
                .filter(d -> d.serialNumber().endsWith(":mfa/" + userName))
                .map(d -> d.serialNumber() + " enabled " + d.enableDate()).toList()));
        facts.put("access keys", sorted(iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().stream()
                .map(k -> k.accessKeyId() + " " + k.statusAsString() + " " + k.createDate()).toList()));
        for (String kind : List.of("console-password", "access-key")) {
            facts.put("secret " + kind, secret("iam-onboarding/" + userName + "/" + kind));
        }
        String bucket = Leftovers.qrBucket();
        facts.put("QR objects", sorted(SharedStack.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("mfa/" + userName + "/"))
                .contents().stream().map(o -> o.key() + " " + o.eTag()).toList()));
        return new IdentitySnapshot(userName, facts);
    }

    private static String secret(String name) {
        try {
            DescribeSecretResponse secret = SharedStack.secrets().describeSecret(b -> b.secretId(name));
            String policy = SharedStack.secrets().getResourcePolicy(b -> b.secretId(name)).resourcePolicy();
            return secret.arn() + " deleted " + secret.deletedDate()
                    + " tags " + sorted(secret.tags().stream().map(t -> t.key() + "=" + t.value()).toList())
                    + " versions " + new TreeMap<>(secret.versionIdsToStages())
                    + " policy " + policy;
        } catch (ResourceNotFoundException none) {
            return "none";
        }
    }

    private static String sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
