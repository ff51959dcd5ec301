package com.iamonboarding.local.proxy.authz;

/** The IAM evaluator cannot answer: it refused a malformed request, timed out, or its process ended. */
public class IamEvaluatorException extends RuntimeException {

    public IamEvaluatorException(String message) {
        super(message);
    }

    public IamEvaluatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
