package com.iamonboarding.loginprofile;

import static com.iamonboarding.testsupport.AwsExceptions.entityAlreadyExists;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.LoginProfileResult;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.testsupport.OwnUsers;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileResponse;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyResponse;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;
import software.amazon.awssdk.services.iam.model.UpdateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.UpdateLoginProfileResponse;

@ExtendWith(MockitoExtension.class)
class LoginProfileServiceTest {

    private static final SecretAccessPolicy OPERATORS_ONLY = SecretAccessPolicy.consolePassword(
            Optional.of("arn:aws:iam::123456789012:role/onboarding-operators"));
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/jane.doe/console-password-AbCdEf";

    @Mock
    IamClient iam;
    @Mock
    SecretStore secrets;
    @Mock
    PasswordSetMarker marker;

    private LoginProfileService service() {
        OwnUsers.madeBy(iam, "onb-1", "jane.doe");
        return new LoginProfileService(iam, secrets, new PasswordGenerator(new SecureRandom()), OPERATORS_ONLY, marker,
                OwnUsers.check(iam));
    }

    private static GetAccountPasswordPolicyResponse strictPolicy() {
        return GetAccountPasswordPolicyResponse.builder().passwordPolicy(p -> p.minimumPasswordLength(32)
                .requireSymbols(true).requireNumbers(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true)).build();
    }

    @Test
    void storesThePasswordBeforeSettingItAndReturnsOnlyTheArn() throws Exception {
        when(iam.getAccountPasswordPolicy()).thenReturn(strictPolicy());
        when(secrets.put(eq("iam-onboarding/jane.doe/console-password"), anyString(), eq("onb-1"), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenReturn(CreateLoginProfileResponse.builder().build());

        LoginProfileResult result = service().createLoginProfile("onb-1", "jane.doe", "https://example-corp.signin.aws.amazon.com/console");

        InOrder order = inOrder(secrets, iam);
        ArgumentCaptor<String> stored = ArgumentCaptor.forClass(String.class);
        order.verify(secrets).put(eq("iam-onboarding/jane.doe/console-password"), stored.capture(), eq("onb-1"), anyMap(), eq(OPERATORS_ONLY));
        ArgumentCaptor<CreateLoginProfileRequest> sent = ArgumentCaptor.forClass(CreateLoginProfileRequest.class);
        order.verify(iam).createLoginProfile(sent.capture());

        JsonNode secret = Json.MAPPER.readTree(stored.getValue());
        String password = secret.get("password").asText();
        assertEquals(password, sent.getValue().password());
        assertTrue(sent.getValue().passwordResetRequired());
        assertTrue(new PasswordPolicy(32, true, true, true, true, 0).isSatisfiedBy(password));
        assertEquals(SECRET_ARN, result.secretArn);
        assertFalse(Json.write(result).contains(password));
    }

    @Test
    void usesTheAwsDefaultPolicyWhenTheAccountHasNone() {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        assertEquals(PasswordPolicy.AWS_DEFAULT, service().currentPolicy());
    }

    @Test
    void retryResetsTheExistingLoginProfileToTheNewlyStoredPassword() throws Exception {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secrets.put(anyString(), anyString(), anyString(), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(entityAlreadyExists());
        when(iam.updateLoginProfile(any(UpdateLoginProfileRequest.class))).thenReturn(UpdateLoginProfileResponse.builder().build());

        service().createLoginProfile("onb-1", "jane.doe", null);

        ArgumentCaptor<String> stored = ArgumentCaptor.forClass(String.class);
        org.mockito.Mockito.verify(secrets).put(anyString(), stored.capture(), anyString(), anyMap(), eq(OPERATORS_ONLY));
        ArgumentCaptor<UpdateLoginProfileRequest> update = ArgumentCaptor.forClass(UpdateLoginProfileRequest.class);
        org.mockito.Mockito.verify(iam).updateLoginProfile(update.capture());
        assertEquals(Json.MAPPER.readTree(stored.getValue()).get("password").asText(), update.getValue().password());
        assertTrue(update.getValue().passwordResetRequired());
    }

    @Test
    void policyViolationIsPermanentAndNeverQuotesThePassword() {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secrets.put(anyString(), anyString(), anyString(), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(
                (PasswordPolicyViolationException) PasswordPolicyViolationException.builder().statusCode(400).message("policy").build());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service().createLoginProfile("onb-1", "jane.doe", null));
        ArgumentCaptor<String> stored = ArgumentCaptor.forClass(String.class);
        org.mockito.Mockito.verify(secrets).put(anyString(), stored.capture(), anyString(), anyMap(), eq(OPERATORS_ONLY));
        assertFalse(e.getMessage().contains(stored.getValue()));
    }

    @Test
    void userNotVisibleYetIsRetryable() {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secrets.put(anyString(), anyString(), anyString(), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(noSuchEntity());

        assertThrows(RetryableStepException.class, () -> service().createLoginProfile("onb-1", "jane.doe", null));
    }

    @Test
    void aRepeatedDeliveryAfterThePasswordWasSetChangesNothing() {
        when(marker.passwordAlreadySet("iam-onboarding/jane.doe/console-password", "onb-1")).thenReturn(Optional.of(SECRET_ARN));

        LoginProfileResult result = service().createLoginProfile("onb-1", "jane.doe", null);

        assertEquals(SECRET_ARN, result.secretArn);
        verify(iam).getUser(any(GetUserRequest.class));
        verifyNoMoreInteractions(iam);
        verifyNoInteractions(secrets);
        verify(marker, never()).markPasswordSet(anyString(), anyString());
    }

    @Test
    void thePasswordIsMarkedAsSetOnlyAfterIamAcceptedIt() {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secrets.put(anyString(), anyString(), anyString(), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(entityAlreadyExists());
        when(iam.updateLoginProfile(any(UpdateLoginProfileRequest.class))).thenReturn(UpdateLoginProfileResponse.builder().build());

        service().createLoginProfile("onb-1", "jane.doe", null);

        InOrder order = inOrder(secrets, iam, marker);
        order.verify(secrets).put(anyString(), anyString(), eq("onb-1"), anyMap(), eq(OPERATORS_ONLY));
        order.verify(iam).updateLoginProfile(any(UpdateLoginProfileRequest.class));
        order.verify(marker).markPasswordSet("iam-onboarding/jane.doe/console-password", "onb-1");
    }

    @Test
    void aPasswordIamDidNotAcceptIsNeverMarked() {
        when(iam.getAccountPasswordPolicy()).thenThrow(noSuchEntity());
        when(secrets.put(anyString(), anyString(), anyString(), anyMap(), eq(OPERATORS_ONLY))).thenReturn(SECRET_ARN);
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(throttling());

        assertThrows(RetryableStepException.class, () -> service().createLoginProfile("onb-1", "jane.doe", null));

        verify(marker, never()).markPasswordSet(anyString(), anyString());
    }

    @Test
    void aUserOfAnotherOnboardingGetsNoPasswordAndNothingIsStored() {
        LoginProfileService service = service();
        OwnUsers.madeBy(iam, "onb-someone-else", "jane.doe");

        assertThrows(PermanentStepException.class, () -> service.createLoginProfile("onb-1", "jane.doe", null));

        verifyNoInteractions(secrets, marker);
        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verify(iam, never()).updateLoginProfile(any(UpdateLoginProfileRequest.class));
    }
}
