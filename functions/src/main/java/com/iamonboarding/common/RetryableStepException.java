package com.iamonboarding.common;

/**
 * A transient failure (throttling, a 5xx, IAM's eventual consistency, a timeout): the state machine
 * retries the step with backoff. Its class name is the error name the ASL's Retry matches.
 */
public class RetryableStepException extends RuntimeException {
    public RetryableStepException(String message) {
        super(message);
    }

    public RetryableStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
