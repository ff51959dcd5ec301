package com.iamonboarding.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A call the invocation has no time left for is not started: it fails at once as a timeout, which
 * the step reports as retryable, instead of running into Lambda's own timeout mid-call.
 */
@ExtendWith(MockitoExtension.class)
class InvocationDeadlineTest {

    @Mock
    SdkHttpClient http;
    @Mock
    Context context;

    /** An IAM client configured as the functions' are, over an HTTP client that must never be reached. */
    private IamClient iam() {
        return IamClient.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
                .httpClient(http)
                .overrideConfiguration(AwsClients.overrideConfiguration())
                .build();
    }

    /** A handler that makes one IAM call, classified as every step classifies SDK errors. */
    private JsonHandler<Map, String> handler(IamClient iam) {
        return new JsonHandler<>(Map.class) {
            @Override
            public String handle(Map input, Context context) {
                try {
                    iam.listAccountAliases();
                    return "called";
                } catch (SdkException e) {
                    throw AwsErrors.classify("iam:ListAccountAliases", e);
                }
            }
        };
    }

    @Test
    void aCallIsNotStartedWhenLessThanACallsTimeoutIsLeft() throws Exception {
        when(context.getRemainingTimeInMillis()).thenReturn(4_000);

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> handler(iam()).handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context));

        assertEquals("iam:ListAccountAliases timed out", e.getMessage());
        verify(http, never()).prepareRequest(any(HttpExecuteRequest.class));
    }

    @Test
    void aCallWithEnoughTimeLeftGoesOut() {
        when(context.getRemainingTimeInMillis()).thenReturn(30_000);
        when(http.prepareRequest(any(HttpExecuteRequest.class))).thenThrow(new IllegalStateException("reached the network"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler(iam()).handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context));

        assertEquals("reached the network", e.getMessage());
    }

    @Test
    void outsideAnInvocationThereIsNoDeadline() {
        assertTrue(InvocationDeadline.remaining().isEmpty());
        when(http.prepareRequest(any(HttpExecuteRequest.class))).thenThrow(new IllegalStateException("reached the network"));

        assertThrows(IllegalStateException.class, () -> iam().listAccountAliases());
    }

    @Test
    void theDeadlineEndsWithTheInvocation() throws Exception {
        when(context.getRemainingTimeInMillis()).thenReturn(4_000);
        assertThrows(RetryableStepException.class, () -> handler(iam()).handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context));

        assertTrue(InvocationDeadline.remaining().isEmpty(), "the next invocation on this thread starts afresh");
    }
}
