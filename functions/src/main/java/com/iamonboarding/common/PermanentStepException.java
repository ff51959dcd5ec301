package com.iamonboarding.common;

/**
 * A failure that retrying cannot fix (a conflict with a resource this onboarding does not own, an
 * invalid input, a limit, access denied): the state machine goes straight to compensation.
 * Messages name the resource and the rule, never a secret.
 */
public class PermanentStepException extends RuntimeException {
    public PermanentStepException(String message) {
        super(message);
    }

    public PermanentStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
