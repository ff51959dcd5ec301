package com.iamonboarding.accesskey;

import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static com.iamonboarding.accesskey.AccessKeyServiceTest.KMS_KEY;
import static com.iamonboarding.accesskey.AccessKeyServiceTest.NEW_KEY_ID;
import static com.iamonboarding.accesskey.AccessKeyServiceTest.NEW_SECRET;
import static com.iamonboarding.accesskey.AccessKeyServiceTest.SECRET_ARN;
import static com.iamonboarding.accesskey.AccessKeyServiceTest.SECRET_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.testsupport.Leases;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

@ExtendWith(MockitoExtension.class)
class CreateAccessKeyHandlerTest {

    /** Its user.userArn names another user: the reader of the secret comes from IAM, never from the state. */
    private static final String STATE = """
            {"onboardingId": "ob-1234",
             "request": {"employeeId": "E1", "userName": "jdoe", "email": "jdoe@example.com",
                         "accessProfile": "developer", "programmaticAccess": true},
             "seal": %s,
             "user": {"userName": "jdoe", "userArn": "arn:aws:iam::123456789012:user/onboarded/attacker"}}
            """.formatted(Seals.json());

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;

    static final String USER_ARN = "arn:aws:iam::123456789012:user/onboarded/jdoe";
    static final String OPERATORS = "arn:aws:iam::123456789012:role/onboarding-operators";

    CreateAccessKeyHandler handler() {
        OwnUsers.madeBy(iam, "ob-1234", "jdoe");
        return new CreateAccessKeyHandler(new AccessKeyService(iam, new SecretStore(secretsManager, KMS_KEY), new SecretLookup(secretsManager),
                OwnUsers.check(iam), Optional.of(OPERATORS)), Seals.accepting(), Statuses.empty(), Leases.free());
    }

    @Test
    void returnsOnlyTheKeyIdAndSecretArnAndNeverPrintsTheSecretAccessKey() throws Exception {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class)))
                .thenReturn(ListAccessKeysResponse.builder().isTruncated(false).build());
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(
                AccessKeyServiceTest.smError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400));
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class))).thenReturn(CreateAccessKeyResponse.builder()
                .accessKey(AccessKey.builder().userName("jdoe").accessKeyId(NEW_KEY_ID).secretAccessKey(NEW_SECRET)
                        .status(StatusType.ACTIVE).build()).build());
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenReturn(PutResourcePolicyResponse.builder().arn(SECRET_ARN).build());
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String printed = capturingStdout(() -> handler().handleRequest(
                new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)), output, null));

        // The secret really went into the store in this run...
        ArgumentCaptor<Consumer<PutSecretValueRequest.Builder>> stored = ArgumentCaptor.forClass(Consumer.class);
        verify(secretsManager).putSecretValue(stored.capture());
        PutSecretValueRequest.Builder builder = PutSecretValueRequest.builder();
        stored.getValue().accept(builder);
        assertTrue(builder.build().secretString().contains(NEW_SECRET));
        // ...locked to the user IAM reports for this onboarding (not the state's user.userArn) with MFA, and the operators...
        ArgumentCaptor<PutResourcePolicyRequest> policy = ArgumentCaptor.forClass(PutResourcePolicyRequest.class);
        verify(secretsManager).putResourcePolicy(policy.capture());
        assertEquals(SECRET_NAME, policy.getValue().secretId());
        assertTrue(policy.getValue().blockPublicPolicy());
        assertEquals(SecretAccessPolicy.accessKey(USER_ARN, Optional.of(OPERATORS)).toJson(),
                policy.getValue().resourcePolicy());
        assertFalse(policy.getValue().resourcePolicy().contains(NEW_SECRET));
        // ...and nowhere else.
        String json = output.toString(StandardCharsets.UTF_8);
        assertFalse(json.contains(NEW_SECRET), "output leaked the secret access key");
        assertFalse(printed.contains(NEW_SECRET), "logs leaked the secret access key");
        assertTrue(printed.contains(NEW_KEY_ID), "the log names the key id: " + printed);
        assertEquals(Map.of("accessKeyId", NEW_KEY_ID, "secretArn", SECRET_ARN), Json.MAPPER.readValue(json, Map.class));
    }

    @Test
    void aStoreFailureLeaksTheSecretNeitherInTheErrorNorInTheLogs() throws Exception {
        when(iam.listAccessKeys(any(ListAccessKeysRequest.class)))
                .thenReturn(ListAccessKeysResponse.builder().isTruncated(false).build());
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(
                AccessKeyServiceTest.smError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400));
        when(iam.createAccessKey(any(CreateAccessKeyRequest.class))).thenReturn(CreateAccessKeyResponse.builder()
                .accessKey(AccessKey.builder().userName("jdoe").accessKeyId(NEW_KEY_ID).secretAccessKey(NEW_SECRET)
                        .status(StatusType.ACTIVE).build()).build());
        when(secretsManager.createSecret(any(Consumer.class))).thenThrow(
                AccessKeyServiceTest.smError(SecretsManagerException.builder(), "InternalServiceError", 500));
        when(iam.deleteAccessKey(any(software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest.class)))
                .thenReturn(software.amazon.awssdk.services.iam.model.DeleteAccessKeyResponse.builder().build());

        RuntimeException[] thrown = new RuntimeException[1];
        String printed = capturingStdout(() -> {
            try {
                handler().handleRequest(new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null);
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        });

        assertEquals("com.iamonboarding.common.RetryableStepException", thrown[0].getClass().getName());
        assertFalse(thrown[0].getMessage().contains(NEW_SECRET));
        assertFalse(printed.contains(NEW_SECRET));
    }

    @Test
    void anInputWithoutUserNameIsPermanentAndCallsNothing() {
        OnboardingState state = new OnboardingState();
        state.onboardingId = "ob-1234";
        state.request = new OnboardingRequest();
        Seals.sealed(state);

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> handler().handle(state, null));
        assertTrue(e.getMessage().contains("request.userName"), e.getMessage());
        verifyNoInteractions(iam, secretsManager);
    }

    @Test
    void anUnsealedInputMakesNoKey() {
        OnboardingState state = new OnboardingState();
        state.onboardingId = "ob-1234";
        state.request = new OnboardingRequest();
        state.request.userName = "jdoe";

        assertThrows(SealRejectedException.class, () -> handler().handle(state, null));
        verifyNoInteractions(iam, secretsManager);
    }

    @Test
    void theEnvironmentConstructorRefusesAnOperatorsRoleThatIsNotOneRole() {
        assertEquals(OnboardingState.class, new CreateAccessKeyHandler(new FunctionEnvironment(Map.of(
                "AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases", "KMS_KEY_ID", "alias/iam-onboarding", "OPERATORS_ROLE_ARN", OPERATORS)))
                .inputType());
        // The template passes an empty string when no operators' role is configured.
        assertEquals(OnboardingState.class, new CreateAccessKeyHandler(new FunctionEnvironment(Map.of(
                "AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases", "KMS_KEY_ID", "alias/iam-onboarding", "OPERATORS_ROLE_ARN", "")))
                .inputType());
        assertThrows(IllegalArgumentException.class, () -> new CreateAccessKeyHandler(new FunctionEnvironment(Map.of(
                "AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases", "KMS_KEY_ID", "alias/iam-onboarding",
                "OPERATORS_ROLE_ARN", "arn:aws:iam::123456789012:role/*"))));
    }

    @Test
    void theEnvironmentConstructorNeedsTheKmsKey() {
        assertEquals(OnboardingState.class, new CreateAccessKeyHandler(new FunctionEnvironment(
                Map.of("AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases", "KMS_KEY_ID", "alias/iam-onboarding"))).inputType());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CreateAccessKeyHandler(new FunctionEnvironment(Map.of("AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases"))));
        assertTrue(e.getMessage().contains("KMS_KEY_ID"));
    }
}
