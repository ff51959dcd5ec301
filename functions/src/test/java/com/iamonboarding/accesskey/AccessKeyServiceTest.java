package com.iamonboarding.accesskey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AccessKeyResult;
import com.iamonboarding.secrets.SecretStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;

/**
 * The service with mocked IAM and Secrets Manager clients under the real {@link SecretStore}.
 * SecretStore calls Secrets Manager through the SDK's consumer-builder overloads, so those are the
 * methods stubbed and captured here. The functions may not read secret values, so no test may see
 * GetSecretValue called: the stored key id is read from the secret's AccessKeyId tag.
 */
@ExtendWith(MockitoExtension.class)
class AccessKeyServiceTest {

    static final String ONBOARDING_ID = "ob-1234";
    static final String USER = "jdoe";
    static final String SECRET_NAME = "iam-onboarding/jdoe/access-key";
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jdoe/access-key-AbCdEf";
    static final String KMS_KEY = "alias/iam-onboarding";
    static final String NEW_KEY_ID = "AKIANEWKEY0000000001";
    static final String NEW_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNEWSECRET1";
    static final String OLD_KEY_ID = "AKIAOLDKEY0000000002";

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;
    @Captor
    ArgumentCaptor<Consumer<CreateSecretRequest.Builder>> createSecret;
    @Captor
    ArgumentCaptor<Consumer<PutSecretValueRequest.Builder>> putSecretValue;
    @Captor
    ArgumentCaptor<Consumer<TagResourceRequest.Builder>> tagResource;
    @Captor
    ArgumentCaptor<DeleteAccessKeyRequest> deleteKey;

    AccessKeyService service;

    @BeforeEach
    void setUp() {
        service = new AccessKeyService(iam, new SecretStore(secretsManager, KMS_KEY));
    }

    @AfterEach
    void secretValuesAreNeverRead() {
        verify(secretsManager, never()).getSecretValue(any(Consumer.class));
        verify(secretsManager, never()).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void createsAKeyAndStoresThePairReturningOnlyTheIdAndTheArn() {
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(NEW_KEY_ID, result.accessKeyId);
        assertEquals(SECRET_ARN, result.secretArn);
        assertEquals(Map.of("accessKeyId", NEW_KEY_ID, "secretArn", SECRET_ARN),
                Json.MAPPER.convertValue(result, Map.class));

        ArgumentCaptor<CreateAccessKeyRequest> create = ArgumentCaptor.forClass(CreateAccessKeyRequest.class);
        verify(iam).createAccessKey(create.capture());
        assertEquals(USER, create.getValue().userName());

        verify(secretsManager).createSecret(createSecret.capture());
        CreateSecretRequest.Builder builder = CreateSecretRequest.builder();
        createSecret.getValue().accept(builder);
        CreateSecretRequest stored = builder.build();
        assertEquals(SECRET_NAME, stored.name());
        assertEquals(KMS_KEY, stored.kmsKeyId());
        assertEquals(Map.of("AccessKeyId", NEW_KEY_ID, "SecretAccessKey", NEW_SECRET), secretJson(stored.secretString()));
        Map<String, String> tags = stored.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(ONBOARDING_ID, tags.get("OnboardingId"));
        assertEquals(NEW_KEY_ID, tags.get("AccessKeyId"));
        verify(iam, never()).deleteAccessKey(any(DeleteAccessKeyRequest.class));
    }

    @Test
    void aStoredSecretNamingOneOfTheUsersKeysIsReturnedWithoutANewKey() {
        userHasKeys(OLD_KEY_ID);
        secretOfThisOnboardingNames(OLD_KEY_ID);

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(OLD_KEY_ID, result.accessKeyId);
        assertEquals(SECRET_ARN, result.secretArn);
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
        verify(iam, never()).deleteAccessKey(any(DeleteAccessKeyRequest.class));
        verify(secretsManager, never()).createSecret(any(Consumer.class));
        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
    }

    @Test
    void aKeyWithoutAStoredSecretIsDeletedBeforeTheNewKeyIsMade() {
        userHasKeys(OLD_KEY_ID);
        noSecretYet();
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(NEW_KEY_ID, result.accessKeyId);
        InOrder order = inOrder(iam, secretsManager);
        order.verify(iam).deleteAccessKey(deleteKey.capture());
        order.verify(iam).createAccessKey(any(CreateAccessKeyRequest.class));
        order.verify(secretsManager).createSecret(any(Consumer.class));
        assertEquals(OLD_KEY_ID, deleteKey.getValue().accessKeyId());
        assertEquals(USER, deleteKey.getValue().userName());
    }

    @Test
    void twoOrphansAtTheKeyLimitAreBothDeletedSoTheRetryDoesNotHitTheLimit() {
        userHasKeys(OLD_KEY_ID, "AKIAOLDKEY0000000003");
        noSecretYet();
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);

        verify(iam, times(2)).deleteAccessKey(deleteKey.capture());
        assertEquals(List.of(OLD_KEY_ID, "AKIAOLDKEY0000000003"),
                deleteKey.getAllValues().stream().map(DeleteAccessKeyRequest::accessKeyId).toList());
    }

    @Test
    void theStoredKeyIsKeptAndAnOrphanNextToItDeleted() {
        userHasKeys(OLD_KEY_ID, NEW_KEY_ID);
        secretOfThisOnboardingNames(OLD_KEY_ID);
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(OLD_KEY_ID, result.accessKeyId);
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
    }

    @Test
    void aStoredSecretNamingAKeyThatNoLongerExistsIsOverwrittenWithANewKey() {
        userHasKeys();
        secretOfThisOnboardingNames(OLD_KEY_ID);
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(ResourceExistsException.builder(), "ResourceExistsException", 400));
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(NEW_KEY_ID, result.accessKeyId);
        assertEquals(SECRET_ARN, result.secretArn);
        InOrder order = inOrder(secretsManager);
        order.verify(secretsManager).putSecretValue(putSecretValue.capture());
        order.verify(secretsManager).tagResource(tagResource.capture());
        PutSecretValueRequest.Builder builder = PutSecretValueRequest.builder();
        putSecretValue.getValue().accept(builder);
        assertEquals(Map.of("AccessKeyId", NEW_KEY_ID, "SecretAccessKey", NEW_SECRET),
                secretJson(builder.build().secretString()));
        TagResourceRequest.Builder tagBuilder = TagResourceRequest.builder();
        tagResource.getValue().accept(tagBuilder);
        TagResourceRequest tagged = tagBuilder.build();
        assertEquals(SECRET_NAME, tagged.secretId());
        assertEquals(Map.of("AccessKeyId", NEW_KEY_ID),
                tagged.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));
    }

    @Test
    void whenTheNewKeyIdCannotBeTaggedTheNewKeyIsDeleted() {
        userHasKeys();
        secretOfThisOnboardingNames(OLD_KEY_ID);
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(ResourceExistsException.builder(), "ResourceExistsException", 400));
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "InternalServiceError", 500));
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));

        assertTrue(e.getMessage().contains("secretsmanager:TagResource"));
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    @Test
    void aSecretOfThisOnboardingWithoutAnAccessKeyIdTagCountsAsNoStoredKey() {
        userHasKeys(OLD_KEY_ID);
        when(secretsManager.describeSecret(any(Consumer.class))).thenReturn(ourSecret());
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(ResourceExistsException.builder(), "ResourceExistsException", 400));
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(OLD_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    @Test
    void aSecretScheduledForDeletionCountsAsNoStoredKey() {
        userHasKeys();
        when(secretsManager.describeSecret(any(Consumer.class))).thenReturn(ourSecret(OLD_KEY_ID).toBuilder()
                .deletedDate(Instant.parse("2025-01-01T00:00:00Z")).build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
    }

    @Test
    void whenTheSecretCannotBeStoredTheNewKeyIsDeletedAndTheErrorRethrown() {
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "InternalServiceError", 500));
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));

        assertTrue(e.getMessage().contains("secretsmanager:CreateSecret"));
        assertFalse(e.getMessage().contains(NEW_SECRET));
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
        assertEquals(USER, deleteKey.getValue().userName());
    }

    @Test
    void aPermanentStoreFailureAlsoDeletesTheNewKey() {
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "AccessDeniedException", 400));
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        assertThrows(PermanentStepException.class, () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        verify(iam).deleteAccessKey(any(DeleteAccessKeyRequest.class));
    }

    @Test
    void ifTheNewKeyCannotBeDeletedEitherTheStoreFailureIsStillWhatIsThrown() {
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "InternalServiceError", 500));
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class)))
                .thenThrow(iamError(IamException.builder(), "Throttling", 400));

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));

        assertTrue(e.getMessage().contains("secretsmanager:CreateSecret"));
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().contains("iam:DeleteAccessKey " + NEW_KEY_ID));
    }

    @Test
    void aLiveSecretOfAnotherOnboardingFailsBeforeAnyKeyIsMade() {
        userHasKeys();
        when(secretsManager.describeSecret(any(Consumer.class))).thenReturn(DescribeSecretResponse.builder()
                .arn(SECRET_ARN).name(SECRET_NAME)
                .tags(Tag.builder().key("OnboardingId").value("ob-other").build()).build());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains(SECRET_NAME));
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
    }

    @Test
    void keysOfAUserThisOnboardingDidNotCreateAreNeverDeleted() {
        userHasKeys(OLD_KEY_ID);
        noSecretYet();
        userIsTaggedWith("ob-other");

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains(USER));
        verify(iam, never()).deleteAccessKey(any(DeleteAccessKeyRequest.class));
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
    }

    @Test
    void anOrphanAlreadyDeletedIsFine() {
        userHasKeys(OLD_KEY_ID);
        noSecretYet();
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class)))
                .thenThrow(iamError(NoSuchEntityException.builder(), "NoSuchEntity", 404));
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
    }

    @Test
    void throttlingIsRetryable() {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class)))
                .thenThrow(iamError(IamException.builder(), "Throttling", 400));

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("iam:ListAccessKeys"));
    }

    @Test
    void theTwoKeyLimitIsPermanent() {
        userHasKeys();
        noSecretYet();
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class)))
                .thenThrow(iamError(LimitExceededException.builder(), "LimitExceeded", 409));

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("LimitExceeded"));
        verify(secretsManager, never()).createSecret(any(Consumer.class));
    }

    @Test
    void aUserNotVisibleYetIsRetryable() {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class)))
                .thenThrow(iamError(NoSuchEntityException.builder(), "NoSuchEntity", 404));

        assertThrows(RetryableStepException.class, () -> service.ensureAccessKey(ONBOARDING_ID, USER));
    }

    @Test
    void noSuchEntityOnCreateIsRetryable() {
        userHasKeys();
        noSecretYet();
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class)))
                .thenThrow(iamError(NoSuchEntityException.builder(), "NoSuchEntity", 404));

        assertThrows(RetryableStepException.class, () -> service.ensureAccessKey(ONBOARDING_ID, USER));
    }

    @Test
    void readsEveryPageOfTheUsersKeys() {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class)))
                .thenReturn(ListAccessKeysResponse.builder().accessKeyMetadata(metadata(NEW_KEY_ID))
                        .isTruncated(true).marker("m2").build())
                .thenReturn(ListAccessKeysResponse.builder().accessKeyMetadata(metadata(OLD_KEY_ID))
                        .isTruncated(false).build());
        secretOfThisOnboardingNames(OLD_KEY_ID);
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        assertEquals(OLD_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
        ArgumentCaptor<ListAccessKeysRequest> list = ArgumentCaptor.forClass(ListAccessKeysRequest.class);
        verify(iam, times(2)).listAccessKeys(list.capture());
        assertEquals("m2", list.getAllValues().get(1).marker());
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    // --- fixtures -------------------------------------------------------------------------------

    void userHasKeys(String... keyIds) {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class))).thenReturn(ListAccessKeysResponse.builder()
                .accessKeyMetadata(java.util.Arrays.stream(keyIds).map(AccessKeyServiceTest::metadata).toList())
                .isTruncated(false).build());
    }

    static AccessKeyMetadata metadata(String keyId) {
        return AccessKeyMetadata.builder().userName(USER).accessKeyId(keyId).status(StatusType.ACTIVE).build();
    }

    void noSecretYet() {
        when(secretsManager.describeSecret(any(Consumer.class)))
                .thenThrow(smError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400));
    }

    /** A secret written before the AccessKeyId tag existed (or whose tagging failed). */
    static DescribeSecretResponse ourSecret() {
        return DescribeSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME)
                .tags(Tag.builder().key("OnboardingId").value(ONBOARDING_ID).build(),
                        Tag.builder().key("ManagedBy").value("iam-onboarding").build())
                .build();
    }

    static DescribeSecretResponse ourSecret(String keyId) {
        return DescribeSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME)
                .tags(Tag.builder().key("OnboardingId").value(ONBOARDING_ID).build(),
                        Tag.builder().key("ManagedBy").value("iam-onboarding").build(),
                        Tag.builder().key("AccessKeyId").value(keyId).build())
                .build();
    }

    void secretOfThisOnboardingNames(String keyId) {
        when(secretsManager.describeSecret(any(Consumer.class))).thenReturn(ourSecret(keyId));
    }

    void userIsTaggedWith(String onboardingId) {
        when(iam.listUserTags(any(ListUserTagsRequest.class))).thenReturn(ListUserTagsResponse.builder()
                .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("OnboardingId").value(onboardingId).build(),
                        software.amazon.awssdk.services.iam.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build())
                .build());
    }

    void createKeyReturns(String keyId, String secretAccessKey) {
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class))).thenReturn(CreateAccessKeyResponse.builder()
                .accessKey(AccessKey.builder().userName(USER).accessKeyId(keyId).secretAccessKey(secretAccessKey)
                        .status(StatusType.ACTIVE).build())
                .build());
    }

    void createSecretReturnsArn() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
    }

    static Map<String, String> secretJson(String value) {
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return Map.of("AccessKeyId", node.get("AccessKeyId").asText(),
                    "SecretAccessKey", node.get("SecretAccessKey").asText());
        } catch (Exception e) {
            throw new AssertionError("the secret value is not JSON");
        }
    }

    @SuppressWarnings("unchecked")
    static <E extends AwsServiceException> E iamError(AwsServiceException.Builder builder, String code, int status) {
        return (E) builder.message(code + " (test)").statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    static <E extends AwsServiceException> E smError(AwsServiceException.Builder builder, String code, int status) {
        return iamError(builder, code, status);
    }
}
