package com.iamonboarding.local.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Allow statements of the stack's roles that no evaluated request needed: each is a grant the
 * application does not use (a finding), or one it needs on a path the runs did not take (then it is
 * listed with its reason). Statements are named by {@link StatementId}; a role's policies are named
 * {@code <LogicalId>/<n>} by {@link StackPolicies}.
 */
public final class LeastPrivilegeReport {

    private LeastPrivilegeReport() {
    }

    /** Every Allow statement of every role of the stack, in template order. */
    public static List<String> allowStatements(StackPolicies policies) {
        List<String> all = new ArrayList<>();
        policies.roles().values().forEach(rolePolicies -> rolePolicies.forEach(policy -> all.addAll(allows(policy))));
        return all;
    }

    /** The Allow statements of the stack's roles that allowed no request, given {@link Authorizer#usedStatements}. */
    public static List<String> unused(StackPolicies policies, Map<String, Set<String>> usedByRole) {
        List<String> unused = new ArrayList<>();
        policies.roles().forEach((roleArn, rolePolicies) -> {
            Set<String> used = usedByRole.getOrDefault(roleArn, Set.of());
            rolePolicies.forEach(policy -> allows(policy).stream().filter(id -> !used.contains(id)).forEach(unused::add));
        });
        return unused;
    }

    private static List<String> allows(NamedPolicy policy) {
        List<String> ids = new ArrayList<>();
        JsonNode statements = policy.document().path("Statement");
        for (int i = 0; i < statements.size(); i++) {
            JsonNode statement = statements.get(i);
            if ("Allow".equals(statement.path("Effect").asText())) {
                Optional<String> sid = statement.hasNonNull("Sid") ? Optional.of(statement.get("Sid").asText()) : Optional.empty();
                ids.add(StatementId.of(policy.name(), sid, i + 1));
            }
        }
        return ids;
    }
}
