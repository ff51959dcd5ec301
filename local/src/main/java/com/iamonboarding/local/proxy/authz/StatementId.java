package com.iamonboarding.local.proxy.authz;

import java.util.Optional;

/**
 * A statement as the least-privilege report names it: {@code <policy name>/<Sid>}, or
 * {@code <policy name>#<n>} (1-based, as iam-simulate counts) for a statement without a Sid.
 */
public final class StatementId {

    private StatementId() {
    }

    public static String of(String policy, Optional<String> sid, int oneBasedIndex) {
        return sid.filter(s -> !s.isBlank()).map(s -> policy + "/" + s).orElse(policy + "#" + oneBasedIndex);
    }

    static String of(DecidingStatement statement) {
        return of(statement.policy().orElse("?"), statement.sid(), statement.statementIndex().orElse(-1));
    }
}
