package com.iamonboarding.local.lambda;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures a test (or a curious user) asks the local Lambda endpoint to inject: a function whose
 * invocations end in a handler error of a given type, or an AWS action the emulator "answers" with
 * an AWS error. Both stay until {@link #clear()}.
 */
public final class FaultInjection {

    /** A handler error: what Step Functions sees as the Lambda's errorType and errorMessage. */
    public record FunctionFault(String errorType, String errorMessage) {
    }

    /** An AWS error answer: HTTP status and error code, rendered in the protocol of the request. */
    public record ActionFault(int status, String errorCode, String message) {
    }

    private final Map<String, FunctionFault> functionFaults = new ConcurrentHashMap<>();
    private final Map<String, ActionFault> actionFaults = new ConcurrentHashMap<>();

    /** Every invocation of the function (logical id or name) fails with {@code errorType}. */
    public void failFunction(String function, String errorType, String errorMessage) {
        functionFaults.put(function, new FunctionFault(errorType, errorMessage));
    }

    /** Every request for {@code action} (e.g. CreateLoginProfile, PutObject) is answered with this AWS error. */
    public void failAction(String action, int status, String errorCode, String message) {
        actionFaults.put(action, new ActionFault(status, errorCode, message));
    }

    public void clear() {
        functionFaults.clear();
        actionFaults.clear();
    }

    Optional<FunctionFault> forFunction(String logicalId, String name) {
        return Optional.ofNullable(functionFaults.get(logicalId)).or(() -> Optional.ofNullable(functionFaults.get(name)));
    }

    Optional<ActionFault> forAction(String action) {
        return Optional.ofNullable(actionFaults.get(action));
    }
}
