package com.iamonboarding.local.proxy.authz;

/** A statement as the least-privilege report names it: {@code <policy name>#<index>}. */
public final class StatementId {

    private StatementId() {
    }

    public static String of(String policy, int index) {
        return policy + "#" + index;
    }

    static String of(DecidingStatement statement) {
        return of(statement.policy().orElse("?"), statement.statementIndex().orElse(-1));
    }
}
