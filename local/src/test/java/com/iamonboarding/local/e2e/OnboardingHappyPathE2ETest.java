package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.mfa.OtpAuthUri;
import com.iamonboarding.mfa.Totp;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The whole workflow on the local stack, with the real ASL and handlers, read back from the
 * emulator afterwards. moto does not check boundaries, MFA codes, the QR image or the password
 * policy, so those are checked here from the recorded requests, the stored PNG and the stored secret.
 */
class OnboardingHappyPathE2ETest {

    /** Stricter than AWS's default, so that a generator ignoring the account policy is caught. */
    private static final int MINIMUM_PASSWORD_LENGTH = 24;
    private static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static IamClient iam;

    @BeforeAll
    static void strictPasswordPolicy() {
        iam = SharedStack.iam();
        iam.updateAccountPasswordPolicy(b -> b.minimumPasswordLength(MINIMUM_PASSWORD_LENGTH).requireSymbols(true)
                .requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true));
    }

    @AfterAll
    static void defaultPasswordPolicy() {
        iam.deleteAccountPasswordPolicy();
    }

    static Stream<String> profiles() {
        return profileConfiguration().names().stream();
    }

    private static AccessProfiles profileConfiguration() {
        Map<String, String> env = SharedStack.get().functions().registry().find("AssignAccessFunction").orElseThrow().environment();
        return AccessProfiles.load(new FunctionEnvironment(env));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eachDefaultProfileGetsTheWholeIdentity(String profileName) throws Exception {
        AccessProfile profile = profileConfiguration().find(profileName).orElseThrow();
        String userName = Requests.userName(profileName);

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, profileName, true, true));

        assertEquals("SUCCEEDED", outcome.status(), () -> outcome.onboarding().toString());
        JsonNode result = outcome.result();
        String onboardingId = outcome.onboardingId();

        User user = iam.getUser(b -> b.userName(userName)).user();
        assertEquals("/onboarded/", user.path());
        assertEquals(user.arn(), result.path("userArn").asText());
        Map<String, String> tags = iam.listUserTags(b -> b.userName(userName)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(onboardingId, tags.get("OnboardingId"));
        assertEquals("iam-onboarding", tags.get("ManagedBy"));
        assertEquals("E" + Math.abs(userName.hashCode()), tags.get("EmployeeId"));
        assertEquals("CC-E2E", tags.get("CostCenter"));

        // moto drops the boundary: what CreateUser sent is the evidence. Every hire gets one: the guardrail,
        // unless the profile names a stricter boundary of its own.
        RecordedRequest createUser = recorded("CreateUser", userName);
        String guardrail = "arn:aws:iam::123456789012:policy/iam-onboarding/iam-onboarding-local-hire-guardrail";
        assertEquals(profile.permissionsBoundaryArn == null ? guardrail : profile.permissionsBoundaryArn,
                createUser.parameter("PermissionsBoundary"));
        assertNotNull(iam.getPolicy(b -> b.policyArn(guardrail)).policy(), "the guardrail boundary is the template's own policy");
        assertEquals(profile.permissionsBoundaryArn == null ? guardrail : profile.permissionsBoundaryArn,
                result.path("permissionsBoundaryArn").asText(), "the result names the boundary");
        assertEquals(profileName, tags.get("AccessProfile"));

        iam.getLoginProfile(b -> b.userName(userName));
        assertEquals("true", recorded("CreateLoginProfile", userName).parameter("PasswordResetRequired"));

        Set<String> groups = iam.listGroupsForUser(b -> b.userName(userName)).groups().stream()
                .map(Group::groupName).collect(Collectors.toSet());
        assertEquals(Set.copyOf(profile.groups), groups);
        Set<String> directPolicies = iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).collect(Collectors.toSet());
        assertEquals(Set.copyOf(profile.policyArns), directPolicies);

        List<MFADevice> mfaDevices = iam.listMFADevices(b -> b.userName(userName)).mfaDevices();
        assertEquals(1, mfaDevices.size(), "exactly one MFA device");
        assertNotNull(mfaDevices.get(0).enableDate(), "the MFA device is enabled");
        assertEquals(mfaDevices.get(0).serialNumber(), result.path("mfa").path("serialNumber").asText());

        List<AccessKeyMetadata> keys = iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata();
        assertEquals(1, keys.size(), "exactly one access key");
        assertEquals(StatusType.ACTIVE, keys.get(0).status());
        JsonNode keySecret = secretJson(result.path("accessKey").path("secretArn").asText());
        assertEquals(keys.get(0).accessKeyId(), keySecret.path("AccessKeyId").asText());
        assertEquals(keys.get(0).accessKeyId(), result.path("accessKey").path("accessKeyId").asText());
        assertFalse(keySecret.path("SecretAccessKey").asText().isEmpty());

        assertQrCodeEnrolsTheDeviceThatWasEnabled(userName, result);
        JsonNode passwordSecret = secretJson(result.path("loginProfile").path("secretArn").asText());
        assertPasswordSatisfiesThePolicy(userName, passwordSecret);
        // moto keeps the password but never shows it: what CreateLoginProfile sent is the evidence.
        assertTrue(passwordSecret.path("password").asText().equals(recorded("CreateLoginProfile", userName).parameter("Password")),
                "IAM received the password that was stored");
    }

    @Test
    void withoutConsoleAccessThereIsNoLoginProfileNorPasswordSecret() {
        String userName = Requests.userName("noconsole");

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "developer", false, true));

        assertEquals("SUCCEEDED", outcome.status(), () -> outcome.onboarding().toString());
        assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName(userName)));
        assertThrows(ResourceNotFoundException.class, () -> SharedStack.secrets()
                .describeSecret(b -> b.secretId("iam-onboarding/" + userName + "/console-password")));
        assertTrue(outcome.result().path("loginProfile").isMissingNode());
        assertEquals(1, iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().size());
        assertEquals(1, iam.listMFADevices(b -> b.userName(userName)).mfaDevices().size());
    }

    @Test
    void withoutProgrammaticAccessThereIsNoAccessKeyNorKeySecret() {
        String userName = Requests.userName("nokey");

        OnboardingRunner.Outcome outcome = Onboardings.run(Requests.request(userName, "billing", true, false));

        assertEquals("SUCCEEDED", outcome.status(), () -> outcome.onboarding().toString());
        assertEquals(List.of(), iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata());
        assertThrows(ResourceNotFoundException.class, () -> SharedStack.secrets()
                .describeSecret(b -> b.secretId("iam-onboarding/" + userName + "/access-key")));
        assertTrue(outcome.result().path("accessKey").isMissingNode());
        iam.getLoginProfile(b -> b.userName(userName));
    }

    private static void assertQrCodeEnrolsTheDeviceThatWasEnabled(String userName, JsonNode result) throws Exception {
        String bucket = result.path("mfa").path("qrCodeBucket").asText();
        String key = result.path("mfa").path("qrCodeS3Key").asText();
        assertEquals(Leftovers.qrBucket(), bucket);
        assertTrue(key.startsWith("mfa/" + userName + "/") && key.endsWith(".png"), key);
        HeadObjectResponse head = SharedStack.s3().headObject(b -> b.bucket(bucket).key(key));
        assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
        byte[] png = SharedStack.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        assertArrayEquals(PNG_SIGNATURE, java.util.Arrays.copyOf(png, PNG_SIGNATURE.length));

        String text = QrCodes.decode(png, "s3://" + bucket + "/" + key);
        assertTrue(text.startsWith("otpauth://totp/"), "an otpauth URI");
        OtpAuthUri uri = OtpAuthUri.parse(text);
        assertEquals("Amazon Web Services", uri.issuer());
        assertEquals(userName, uri.userName());
        assertEquals(result.path("accountAlias").asText(), uri.alias());

        // moto accepts any six characters as MFA codes: check that the two codes sent to
        // EnableMFADevice are consecutive TOTP codes of the seed in the QR code.
        RecordedRequest enable = recorded("EnableMFADevice", userName);
        Totp totp = Totp.fromBase32(uri.secret(), Totp.AWS_DIGITS);
        long around = Totp.counterAt(enable.at());
        boolean consecutive = false;
        for (long counter = around - 2; counter <= around; counter++) {
            consecutive |= totp.code(counter).equals(enable.parameter("AuthenticationCode1"))
                    && totp.code(counter + 1).equals(enable.parameter("AuthenticationCode2"));
        }
        assertTrue(consecutive, "EnableMFADevice got two consecutive codes of the QR code's seed");
        assertEquals(result.path("mfa").path("serialNumber").asText(), enable.parameter("SerialNumber"));
    }

    private static void assertPasswordSatisfiesThePolicy(String userName, JsonNode secret) {
        String password = secret.path("password").asText();
        assertEquals(userName, secret.path("userName").asText());
        assertTrue(password.length() >= MINIMUM_PASSWORD_LENGTH, "minimum length");
        assertTrue(password.chars().anyMatch(Character::isUpperCase), "an uppercase letter");
        assertTrue(password.chars().anyMatch(Character::isLowerCase), "a lowercase letter");
        assertTrue(password.chars().anyMatch(Character::isDigit), "a digit");
        assertTrue(password.chars().anyMatch(c -> SYMBOLS.indexOf(c) >= 0), "a symbol");
        assertTrue(password.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || SYMBOLS.indexOf(c) >= 0),
                "only characters IAM accepts");
        assertFalse(password.contains(userName), "not the user name");
    }

    private static JsonNode secretJson(String secretArn) throws Exception {
        return Json.MAPPER.readTree(SharedStack.secrets().getSecretValue(b -> b.secretId(secretArn)).secretString());
    }

    private static RecordedRequest recorded(String action, String userName) {
        List<RecordedRequest> matching = SharedStack.get().lambdaEndpoint().recorder()
                .matching(r -> action.equals(r.action()) && userName.equals(r.parameter("UserName")));
        assertFalse(matching.isEmpty(), action + " for " + userName + " was sent");
        return matching.get(matching.size() - 1);
    }
}
