package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Secrets Manager calls, against the Service Authorization Reference for Secrets Manager (resource
 * type {@code Secret}: {@code arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}},
 * where a secret's id is its name, a hyphen and six random characters) and the Secrets Manager
 * User Guide's "How Secrets Manager uses AWS KMS" (encryption context {@code SecretARN}).
 */
class SecretsManagerRequestsTest extends MappingTestSupport {

    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/ob-1/access-key-AbCdEf";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, List<String>> OF_THE_SECRET = Map.of(
            "aws:ResourceTag/ManagedBy", List.of("iam-onboarding"),
            "secretsmanager:ResourceTag/ManagedBy", List.of("iam-onboarding"),
            "secretsmanager:SecretId", List.of(SECRET));

    @Test
    void createSecretWithAKeyTagsAndAValueIsCreateTagResourceAndGenerateDataKeyViaSecretsManager() {
        List<Authorization> authorizations = map(SampleCalls.CREATE_SECRET);

        assertEquals(3, authorizations.size(), authorizations::toString);
        String secret = authorizations.get(0).resource();
        assertTrue(secret.matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/ob-1/console-password-[A-Za-z0-9]{6}"),
                secret);
        assertAuthorization("secretsmanager:CreateSecret", secret, authorizations.get(0));
        assertContext(Map.of(
                "secretsmanager:Name", List.of("iam-onboarding/ob-1/console-password"),
                "secretsmanager:Description", List.of("console password"),
                "secretsmanager:KmsKeyId", List.of("alias/iam-onboarding"),
                "secretsmanager:KmsKeyArn", List.of(KEY),
                "aws:RequestTag/ManagedBy", List.of("iam-onboarding"),
                "aws:TagKeys", List.of("ManagedBy")), authorizations.get(0));
        assertAuthorization("secretsmanager:TagResource", secret, authorizations.get(1));
        assertContext(Map.of(
                "aws:RequestTag/ManagedBy", List.of("iam-onboarding"),
                "aws:TagKeys", List.of("ManagedBy")), authorizations.get(1));
        assertAuthorization("kms:GenerateDataKey", KEY, authorizations.get(2));
        assertContext(kmsViaSecretsManager(secret), authorizations.get(2));
    }

    @Test
    void putSecretValueIsAlsoGenerateDataKeyWithTheSecretsKey() {
        List<Authorization> authorizations = map(SampleCalls.PUT_SECRET_VALUE);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("secretsmanager:PutSecretValue", SECRET, authorizations.get(0));
        assertContext(OF_THE_SECRET, authorizations.get(0));
        assertAuthorization("kms:GenerateDataKey", KEY, authorizations.get(1));
        assertContext(kmsViaSecretsManager(SECRET), authorizations.get(1));
    }

    @Test
    void describeSecretIsOnTheSecretWithItsTags() {
        assertMapsTo(SampleCalls.DESCRIBE_SECRET, "secretsmanager:DescribeSecret", SECRET, OF_THE_SECRET);
    }

    @Test
    void restoreSecretIsOnTheSecretWithItsTags() {
        assertMapsTo(SampleCalls.RESTORE_SECRET, "secretsmanager:RestoreSecret", SECRET, OF_THE_SECRET);
    }

    @Test
    void readingAndRemovingTheSecretsPolicyAreOnTheSecretWithItsTags() {
        assertMapsTo(SampleCalls.GET_RESOURCE_POLICY, "secretsmanager:GetResourcePolicy", SECRET, OF_THE_SECRET);
        assertMapsTo(SampleCalls.DELETE_RESOURCE_POLICY, "secretsmanager:DeleteResourcePolicy", SECRET, OF_THE_SECRET);
    }

    @Test
    void listSecretsHasNoResource() {
        assertMapsTo(SampleCalls.LIST_SECRETS, "secretsmanager:ListSecrets", "*", Map.of());
    }

    @Test
    void tagResourceCarriesTheNewTags() {
        assertMapsTo(SampleCalls.TAG_RESOURCE, "secretsmanager:TagResource", SECRET, plus(OF_THE_SECRET, Map.of(
                "aws:RequestTag/OnboardingId", List.of("ob-1"), "aws:TagKeys", List.of("OnboardingId"))));
    }

    @Test
    void putResourcePolicyCarriesBlockPublicPolicy() {
        assertMapsTo(SampleCalls.PUT_RESOURCE_POLICY, "secretsmanager:PutResourcePolicy", SECRET,
                plus(OF_THE_SECRET, Map.of("secretsmanager:BlockPublicPolicy", List.of("true"))));
    }

    @Test
    void deleteSecretCarriesTheRecoveryWindow() {
        assertMapsTo(SampleCalls.DELETE_SECRET, "secretsmanager:DeleteSecret", SECRET,
                plus(OF_THE_SECRET, Map.of("secretsmanager:RecoveryWindowInDays", List.of("7"))));
    }

    @Test
    void getSecretValueIsAlsoDecryptWithTheSecretsKey() {
        List<Authorization> authorizations = map(SampleCalls.GET_SECRET_VALUE);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("secretsmanager:GetSecretValue", SECRET, authorizations.get(0));
        assertContext(plus(OF_THE_SECRET, Map.of("secretsmanager:VersionStage", List.of("AWSCURRENT"))), authorizations.get(0));
        assertAuthorization("kms:Decrypt", KEY, authorizations.get(1));
        assertContext(kmsViaSecretsManager(SECRET), authorizations.get(1));
    }

    @Test
    void aSecretUnderTheAwsManagedKeyNeedsNoKmsPermission() {
        facts.secrets.put(SampleCalls.SECRET_NAME, new ResourceFacts.SecretFacts(SECRET, Map.of(), Optional.empty()));

        assertEquals(List.of("secretsmanager:GetSecretValue on " + SECRET),
                map(SampleCalls.GET_SECRET_VALUE).stream().map(Authorization::toString).toList());
    }

    @Test
    void aSecretTheEmulatorDoesNotHaveIsOnTheArnItsNameWouldHave() {
        facts.secrets.clear();

        Authorization authorization = single(SampleCalls.DESCRIBE_SECRET);

        assertTrue(authorization.resource().matches(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/ob-1/access-key-[A-Za-z0-9]{6}"),
                authorization::toString);
        assertContext(Map.of("secretsmanager:SecretId", List.of(authorization.resource())), authorization);
    }

    private static Map<String, List<String>> kmsViaSecretsManager(String secret) {
        return Map.of(
                "kms:ViaService", List.of("secretsmanager.us-east-1.amazonaws.com"),
                "kms:CallerAccount", List.of("123456789012"),
                "kms:EncryptionContext:SecretARN", List.of(secret));
    }
}
