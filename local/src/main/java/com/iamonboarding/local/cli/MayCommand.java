package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.authz.AskedPrincipal;
import com.iamonboarding.local.proxy.authz.Decision;
import com.iamonboarding.local.proxy.authz.DecidingStatement;
import com.iamonboarding.local.stack.LocalStack;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/local may}: asks the local IAM evaluator whether a principal may perform an action on a
 * resource, with the stack's policies as deployed (the template's roles, the profiles' groups and
 * boundary, the key and bucket policies, the secrets' policies in the emulator). Exit 0 when
 * allowed, 1 when denied.
 */
public final class MayCommand {

    public static final int DENIED = 1;

    private final LocalStack stack;
    private final PrintStream console;

    public MayCommand(LocalStack stack, PrintStream console) {
        this.stack = stack;
        this.console = console;
    }

    public int run(String principalSpec, String action, String resource, Map<String, List<String>> context, boolean json) {
        AskedPrincipal principal = stack.principals().parse(principalSpec);
        Decision decision = stack.authorizer().orElseThrow().ask(principal, action, resource, context);
        if (json) {
            console.println(Json.write(toJson(principal, action, resource, decision)));
        } else {
            console.println((decision.allowed() ? "ALLOWED: " : "DENIED: ") + principal.description() + " ("
                    + principal.caller().arn() + ") " + action + " on " + resource);
            console.println("  " + describe(decision.result()));
            decision.decidingStatements().forEach(statement -> console.println("  " + statement));
            if (!decision.blockedBy().isEmpty()) {
                console.println("  blocked by: " + decision.blockedBy());
            }
            if (!decision.ignoredContextKeys().isEmpty()) {
                console.println("  context keys the action does not take: " + decision.ignoredContextKeys());
            }
        }
        return decision.allowed() ? 0 : DENIED;
    }

    private static String describe(Decision.Result result) {
        return switch (result) {
            case ALLOWED -> "allowed by:";
            case EXPLICITLY_DENIED -> "explicitly denied by:";
            case IMPLICITLY_DENIED -> "implicitly denied: no statement allows it where IAM needs one";
        };
    }

    private static ObjectNode toJson(AskedPrincipal principal, String action, String resource, Decision decision) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("principal", principal.caller().arn());
        out.put("description", principal.description());
        out.put("action", action);
        out.put("resource", resource);
        out.put("decision", decision.result().name());
        out.put("allowed", decision.allowed());
        ArrayNode statements = out.putArray("decidingStatements");
        for (DecidingStatement statement : decision.decidingStatements()) {
            ObjectNode s = statements.addObject();
            s.put("kind", statement.kind().name());
            s.put("policyType", statement.policyType().name());
            statement.policy().ifPresent(p -> s.put("policy", p));
            statement.sid().ifPresent(sid -> s.put("sid", sid));
            if (statement.statementIndex().isPresent()) {
                s.put("statement", statement.statementIndex().getAsInt());
            }
        }
        ArrayNode blocked = out.putArray("blockedBy");
        decision.blockedBy().forEach(type -> blocked.add(type.name()));
        return out;
    }
}
