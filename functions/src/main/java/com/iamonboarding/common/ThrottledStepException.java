package com.iamonboarding.common;

/**
 * The service throttled the step (IAM's Throttling, DynamoDB's ProvisionedThroughputExceeded, a
 * 429): transient like any {@link RetryableStepException}, but a sign that the account is at a rate
 * limit shared with everything else in it, so the state machines retry it under its own name with
 * more attempts and longer pauses. A batch run at IAM's rate would otherwise lose rows whose
 * retries all met a bucket that others had just emptied.
 */
public class ThrottledStepException extends RetryableStepException {
    public ThrottledStepException(String message) {
        super(message);
    }
}
