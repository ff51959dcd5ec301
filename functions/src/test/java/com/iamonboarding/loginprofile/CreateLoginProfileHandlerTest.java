package com.iamonboarding.loginprofile;

import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.testsupport.Leases;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;

/** The handler over the real service and SecretStore, with mocked IAM and Secrets Manager clients. */
@ExtendWith(MockitoExtension.class)
class CreateLoginProfileHandlerTest {

    static final String STATE = """
            {"onboardingId": "ob-1234",
             "request": {"employeeId": "E1", "userName": "jdoe", "email": "jdoe@example.com",
                         "accessProfile": "developer", "consoleAccess": true},
             "seal": %s,
             "alias": {"accountAlias": "example-corp", "signInUrl": "https://example-corp.signin.aws.amazon.com/console"},
             "user": {"userName": "jdoe", "userArn": "arn:aws:iam::123456789012:user/onboarded/jdoe"}}
            """.formatted(Seals.json());
    static final String SECRET_NAME = "iam-onboarding/jdoe/console-password";
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + SECRET_NAME + "-AbCdEf";
    static final String OPERATORS = "arn:aws:iam::123456789012:role/onboarding-operators";
    static final String CURRENT_VERSION = "0c6a2e4e-1b9e-4c52-a8a5-5f1f9c2e7d10";
    static final SecretAccessPolicy OPERATORS_ONLY = SecretAccessPolicy.consolePassword(Optional.of(OPERATORS));

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;

    CreateLoginProfileHandler handler() {
        OwnUsers.madeBy(iam, "ob-1234", "jdoe");
        return new CreateLoginProfileHandler(new LoginProfileService(iam, new SecretStore(secretsManager, "alias/k"),
                new PasswordGenerator(new SecureRandom()), OPERATORS_ONLY, new PasswordSetMarker(secretsManager),
                OwnUsers.check(iam)), Seals.accepting(), Statuses.empty(), Leases.free());
    }

    @Test
    void thePasswordIsLockedToTheOperatorsBeforeItIsSetAndNeverLeavesTheStore() throws Exception {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(secretNotFound())
                .thenReturn(stored(Map.of()));
        when(secretsManager.tagResource(any(TagResourceRequest.class))).thenReturn(TagResourceResponse.builder().build());
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class)))
                .thenReturn(PutResourcePolicyResponse.builder().arn(SECRET_ARN).build());
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class)))
                .thenReturn(CreateLoginProfileResponse.builder().build());
        when(secretsManager.putSecretValue(any(Consumer.class))).thenReturn(PutSecretValueResponse.builder().build());
        when(secretsManager.tagResource(any(Consumer.class))).thenReturn(TagResourceResponse.builder().build());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String printed = capturingStdout(() -> handler().handleRequest(
                new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)), output, null));

        ArgumentCaptor<Consumer<CreateSecretRequest.Builder>> created = ArgumentCaptor.forClass(Consumer.class);
        ArgumentCaptor<Consumer<PutSecretValueRequest.Builder>> value = ArgumentCaptor.forClass(Consumer.class);
        ArgumentCaptor<PutResourcePolicyRequest> policy = ArgumentCaptor.forClass(PutResourcePolicyRequest.class);
        ArgumentCaptor<CreateLoginProfileRequest> loginProfile = ArgumentCaptor.forClass(CreateLoginProfileRequest.class);
        InOrder order = inOrder(secretsManager, iam);
        order.verify(secretsManager).createSecret(created.capture());
        order.verify(secretsManager).putResourcePolicy(policy.capture());
        order.verify(secretsManager).putSecretValue(value.capture());
        order.verify(iam).createLoginProfile(loginProfile.capture());
        ArgumentCaptor<TagResourceRequest> marked = ArgumentCaptor.forClass(TagResourceRequest.class);
        order.verify(secretsManager).tagResource(marked.capture());
        assertEquals(List.of(Tag.builder().key(PasswordSetMarker.TAG).value("ob-1234:" + CURRENT_VERSION).build()),
                marked.getValue().tags());

        CreateSecretRequest.Builder builder = CreateSecretRequest.builder();
        created.getValue().accept(builder);
        assertNull(builder.build().secretString(), "the password is written only once the secret is locked down");
        PutSecretValueRequest.Builder put = PutSecretValueRequest.builder();
        value.getValue().accept(put);
        String password = Json.MAPPER.readTree(put.build().secretString()).get("password").asText();
        assertEquals(password, loginProfile.getValue().password());

        assertEquals(SECRET_NAME, policy.getValue().secretId());
        assertTrue(policy.getValue().blockPublicPolicy());
        assertEquals(OPERATORS_ONLY.toJson(), policy.getValue().resourcePolicy());
        JsonNode statements = Json.MAPPER.readTree(policy.getValue().resourcePolicy()).get("Statement");
        assertEquals(OPERATORS, statements.get(0).get("Principal").get("AWS").asText());
        assertEquals("Deny", statements.get(1).get("Effect").asText());

        String json = output.toString(StandardCharsets.UTF_8);
        assertEquals(Map.of("secretArn", SECRET_ARN), Json.MAPPER.readValue(json, Map.class));
        assertFalse(json.contains(password), "output leaked the password");
        assertFalse(printed.contains(password), "logs leaked the password");
        assertFalse(policy.getValue().resourcePolicy().contains(password));
    }

    @Test
    void whenTheSecretCannotBeLockedThePasswordIsNeverSet() {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(secretNotFound());
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secretsManager.createSecret(any(Consumer.class)))
                .thenReturn(CreateSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).build());
        when(secretsManager.putResourcePolicy(any(PutResourcePolicyRequest.class))).thenThrow(
                (MalformedPolicyDocumentException) MalformedPolicyDocumentException.builder().statusCode(400)
                        .message("principal").awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("MalformedPolicyDocumentException").build()).build());

        OnboardingState state = readState();
        RetryableStepException e = assertThrows(RetryableStepException.class, () -> handler().handle(state, null));

        assertTrue(e.getMessage().contains("secretsmanager:PutResourcePolicy " + SECRET_NAME));
        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verify(secretsManager, never()).tagResource(any(TagResourceRequest.class));
    }

    @Test
    void aRepeatedDeliveryFindsThePasswordSetAndChangesNothing() throws Exception {
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
                .thenReturn(stored(Map.of(PasswordSetMarker.TAG, "ob-1234:" + CURRENT_VERSION)));

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler().handleRequest(new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)), output, null);

        assertEquals(Map.of("secretArn", SECRET_ARN), Json.MAPPER.readValue(output.toString(StandardCharsets.UTF_8), Map.class));
        verify(iam).getUser(any(GetUserRequest.class));
        verifyNoMoreInteractions(iam);
        verify(secretsManager, never()).createSecret(any(Consumer.class));
        verify(secretsManager, never()).tagResource(any(TagResourceRequest.class));
    }

    static ResourceNotFoundException secretNotFound() {
        return (ResourceNotFoundException) ResourceNotFoundException.builder().statusCode(400).message("not found")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
    }

    /** The password secret of onboarding ob-1234 with one current version and these extra tags. */
    static DescribeSecretResponse stored(Map<String, String> extraTags) {
        List<Tag> tags = new java.util.ArrayList<>(List.of(Tag.builder().key("OnboardingId").value("ob-1234").build(),
                Tag.builder().key("ManagedBy").value("iam-onboarding").build()));
        extraTags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return DescribeSecretResponse.builder().arn(SECRET_ARN).name(SECRET_NAME).tags(tags)
                .versionIdsToStages(Map.of(CURRENT_VERSION, List.of("AWSCURRENT"))).build();
    }

    @Test
    void theEnvironmentConstructorReadsTheOptionalOperatorsRole() {
        Map<String, String> base = Map.of("AWS_REGION", "eu-west-1", "KMS_KEY_ID", "alias/iam-onboarding", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases");
        assertEquals(OnboardingState.class, new CreateLoginProfileHandler(new FunctionEnvironment(base)).inputType());
        assertEquals(OnboardingState.class, new CreateLoginProfileHandler(new FunctionEnvironment(
                with(base, "OPERATORS_ROLE_ARN", ""))).inputType());
        assertEquals(OnboardingState.class, new CreateLoginProfileHandler(new FunctionEnvironment(
                with(base, "OPERATORS_ROLE_ARN", OPERATORS))).inputType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CreateLoginProfileHandler(
                new FunctionEnvironment(with(base, "OPERATORS_ROLE_ARN", "arn:aws:iam::123456789012:user/alice"))));
        assertTrue(e.getMessage().contains("OPERATORS_ROLE_ARN"));
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    static OnboardingState readState() {
        try {
            return Json.MAPPER.readValue(STATE, OnboardingState.class);
        } catch (Exception e) {
            throw new AssertionError("the test state is not valid", e);
        }
    }
}
