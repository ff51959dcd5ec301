package com.iamonboarding.secrets;

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
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.PublicPolicyException;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * SecretStore against a mocked Secrets Manager client. SecretStore uses the SDK's consumer-builder
 * overloads, so those are stubbed and captured, and each captured consumer is applied to a real
 * builder to see the request. PutResourcePolicy is called with a request object and captured as one.
 * No test may see a secret value read back.
 */
@ExtendWith(MockitoExtension.class)
class SecretStoreTest {

    static final String NAME = "iam-onboarding/jdoe/access-key";
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jdoe/access-key-AbCdEf";
    static final String KMS_KEY = "alias/iam-onboarding";
    static final String ONBOARDING_ID = "ob-1234";
    static final String VALUE = "{\"AccessKeyId\":\"AKIANEW\",\"SecretAccessKey\":\"s3cr3t\"}";
    static final Map<String, String> EXTRA = Map.of("AccessKeyId", "AKIANEW");
    static final SecretAccessPolicy ACCESS = SecretAccessPolicy.accessKey(
            "arn:aws:iam::123456789012:user/onboarded/jdoe", Optional.of("arn:aws:iam::123456789012:role/operators"));

    @Mock
    SecretsManagerClient secretsManager;
    @Captor
    ArgumentCaptor<Consumer<CreateSecretRequest.Builder>> createSecret;
    @Captor
    ArgumentCaptor<Consumer<PutSecretValueRequest.Builder>> putSecretValue;
    @Captor
    ArgumentCaptor<Consumer<TagResourceRequest.Builder>> tagResource;
    @Captor
    ArgumentCaptor<Consumer<RestoreSecretRequest.Builder>> restoreSecret;
    @Captor
    ArgumentCaptor<PutResourcePolicyRequest> putPolicy;

    SecretStore store;

    @BeforeEach
    void setUp() {
        store = new SecretStore(secretsManager, KMS_KEY);
    }

    @AfterEach
    void secretValuesAreNeverRead() {
        verify(secretsManager, never()).getSecretValue(any(Consumer.class));
        verify(secretsManager, never()).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void createsTheSecretEmptyThenLocksItThenWritesTheValueThenTheValueTagsAndReturnsOnlyItsArn() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(ARN).name(NAME).build());
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        assertEquals(ARN, store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        // No value exists before the policy: a crash in between leaves an empty secret, never a readable one.
        InOrder order = inOrder(secretsManager);
        order.verify(secretsManager).createSecret(createSecret.capture());
        order.verify(secretsManager).putResourcePolicy(putPolicy.capture());
        order.verify(secretsManager).putSecretValue(putSecretValue.capture());
        order.verify(secretsManager).tagResource(tagResource.capture());
        assertLockedDown(putPolicy.getValue());
        CreateSecretRequest.Builder builder = CreateSecretRequest.builder();
        createSecret.getValue().accept(builder);
        CreateSecretRequest request = builder.build();
        assertEquals(NAME, request.name());
        assertEquals(KMS_KEY, request.kmsKeyId());
        assertNull(request.secretString());
        assertNull(request.secretBinary());
        assertEquals(Map.of("OnboardingId", ONBOARDING_ID, "ManagedBy", "iam-onboarding"), tagMap(request.tags()));
        assertEquals(VALUE, build(putSecretValue.getValue(), PutSecretValueRequest.builder()).secretString());
        assertEquals(Map.of("AccessKeyId", "AKIANEW"),
                tagMap(build(tagResource.getValue(), TagResourceRequest.builder()).tags()));
        verify(secretsManager, never()).restoreSecret(any(Consumer.class));
    }

    @Test
    void aPolicyThatFailsAfterCreationLeavesTheNewSecretWithoutAnyValue() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(ARN).name(NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenThrow(smError(InternalServiceErrorException.builder(), "InternalServiceError", 500));

        assertThrows(RetryableStepException.class, () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
    }

    @Test
    void aSecretOfThisOnboardingGetsTheNewValueAndThenTheNewTags() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret(ONBOARDING_ID, null, Map.of("AccessKeyId", "AKIAOLD")));
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        assertEquals(ARN, store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        // The policy first: the new value is never readable under an earlier policy.
        InOrder order = inOrder(secretsManager);
        order.verify(secretsManager).putResourcePolicy(putPolicy.capture());
        order.verify(secretsManager).putSecretValue(putSecretValue.capture());
        order.verify(secretsManager).tagResource(tagResource.capture());
        PutSecretValueRequest put = build(putSecretValue.getValue(), PutSecretValueRequest.builder());
        assertEquals(NAME, put.secretId());
        assertEquals(VALUE, put.secretString());
        TagResourceRequest tag = build(tagResource.getValue(), TagResourceRequest.builder());
        assertEquals(NAME, tag.secretId());
        assertEquals(EXTRA, tagMap(tag.tags()));
        assertLockedDown(putPolicy.getValue());
        verify(secretsManager, never()).restoreSecret(any(Consumer.class));
    }

    @Test
    void withoutExtraTagsAnOverwriteOnlyPutsTheValue() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret(ONBOARDING_ID, null, Map.of()));
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());

        assertEquals(ARN, store.put(NAME, VALUE, ONBOARDING_ID, Map.of(), ACCESS));

        verify(secretsManager).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
    }

    @Test
    void whenTheValueCannotBeWrittenTheTagsAreLeftAsTheyWere() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret(ONBOARDING_ID, null, Map.of("AccessKeyId", "AKIAOLD")));
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "InternalServiceError", 500));

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        assertTrue(e.getMessage().contains("secretsmanager:PutSecretValue"));
        assertFalse(e.getMessage().contains("s3cr3t"));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
    }

    @Test
    void aLiveSecretOfAnotherOnboardingIsAConflictAndLeftUntouched() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret("ob-other", null, Map.of("AccessKeyId", "AKIAOTHER")));

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        assertTrue(e.getMessage().contains(NAME));
        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
        verify(secretsManager, never()).restoreSecret(any(Consumer.class));
        verify(secretsManager, never()).putResourcePolicy(any(PutResourcePolicyRequest.class));
    }

    @Test
    void aSecretScheduledForDeletionIsRestoredClaimedOverwrittenAndThenTagged() {
        createFailsWith(InvalidRequestException.builder(), "InvalidRequestException");
        describeReturns(secret("ob-earlier", Instant.parse("2025-01-01T00:00:00Z"), Map.of("AccessKeyId", "AKIAOLD")));
        when(secretsManager.restoreSecret(any(Consumer.class))).thenReturn(RestoreSecretResponse.builder().arn(ARN).build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());

        assertEquals(ARN, store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        InOrder order = inOrder(secretsManager);
        order.verify(secretsManager).restoreSecret(restoreSecret.capture());
        order.verify(secretsManager).tagResource(any(Consumer.class));
        // The restored secret still carries the earlier onboarding's policy: replace it before the value.
        order.verify(secretsManager).putResourcePolicy(putPolicy.capture());
        order.verify(secretsManager).putSecretValue(putSecretValue.capture());
        order.verify(secretsManager).tagResource(any(Consumer.class));
        assertEquals(NAME, build(restoreSecret.getValue(), RestoreSecretRequest.builder()).secretId());
        assertEquals(VALUE, build(putSecretValue.getValue(), PutSecretValueRequest.builder()).secretString());
        verify(secretsManager, times(2)).tagResource(tagResource.capture());
        List<Map<String, String>> tagCalls = tagResource.getAllValues().stream()
                .map(c -> tagMap(build(c, TagResourceRequest.builder()).tags())).toList();
        assertEquals(List.of(Map.of("OnboardingId", ONBOARDING_ID, "ManagedBy", "iam-onboarding"), EXTRA), tagCalls);
        assertLockedDown(putPolicy.getValue());
    }

    /** moto answers ResourceExists, not InvalidRequest, for a name scheduled for deletion: the secret's state decides. */
    @Test
    void aSecretScheduledForDeletionIsRestoredWhateverErrorCreateAnswered() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret("ob-earlier", Instant.parse("2025-01-01T00:00:00Z"), Map.of()));
        when(secretsManager.restoreSecret(any(Consumer.class))).thenReturn(RestoreSecretResponse.builder().arn(ARN).build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());
        policyIsAccepted();
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());

        assertEquals(ARN, store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        verify(secretsManager).restoreSecret(any(Consumer.class));
        verify(secretsManager).putSecretValue(putSecretValue.capture());
        assertEquals(VALUE, build(putSecretValue.getValue(), PutSecretValueRequest.builder()).secretString());
    }

    @Test
    void aSecretScheduledForDeletionThatTheProjectDidNotWriteIsLeftUntouched() {
        createFailsWith(InvalidRequestException.builder(), "InvalidRequestException");
        describeReturns(DescribeSecretResponse.builder().arn(ARN).name(NAME)
                .deletedDate(Instant.parse("2025-01-01T00:00:00Z")).build());

        assertThrows(PermanentStepException.class, () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        verify(secretsManager, never()).restoreSecret(any(Consumer.class));
        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
        verify(secretsManager, never()).putResourcePolicy(any(PutResourcePolicyRequest.class));
    }

    @Test
    void anInvalidRequestForALiveSecretIsPermanent() {
        createFailsWith(InvalidRequestException.builder(), "InvalidRequestException");
        describeReturns(secret(ONBOARDING_ID, null, Map.of()));

        assertThrows(PermanentStepException.class, () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));
        verify(secretsManager, never()).restoreSecret(any(Consumer.class));
    }

    @Test
    void aPrincipalNotVisibleYetIsRetryableAndNoArnIsReturned() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(ARN).name(NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class))).thenThrow(
                smError(MalformedPolicyDocumentException.builder(), "MalformedPolicyDocumentException", 400));

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));

        assertTrue(e.getMessage().contains("secretsmanager:PutResourcePolicy " + NAME));
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test
    void aPolicyRefusedAsPublicIsPermanent() {
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(ARN).name(NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class))).thenThrow(
                smError(PublicPolicyException.builder(), "PublicPolicyException", 400));

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));
        assertTrue(e.getMessage().contains("PublicPolicyException"));
    }

    @Test
    void whenThePolicyCannotBeReplacedTheOldSecretKeepsItsValue() {
        createFailsWith(ResourceExistsException.builder(), "ResourceExistsException");
        describeReturns(secret(ONBOARDING_ID, null, Map.of("AccessKeyId", "AKIAOLD")));
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenThrow(smError(SecretsManagerException.builder(), "InternalServiceError", 500));

        assertThrows(RetryableStepException.class, () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, ACCESS));
        verify(secretsManager, never()).putSecretValue(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(Consumer.class));
    }

    @Test
    void restrictAccessSendsTheWholePolicyEveryTime() {
        policyIsAccepted();

        store.restrictAccess(NAME, ACCESS);
        store.restrictAccess(NAME, ACCESS);

        verify(secretsManager, times(2)).putResourcePolicy(putPolicy.capture());
        putPolicy.getAllValues().forEach(SecretStoreTest::assertLockedDown);
    }

    @Test
    void aSecretWithoutAnAccessPolicyIsNeverWritten() {
        assertThrows(IllegalArgumentException.class, () -> store.put(NAME, VALUE, ONBOARDING_ID, EXTRA, null));
        verify(secretsManager, never()).createSecret(any(Consumer.class));
    }

    @Test
    void describeOfAMissingSecretIsEmpty() {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
                .thenThrow(smError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400));

        assertTrue(new SecretLookup(secretsManager).describe(NAME).isEmpty());
    }

    @Test
    void tagReadsOneTagOfADescribedSecret() {
        DescribeSecretResponse secret = secret(ONBOARDING_ID, null, Map.of("AccessKeyId", "AKIAOLD"));

        assertEquals("AKIAOLD", SecretLookup.tag(secret, "AccessKeyId").orElseThrow());
        assertTrue(SecretLookup.tag(secret, "Missing").isEmpty());
    }

    @Test
    void aStoreWithoutTheProjectKeyCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new SecretStore(secretsManager, null));
        assertThrows(IllegalArgumentException.class, () -> new SecretStore(secretsManager, " "));
    }

    // --- fixtures -------------------------------------------------------------------------------

    void createFailsWith(AwsServiceException.Builder builder, String code) {
        when(secretsManager.createSecret(any(Consumer.class))).thenThrow(smError(builder, code, 400));
    }

    void policyIsAccepted() {
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenReturn(PutResourcePolicyResponse.builder().arn(ARN).name(NAME).build());
    }

    /** The request puts exactly the access policy's document, with public policies blocked. */
    static void assertLockedDown(PutResourcePolicyRequest request) {
        assertEquals(NAME, request.secretId());
        assertEquals(ACCESS.toJson(), request.resourcePolicy());
        assertEquals(Boolean.TRUE, request.blockPublicPolicy());
    }

    void describeReturns(DescribeSecretResponse response) {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(response);
    }

    static DescribeSecretResponse secret(String onboardingId, Instant deletedDate, Map<String, String> extraTags) {
        List<Tag> tags = new ArrayList<>(List.of(
                Tag.builder().key("OnboardingId").value(onboardingId).build(),
                Tag.builder().key("ManagedBy").value("iam-onboarding").build()));
        extraTags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return DescribeSecretResponse.builder().arn(ARN).name(NAME).deletedDate(deletedDate).tags(tags).build();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static <R, B extends SdkBuilder<B, R>> R build(Consumer<B> consumer, B builder) {
        consumer.accept(builder);
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    static <E extends AwsServiceException> E smError(AwsServiceException.Builder builder, String code, int status) {
        return (E) builder.message(code + " (test)").statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }
}
