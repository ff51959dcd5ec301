package com.iamonboarding.common;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK error into one of the error types the state machine understands (permanent,
 * retryable, throttled). Messages carry
 * the action, the service's error code and the HTTP status; they never echo request parameters.
 */
public final class AwsErrors {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown",
            // DynamoDB's throttling (HTTP 400), for provisioned and on-demand tables alike.
            "ProvisionedThroughputExceededException");

    private static final Set<String> TRANSIENT_CODES = Set.of(
            "ServiceFailure", "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure",
            "InternalServiceError", "InternalServiceErrorException", "InternalError",
            "EntityTemporarilyUnmodifiable", "ConcurrentModification", "ConcurrentModificationException",
            "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete");

    private AwsErrors() {
    }

    public static RuntimeException classify(String action, SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new RetryableStepException(action + " timed out");
        }
        if (e instanceof AwsServiceException service) {
            // An error without a code (an HTML 5xx page from a proxy or load balancer) still has a status.
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                    ? "Unknown" : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            String message = action + " failed: " + code + " (HTTP " + status + ")";
            if (isThrottling(code, status)) {
                return new ThrottledStepException(message);
            }
            if (isTransient(code, status)) {
                return new RetryableStepException(message);
            }
            return new PermanentStepException(message);
        }
        if (e instanceof SdkClientException) {
            // Connection resets, DNS hiccups and unreadable responses: the call may not have run.
            return new RetryableStepException(action + " could not reach the service");
        }
        return new PermanentStepException(action + " failed: " + e.getClass().getSimpleName());
    }

    /**
     * IAM's refusal. For GetUser by a role scoped to the project's path it is also the answer for a
     * name with no user at all: IAM evaluates the request on {@code user/<name>}, which no path-scoped
     * statement matches, before it looks the user up.
     */
    public static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException service && (service.statusCode() == 403
                || service.awsErrorDetails() != null && "AccessDenied".equals(service.awsErrorDetails().errorCode()));
    }

    /** A service's "slow down": the request was refused before anything was applied, so sending it again is always safe. */
    public static boolean isThrottling(Throwable e) {
        if (!(e instanceof AwsServiceException service)) {
            return false;
        }
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return isThrottling(code, service.statusCode());
    }

    static boolean isThrottling(String code, int status) {
        return code != null && THROTTLING_CODES.contains(code) || status == 429;
    }

    static boolean isTransient(String code, int status) {
        return isThrottling(code, status) || code != null && TRANSIENT_CODES.contains(code) || status >= 500;
    }
}
