package com.iamonboarding.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.IamException;

class AwsErrorsTest {

    private static IamException error(String code, int status) {
        return (IamException) IamException.builder().statusCode(status).message("m")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void transientCodesAndServerErrorsAreRetryable() {
        for (String code : new String[] {"Throttling", "RequestLimitExceeded", "ServiceFailure", "EntityTemporarilyUnmodifiable"}) {
            assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error(code, 400)), code);
        }
        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error("Whatever", 503)));
        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", ApiCallTimeoutException.create(1000)));
        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", SdkClientException.create("reset")));
    }

    @Test
    void throttlingIsItsOwnRetryableErrorAndOtherTransientFailuresAreNot() {
        for (String code : new String[] {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
                                         "ProvisionedThroughputExceededException", "SlowDown"}) {
            RuntimeException e = AwsErrors.classify("iam:CreateUser", error(code, 400));
            assertEquals("com.iamonboarding.common.ThrottledStepException", e.getClass().getName(), code);
            assertEquals("iam:CreateUser failed: " + code + " (HTTP 400)", e.getMessage());
        }
        assertEquals(ThrottledStepException.class, AwsErrors.classify("iam:CreateUser", error("Whatever", 429)).getClass());
        for (String code : new String[] {"ServiceFailure", "EntityTemporarilyUnmodifiable", "ConcurrentModification"}) {
            assertEquals(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error(code, 400)).getClass(), code);
        }
        assertEquals(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error("Whatever", 503)).getClass());
        assertEquals(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", SdkClientException.create("reset")).getClass());
    }

    @Test
    void validationLimitsConflictsAndAccessDeniedArePermanent() {
        for (String code : new String[] {"ValidationError", "LimitExceeded", "EntityAlreadyExists", "AccessDenied"}) {
            assertInstanceOf(PermanentStepException.class, AwsErrors.classify("iam:CreateUser", error(code, 400)), code);
        }
    }

    @Test
    void anErrorWithoutACodeIsClassifiedByItsStatus() {
        RuntimeException e = AwsErrors.classify("iam:ListServiceSpecificCredentials", error(null, 500));
        assertInstanceOf(RetryableStepException.class, e);
        assertEquals("iam:ListServiceSpecificCredentials failed: Unknown (HTTP 500)", e.getMessage());
        assertInstanceOf(PermanentStepException.class, AwsErrors.classify("x", error(null, 403)));
    }
}
