package com.iamonboarding.accesskey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AccessKeyResult;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.testsupport.OwnUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyResponse;
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
    static final String USER_ARN = "arn:aws:iam::123456789012:user/onboarded/jdoe";
    static final String OPERATORS = "arn:aws:iam::123456789012:role/onboarding-operators";
    static final String SECRET_NAME = "iam-onboarding/jdoe/access-key";
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jdoe/access-key-AbCdEf";
    static final String KMS_KEY = "alias/iam-onboarding";
    static final String NEW_KEY_ID = "AKIA-NEW-KEY-0001";
    static final String NEW_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNEWSECRET1";
    static final String OLD_KEY_ID = "AKIA-OLD-KEY-0002";

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
    @Captor
    ArgumentCaptor<PutResourcePolicyRequest> putPolicy;

    AccessKeyService service;

    @BeforeEach
    void setUp() {
        OwnUsers.madeBy(iam, ONBOARDING_ID, USER);
        service = new AccessKeyService(iam, new SecretStore(secretsManager, KMS_KEY), new SecretLookup(secretsManager),
                OwnUsers.check(iam), Optional.of(OPERATORS));
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
        assertNull(stored.secretString(), "the value is written only once the secret is locked down");
        Map<String, String> tags = stored.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(ONBOARDING_ID, tags.get("OnboardingId"));
        ArgumentCaptor<Consumer<PutSecretValueRequest.Builder>> value = ArgumentCaptor.forClass(Consumer.class);
        verify(secretsManager).putSecretValue(value.capture());
        PutSecretValueRequest.Builder put = PutSecretValueRequest.builder();
        value.getValue().accept(put);
        assertEquals(Map.of("AccessKeyId", NEW_KEY_ID, "SecretAccessKey", NEW_SECRET), secretJson(put.build().secretString()));
        ArgumentCaptor<Consumer<TagResourceRequest.Builder>> keyTag = ArgumentCaptor.forClass(Consumer.class);
        verify(secretsManager).tagResource(keyTag.capture());
        TagResourceRequest.Builder tagged = TagResourceRequest.builder();
        keyTag.getValue().accept(tagged);
        assertEquals(List.of(software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                .key("AccessKeyId").value(NEW_KEY_ID).build()), tagged.build().tags());
        verify(iam, never()).deleteAccessKey(any(DeleteAccessKeyRequest.class));
        assertReadableOnlyByTheHireWithMfaAndTheOperators();
    }

    @Test
    void aStoredSecretNamingOneOfTheUsersKeysIsReturnedWithoutANewKeyAndLockedAgain() {
        userHasKeys(OLD_KEY_ID);
        secretOfThisOnboardingNames(OLD_KEY_ID);
        policyIsAccepted();

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(OLD_KEY_ID, result.accessKeyId);
        assertEquals(SECRET_ARN, result.secretArn);
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
        verify(iam, never()).deleteAccessKey(any(DeleteAccessKeyRequest.class));
        verify(secretsManager, never()).createSecret(any(Consumer.class));
        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
        // An earlier attempt may have stored the value and failed before its policy: apply it again.
        assertReadableOnlyByTheHireWithMfaAndTheOperators();
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
        userHasKeys(OLD_KEY_ID, "AKIA-OLD-KEY-0003");
        noSecretYet();
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);

        verify(iam, times(2)).deleteAccessKey(deleteKey.capture());
        assertEquals(List.of(OLD_KEY_ID, "AKIA-OLD-KEY-0003"),
                deleteKey.getAllValues().stream().map(DeleteAccessKeyRequest::accessKeyId).toList());
    }

    @Test
    void theStoredKeyIsKeptAndAnOrphanNextToItDeleted() {
        userHasKeys(OLD_KEY_ID, NEW_KEY_ID);
        secretOfThisOnboardingNames(OLD_KEY_ID);
        policyIsAccepted();
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
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        AccessKeyResult result = service.ensureAccessKey(ONBOARDING_ID, USER);

        assertEquals(NEW_KEY_ID, result.accessKeyId);
        assertEquals(SECRET_ARN, result.secretArn);
        InOrder order = inOrder(secretsManager);
        order.verify(secretsManager).putResourcePolicy(any(PutResourcePolicyRequest.class));
        order.verify(secretsManager).putSecretValue(putSecretValue.capture());
        order.verify(secretsManager).tagResource(tagResource.capture());
        assertReadableOnlyByTheHireWithMfaAndTheOperators();
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
        policyIsAccepted();
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
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(ourSecret());
        userIsTaggedWith(ONBOARDING_ID);
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenThrow(smError(ResourceExistsException.builder(), "ResourceExistsException", 400));
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        assertEquals(NEW_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(OLD_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    @Test
    void aSecretScheduledForDeletionCountsAsNoStoredKey() {
        userHasKeys();
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(ourSecret(OLD_KEY_ID).toBuilder()
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
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(DescribeSecretResponse.builder()
                .arn(SECRET_ARN).name(SECRET_NAME)
                .tags(Tag.builder().key("OnboardingId").value("ob-other").build()).build());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains(SECRET_NAME));
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
    }

    @Test
    void keysOfAUserThisOnboardingDidNotCreateAreNeverDeleted() {
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
        policyIsAccepted();

        assertEquals(OLD_KEY_ID, service.ensureAccessKey(ONBOARDING_ID, USER).accessKeyId);
        ArgumentCaptor<ListAccessKeysRequest> list = ArgumentCaptor.forClass(ListAccessKeysRequest.class);
        verify(iam, times(2)).listAccessKeys(list.capture());
        assertEquals("m2", list.getAllValues().get(1).marker());
        verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    @Test
    void whenTheSecretCannotBeLockedTheNewKeyIsDeletedAndTheStepRetried() {
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class))).thenThrow(
                smError(MalformedPolicyDocumentException.builder(), "MalformedPolicyDocumentException", 400));
        when(iam.deleteAccessKey(any(DeleteAccessKeyRequest.class))).thenReturn(DeleteAccessKeyResponse.builder().build());

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> service.ensureAccessKey(ONBOARDING_ID, USER));

        assertTrue(e.getMessage().contains("secretsmanager:PutResourcePolicy"));
        assertFalse(e.getMessage().contains(NEW_SECRET));
        InOrder order = inOrder(secretsManager, iam);
        order.verify(secretsManager).createSecret(any(Consumer.class));
        order.verify(secretsManager).putResourcePolicy(any(PutResourcePolicyRequest.class));
        order.verify(iam).deleteAccessKey(deleteKey.capture());
        assertEquals(NEW_KEY_ID, deleteKey.getValue().accessKeyId());
    }

    @Test
    void withoutAnOperatorsRoleOnlyTheHireMayRead() throws Exception {
        service = new AccessKeyService(iam, new SecretStore(secretsManager, KMS_KEY), new SecretLookup(secretsManager),
                OwnUsers.check(iam), Optional.empty());
        userHasKeys();
        noSecretYet();
        createKeyReturns(NEW_KEY_ID, NEW_SECRET);
        createSecretReturnsArn();

        service.ensureAccessKey(ONBOARDING_ID, USER);

        verify(secretsManager).putResourcePolicy(putPolicy.capture());
        assertEquals(SecretAccessPolicy.accessKey(USER_ARN, Optional.empty()).toJson(),
                putPolicy.getValue().resourcePolicy());
        JsonNode deny = Json.MAPPER.readTree(putPolicy.getValue().resourcePolicy()).get("Statement").get(2);
        assertEquals("NobodyElseReads", deny.get("Sid").asText());
        assertEquals(1, deny.get("Condition").get("ArnNotEquals").get("aws:PrincipalArn").size());
        assertEquals(USER_ARN, deny.get("Condition").get("ArnNotEquals").get("aws:PrincipalArn").get(0).asText());
    }

    @Test
    void theReaderIsTheUserArnIamReportsAndAnArnOfAnotherUserIsPermanent() {
        getUserAnswers("arn:aws:iam::123456789012:user/onboarded/someone-else");

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.ensureAccessKey(ONBOARDING_ID, USER));

        assertTrue(e.getMessage().contains(USER));
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
        verify(iam, never()).listAccessKeys(any(ListAccessKeysRequest.class));
        verifyNoInteractions(secretsManager);
    }

    @Test
    void aUserArnWithAWildcardIsPermanentAndNoKeyIsMade() {
        getUserAnswers("arn:aws:iam::123456789012:user/*/jdoe");

        assertThrows(PermanentStepException.class, () -> service.ensureAccessKey(ONBOARDING_ID, USER));
        verify(iam, never()).createAccessKey(any(CreateAccessKeyRequest.class));
        verifyNoInteractions(secretsManager);
    }

    @Test
    void anOperatorsRoleThatIsNotARoleArnIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new AccessKeyService(iam,
                new SecretStore(secretsManager, KMS_KEY), new SecretLookup(secretsManager), OwnUsers.check(iam),
                Optional.of("arn:aws:iam::123456789012:role/*")));
    }

    // --- fixtures -------------------------------------------------------------------------------

    void policyIsAccepted() {
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenReturn(PutResourcePolicyResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
    }

    /** PutResourcePolicy was sent for this secret with the hire-with-MFA-and-operators document. */
    void assertReadableOnlyByTheHireWithMfaAndTheOperators() {
        verify(secretsManager).putResourcePolicy(putPolicy.capture());
        PutResourcePolicyRequest request = putPolicy.getValue();
        assertEquals(SECRET_NAME, request.secretId());
        assertEquals(Boolean.TRUE, request.blockPublicPolicy());
        assertEquals(SecretAccessPolicy.accessKey(USER_ARN, Optional.of(OPERATORS)).toJson(), request.resourcePolicy());
        try {
            JsonNode statements = Json.MAPPER.readTree(request.resourcePolicy()).get("Statement");
            assertEquals(USER_ARN, statements.get(0).get("Principal").get("AWS").asText());
            assertEquals("true", statements.get(0).get("Condition").get("Bool").get("aws:MultiFactorAuthPresent").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError("the policy is not JSON", e);
        }
    }

    void userHasKeys(String... keyIds) {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class))).thenReturn(ListAccessKeysResponse.builder()
                .accessKeyMetadata(java.util.Arrays.stream(keyIds).map(AccessKeyServiceTest::metadata).toList())
                .isTruncated(false).build());
    }

    static AccessKeyMetadata metadata(String keyId) {
        return AccessKeyMetadata.builder().userName(USER).accessKeyId(keyId).status(StatusType.ACTIVE).build();
    }

    void noSecretYet() {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
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
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(ourSecret(keyId));
    }

    void userIsTaggedWith(String onboardingId) {
        OwnUsers.madeBy(iam, onboardingId, USER);
    }

    void getUserAnswers(String userArn) {
        when(iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder().user(
                OwnUsers.user(USER, "/onboarded/", ONBOARDING_ID).toBuilder().arn(userArn).build()).build());
    }

    void createKeyReturns(String keyId, String secretAccessKey) {
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class))).thenReturn(CreateAccessKeyResponse.builder()
                .accessKey(AccessKey.builder().userName(USER).accessKeyId(keyId).secretAccessKey(secretAccessKey)
                        .status(StatusType.ACTIVE).build())
                .build());
    }

    /** CreateSecret succeeds, and so does the PutResourcePolicy that always follows it. */
    void createSecretReturnsArn() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
        policyIsAccepted();
        lenient().when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        lenient().when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());
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
