package com.iamonboarding.alias;

import static com.iamonboarding.testsupport.AwsExceptions.entityAlreadyExists;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AliasResult;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateAccountAliasRequest;
import software.amazon.awssdk.services.iam.model.CreateAccountAliasResponse;
import software.amazon.awssdk.services.iam.model.ListAccountAliasesResponse;

@ExtendWith(MockitoExtension.class)
class AccountAliasServiceTest {

    @Mock
    IamClient iam;

    private static ListAccountAliasesResponse aliases(String... names) {
        return ListAccountAliasesResponse.builder().accountAliases(names).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsTheAliasWhenTheAccountHasNone() {
        when(iam.listAccountAliases()).thenReturn(aliases());
        when(iam.createAccountAlias(any(Consumer.class))).thenReturn(CreateAccountAliasResponse.builder().build());

        AliasResult result = new AccountAliasService(iam).ensure("example-corp");

        ArgumentCaptor<Consumer<CreateAccountAliasRequest.Builder>> captor = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).createAccountAlias(captor.capture());
        CreateAccountAliasRequest.Builder sent = CreateAccountAliasRequest.builder();
        captor.getValue().accept(sent);
        assertEquals("example-corp", sent.build().accountAlias());
        assertTrue(result.created);
        assertEquals("https://example-corp.signin.aws.amazon.com/console", result.signInUrl);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sameAliasIsANoOp() {
        when(iam.listAccountAliases()).thenReturn(aliases("example-corp"));

        AliasResult result = new AccountAliasService(iam).ensure("example-corp");

        assertFalse(result.created);
        verify(iam, never()).createAccountAlias(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void neverReplacesADifferentAlias() {
        when(iam.listAccountAliases()).thenReturn(aliases("someone-else"));

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> new AccountAliasService(iam).ensure("example-corp"));

        assertTrue(e.getMessage().contains("someone-else") && e.getMessage().contains("never replaces"));
        verify(iam, never()).createAccountAlias(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aliasTakenByAnotherAccountIsPermanent() {
        when(iam.listAccountAliases()).thenReturn(aliases(), aliases());
        when(iam.createAccountAlias(any(Consumer.class))).thenThrow(entityAlreadyExists());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> new AccountAliasService(iam).ensure("example-corp"));
        assertTrue(e.getMessage().contains("taken by another AWS account"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aliasCreatedConcurrentlyIsAccepted() {
        when(iam.listAccountAliases()).thenReturn(aliases(), aliases("example-corp"));
        when(iam.createAccountAlias(any(Consumer.class))).thenThrow(entityAlreadyExists());

        AliasResult result = new AccountAliasService(iam).ensure("example-corp");
        assertEquals("example-corp", result.accountAlias);
    }

    @Test
    void throttlingIsRetryable() {
        when(iam.listAccountAliases()).thenThrow(throttling());

        assertThrows(RetryableStepException.class, () -> new AccountAliasService(iam).ensure("example-corp"));
    }
}
