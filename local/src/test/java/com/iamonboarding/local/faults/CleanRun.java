package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.mfa.OtpAuthUri;
import com.iamonboarding.mfa.Totp;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Asserts that an onboarding left exactly what one clean run leaves: one user tagged with its id,
 * one login profile (if console access was asked for), the profile's groups and policies, one
 * enabled MFA device whose QR object is the one stored (the codes that enabled it come from the
 * QR's seed), at most one access key and it is the one in its secret, one secret of each kind
 * asked for, one QR object.
 */
final class CleanRun {

    private CleanRun() {
    }

    static AccessProfiles profiles() {
        Map<String, String> env = SharedStack.get().functions().registry().find("AssignAccessFunction").orElseThrow().environment();
        return AccessProfiles.load(new FunctionEnvironment(env));
    }

    static void assertExactlyOneCleanRun(String userName, String profileName, boolean console, boolean programmatic,
                                         OnboardingRunner.Outcome outcome) {
        assertEquals("SUCCEEDED", outcome.status(), () -> "the onboarding completes: " + outcome.onboarding());
        String onboardingId = outcome.onboardingId();
        JsonNode result = outcome.result();
        IamClient iam = SharedStack.iam();

        assertTrue(iam.listUserTags(b -> b.userName(userName)).tags().stream()
                .anyMatch(t -> t.key().equals("OnboardingId") && t.value().equals(onboardingId)), "the user carries the onboarding id");
        if (console) {
            iam.getLoginProfile(b -> b.userName(userName));
        } else {
            assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName(userName)));
        }

        AccessProfile profile = profiles().find(profileName).orElseThrow();
        assertEquals(Set.copyOf(profile.groups), iam.listGroupsForUser(b -> b.userName(userName)).groups().stream()
                .map(g -> g.groupName()).collect(Collectors.toSet()), "groups");
        assertEquals(Set.copyOf(profile.policyArns), iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies()
                .stream().map(p -> p.policyArn()).collect(Collectors.toSet()), "directly attached policies");

        List<MFADevice> assigned = iam.listMFADevices(b -> b.userName(userName)).mfaDevices();
        assertEquals(1, assigned.size(), "one MFA device assigned: " + assigned);
        List<VirtualMFADevice> devices = iam.listVirtualMFADevicesPaginator(b -> { }).virtualMFADevices().stream()
                .filter(d -> d.serialNumber().endsWith(":mfa/" + userName)).toList();
        assertEquals(1, devices.size(), "one virtual MFA device named after the user");
        assertNotNull(devices.get(0).enableDate(), "the device is enabled");
        assertEquals(assigned.get(0).serialNumber(), result.path("mfa").path("serialNumber").asText());

        String bucket = Leftovers.qrBucket();
        List<String> qrKeys = SharedStack.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("mfa/" + userName + "/"))
                .contents().stream().map(S3Object::key).toList();
        assertEquals(List.of(result.path("mfa").path("qrCodeS3Key").asText()), qrKeys, "one QR object, the one reported");
        assertQrCodeIsTheEnabledDevicesSeed(userName, bucket, qrKeys.get(0));

        List<AccessKeyMetadata> keys = iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata();
        String keySecret = "iam-onboarding/" + userName + "/access-key";
        if (programmatic) {
            assertEquals(1, keys.size(), "one access key: " + keys.stream().map(AccessKeyMetadata::accessKeyId).toList());
            String stored = secretJson(keySecret).path("AccessKeyId").asText();
            assertEquals(keys.get(0).accessKeyId(), stored, "the key is the one in its secret");
            assertEquals(stored, result.path("accessKey").path("accessKeyId").asText());
        } else {
            assertEquals(List.of(), keys);
        }
        assertSecret(keySecret, programmatic, onboardingId);
        assertSecret("iam-onboarding/" + userName + "/console-password", console, onboardingId);
    }

    /**
     * moto accepts any codes: that the device was enabled with two consecutive codes of the QR's
     * seed is proven from the last EnableMFADevice request for the user (the one that took effect;
     * no attempt enables again once a device is enabled).
     */
    private static void assertQrCodeIsTheEnabledDevicesSeed(String userName, String bucket, String key) {
        byte[] png = SharedStack.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        OtpAuthUri uri = OtpAuthUri.parse(QrCodes.decode(png, "s3://" + bucket + "/" + key));
        List<RecordedRequest> enables = SharedStack.get().lambdaEndpoint().recorder()
                .matching(r -> "EnableMFADevice".equals(r.action()) && userName.equals(r.parameter("UserName")));
        assertFalse(enables.isEmpty(), "EnableMFADevice was sent for " + userName);
        RecordedRequest enable = enables.get(enables.size() - 1);
        Totp totp = Totp.fromBase32(uri.secret(), Totp.AWS_DIGITS);
        long around = Totp.counterAt(enable.at());
        boolean consecutive = false;
        for (long counter = around - 2; counter <= around; counter++) {
            consecutive |= totp.code(counter).equals(enable.parameter("AuthenticationCode1"))
                    && totp.code(counter + 1).equals(enable.parameter("AuthenticationCode2"));
        }
        assertTrue(consecutive, "the enabled device's codes come from the seed in the stored QR code");
    }

    private static void assertSecret(String name, boolean expected, String onboardingId) {
        DescribeSecretResponse secret;
        try {
            secret = SharedStack.secrets().describeSecret(b -> b.secretId(name));
        } catch (ResourceNotFoundException none) {
            assertFalse(expected, name + " exists");
            return;
        }
        if (!expected) {
            assertNotNull(secret.deletedDate(), name + " should not be live");
            return;
        }
        assertNull(secret.deletedDate(), name + " is live");
        assertTrue(secret.tags().stream().anyMatch(t -> t.key().equals("OnboardingId") && t.value().equals(onboardingId)),
                name + " carries the onboarding id");
    }

    private static JsonNode secretJson(String name) {
        try {
            return Json.MAPPER.readTree(SharedStack.secrets().getSecretValue(b -> b.secretId(name)).secretString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
