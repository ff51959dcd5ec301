package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda Invoke, against the Service Authorization Reference for Lambda (lambda:InvokeFunction on resource type {@code function}). */
class LambdaRequestsTest extends MappingTestSupport {

    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:iam-onboarding-CreateUserFunction";

    @Test
    void invokeWithAQualifierIsInvokeFunctionOnTheQualifiedArn() {
        Authorization authorization = single(SampleCalls.INVOKE);

        assertAuthorization("lambda:InvokeFunction", FUNCTION_ARN + ":live", authorization);
        assertContext(Map.of(), authorization);
    }

    @Test
    void anInvocationTheLocalEndpointRecordedIsOnTheFunction() {
        RecordedRequest recorded = new RecordedRequest(Instant.now(), "lambda", "Invoke", "POST",
                "/2015-03-31/functions/iam-onboarding-CreateUserFunction/invocations",
                Map.of("FunctionName", "iam-onboarding-CreateUserFunction"));

        Authorization authorization = ((Mapping.Mapped) mapping(recorded, FUNCTION)).authorizations().get(0);

        assertAuthorization("lambda:InvokeFunction", FUNCTION_ARN, authorization);
    }

    @Test
    void functionNamesInEveryFormBecomeTheFunctionsArn() {
        assertEquals(FUNCTION_ARN + ":3", LambdaRequests.functionArn("iam-onboarding-CreateUserFunction:3", java.util.Optional.empty()));
        assertEquals(FUNCTION_ARN, LambdaRequests.functionArn("123456789012:function:iam-onboarding-CreateUserFunction",
                java.util.Optional.empty()));
        assertEquals(FUNCTION_ARN + ":live", LambdaRequests.functionArn(FUNCTION_ARN + ":live", java.util.Optional.of("other")));
    }
}
