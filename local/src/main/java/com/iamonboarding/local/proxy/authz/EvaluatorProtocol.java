package com.iamonboarding.local.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The JSON lines evaluate.mjs reads and writes (local/iam-evaluator/README.md describes both). */
final class EvaluatorProtocol {

    private static final Map<String, Decision.Result> RESULTS = Map.of(
            "Allowed", Decision.Result.ALLOWED,
            "ExplicitlyDenied", Decision.Result.EXPLICITLY_DENIED,
            "ImplicitlyDenied", Decision.Result.IMPLICITLY_DENIED);

    private static final Map<String, DecidingStatement.Kind> KINDS = Map.of(
            "allow", DecidingStatement.Kind.ALLOW,
            "explicitDeny", DecidingStatement.Kind.EXPLICIT_DENY,
            "implicitDeny", DecidingStatement.Kind.IMPLICIT_DENY);

    private static final Map<String, DecidingStatement.PolicyType> POLICY_TYPES = Map.of(
            "identity", DecidingStatement.PolicyType.IDENTITY,
            "resource", DecidingStatement.PolicyType.RESOURCE,
            "permissionsBoundary", DecidingStatement.PolicyType.PERMISSIONS_BOUNDARY,
            "scp", DecidingStatement.PolicyType.SCP,
            "rcp", DecidingStatement.PolicyType.RCP,
            "vpcEndpoint", DecidingStatement.PolicyType.VPC_ENDPOINT,
            "s3BlockPublicAccess", DecidingStatement.PolicyType.S3_BLOCK_PUBLIC_ACCESS);

    private EvaluatorProtocol() {
    }

    static ObjectNode ping(String id) {
        return Json.MAPPER.createObjectNode().put("id", id).put("ping", true);
    }

    static ObjectNode request(String id, AuthorizationRequest request) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("id", id)
                .put("principal", request.principal())
                .put("action", request.action())
                .put("resource", request.resource());
        ObjectNode context = json.putObject("context");
        request.context().forEach((key, values) -> {
            if (values.size() == 1) {
                context.put(key, values.get(0));
            } else {
                values.forEach(context.putArray(key)::add);
            }
        });
        policies(json.putArray("identityPolicies"), request.identityPolicies());
        policies(json.putArray("permissionBoundaries"), request.permissionBoundaries());
        request.resourcePolicy().ifPresent(policy -> json.set("resourcePolicy", policy(policy)));
        return json;
    }

    /** The decision in an answer; an answer with {@code error} (a request the evaluator refused) throws. */
    static Decision decision(JsonNode answer) {
        if (answer.hasNonNull("error")) {
            throw new IamEvaluatorException("the IAM evaluator refused the request: " + answer.get("error").asText());
        }
        List<DecidingStatement> statements = new ArrayList<>();
        for (JsonNode statement : answer.path("decidingStatements")) {
            statements.add(new DecidingStatement(policyType(statement.path("policyType").asText()),
                    kind(statement.path("kind").asText()),
                    text(statement, "policy"), text(statement, "sid"),
                    statement.hasNonNull("statementIndex") ? OptionalInt.of(statement.get("statementIndex").asInt())
                            : OptionalInt.empty()));
        }
        return new Decision(result(answer.path("result").asText()), statements,
                list(answer.path("blockedBy"), EvaluatorProtocol::policyType),
                list(answer.path("ignoredContextKeys"), Function.identity()),
                list(answer.path("adjustments"), Function.identity()));
    }

    private static void policies(ArrayNode array, List<NamedPolicy> policies) {
        policies.forEach(policy -> array.add(policy(policy)));
    }

    private static ObjectNode policy(NamedPolicy policy) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("name", policy.name());
        json.set("document", policy.document());
        return json;
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static <T> List<T> list(JsonNode array, Function<String, T> convert) {
        List<T> values = new ArrayList<>();
        array.forEach(value -> values.add(convert.apply(value.asText())));
        return values;
    }

    private static Decision.Result result(String wire) {
        return known(RESULTS, wire, "result");
    }

    private static DecidingStatement.Kind kind(String wire) {
        return known(KINDS, wire, "statement kind");
    }

    private static DecidingStatement.PolicyType policyType(String wire) {
        return known(POLICY_TYPES, wire, "policy type");
    }

    private static <T> T known(Map<String, T> values, String wire, String what) {
        T value = values.get(wire);
        if (value == null) {
            throw new IamEvaluatorException("the IAM evaluator answered an unknown " + what + ": " + wire);
        }
        return value;
    }
}
