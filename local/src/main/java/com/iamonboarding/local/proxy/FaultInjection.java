package com.iamonboarding.local.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Failures a test (or a curious user) asks the local Lambda endpoint to inject:
 * <ul>
 *   <li>a function whose invocations end in a handler error of a given type;</li>
 *   <li>{@link FaultRule}s on AWS actions: for the first N requests of an action (optionally only
 *       those that mention one onboarding's user name, secret name or S3 key, so that scenarios can
 *       run side by side through one stack), an AWS error, a dropped connection, a late answer or a
 *       lost answer ({@link Fault.Kind});</li>
 *   <li>a strict mode in which IAM refuses deletions the way real IAM does and the emulator does not
 *       ({@link IamDeleteConflicts}).</li>
 * </ul>
 * Faults stay until they are used up, {@link #remove}d or {@link #clear()}ed; strict mode stays as set.
 */
public final class FaultInjection {

    /**
     * How long {@link Fault.Kind#SLOW_RESPONSE} holds an answer back: just above the functions' SDK
     * attempt timeout (5 s, see AwsClients), so the caller has given up when the answer comes.
     */
    public static final Duration SLOW_RESPONSE_DELAY = Duration.ofMillis(5_500);

    /** A handler error: what Step Functions sees as the Lambda's errorType and errorMessage. */
    public record FunctionFault(String errorType, String errorMessage) {
    }

    private final Map<String, FunctionFault> functionFaults = new ConcurrentHashMap<>();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private volatile boolean strictDeleteConflicts;

    /** Every invocation of the function (logical id or name) fails with {@code errorType}. */
    public void failFunction(String function, String errorType, String errorMessage) {
        functionFaults.put(function, new FunctionFault(errorType, errorMessage));
    }

    /** Every request for {@code action} (e.g. CreateLoginProfile, PutObject) is answered with this AWS error. */
    public FaultRule failAction(String action, int status, String errorCode, String message) {
        return inject(action, null, FaultRule.ALWAYS, Fault.error(status, errorCode, message));
    }

    /**
     * The first {@code times} requests for {@code action} that mention {@code scope} (a user name, a
     * secret name, an S3 key prefix; null for any request of the action) meet {@code fault}. Rules
     * are consulted in the order they were added; a request meets at most one.
     */
    public FaultRule inject(String action, String scope, int times, Fault fault) {
        FaultRule rule = new FaultRule(action, scope, times, fault);
        rules.add(rule);
        return rule;
    }

    public void remove(FaultRule rule) {
        rules.remove(rule);
    }

    /** With strict mode on, iam:DeleteUser and iam:DeleteVirtualMFADevice meet IAM's DeleteConflict rules. */
    public void strictDeleteConflicts(boolean on) {
        this.strictDeleteConflicts = on;
    }

    public boolean strictDeleteConflicts() {
        return strictDeleteConflicts;
    }

    /** Removes every function fault and fault rule (strict mode is left as it is). */
    public void clear() {
        functionFaults.clear();
        rules.clear();
    }

    public Optional<FunctionFault> forFunction(String logicalId, String name) {
        return Optional.ofNullable(functionFaults.get(logicalId)).or(() -> Optional.ofNullable(functionFaults.get(name)));
    }

    /** The first rule that applies to the request and still has a request to take, which it takes. */
    Optional<FaultRule> claim(RecordedRequest request) {
        for (FaultRule rule : rules) {
            if (rule.appliesTo(request) && rule.claim()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
