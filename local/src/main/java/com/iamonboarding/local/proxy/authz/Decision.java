package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Objects;

/**
 * IAM's answer to an {@link AuthorizationRequest}. {@code blockedBy} names the guardrails (boundary,
 * SCP, ...) that turned an allow into a denial; {@code ignoredContextKeys} the context keys the
 * action does not take, which played no part; {@code adjustments} where the evaluator overruled
 * iam-simulate (see local/iam-evaluator/README.md).
 */
public record Decision(Result result, List<DecidingStatement> decidingStatements, List<DecidingStatement.PolicyType> blockedBy,
                       List<String> ignoredContextKeys, List<String> adjustments) {

    public Decision {
        Objects.requireNonNull(result, "result");
        decidingStatements = List.copyOf(decidingStatements);
        blockedBy = List.copyOf(blockedBy);
        ignoredContextKeys = List.copyOf(ignoredContextKeys);
        adjustments = List.copyOf(adjustments);
    }

    public enum Result { ALLOWED, EXPLICITLY_DENIED, IMPLICITLY_DENIED }

    public boolean allowed() {
        return result == Result.ALLOWED;
    }

    @Override
    public String toString() {
        return result + " " + decidingStatements;
    }
}
