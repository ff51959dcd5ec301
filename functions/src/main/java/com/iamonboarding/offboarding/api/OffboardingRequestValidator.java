package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.RequestSchema;
import com.iamonboarding.api.RequestValidation;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.OffboardingMode;
import com.iamonboarding.offboarding.OffboardingRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a POST /offboardings body against {@code offboarding-request.schema.json} (the same file
 * is the API Gateway model) and the rules a schema cannot say, reporting every violation at once,
 * with the onboarding API's violation format and its ECMA-262 reading of {@code $}. Messages are
 * written here or by {@link RequestSchema}, never the library's, which can quote the submitted value.
 */
public final class OffboardingRequestValidator {

    public static final String SCHEMA_RESOURCE = "/offboarding-request.schema.json";

    private static final Map<String, String> PATTERN_MESSAGES = Map.of(
            "userName", "may contain only ASCII letters, digits and + = , . @ _ -",
            "reason", "may contain only letters, digits, spaces and _ . : / = + - @ (it becomes a tag value)");

    private final RequestSchema schema;

    public OffboardingRequestValidator() {
        this.schema = new RequestSchema(SCHEMA_RESOURCE, "an offboarding request", OffboardingRequestValidator::ownMessage);
    }

    /** Either a request with defaults applied (no violations) or the violations (no request). */
    public record Validation(OffboardingRequest request, List<Violation> violations) implements RequestValidation<OffboardingRequest> {
    }

    public Validation validate(JsonNode json) {
        List<Violation> violations = schema.violations(json, OffboardingRequestValidator::checkFields);
        return violations.isEmpty() ? new Validation(normalize((ObjectNode) json), List.of()) : new Validation(null, violations);
    }

    private static void checkFields(JsonNode body, List<Violation> violations) {
        JsonNode userName = body.get("userName");
        // IAM allows a name of dots only; as a path segment (S3 keys, secret names) it reads as navigation.
        if (userName != null && userName.isTextual() && !userName.asText().isEmpty()
                && userName.asText().chars().allMatch(c -> c == '.')) {
            violations.add(new Violation("userName", "pattern", "must not consist of dots only"));
        }
        JsonNode reason = body.get("reason");
        if (reason != null && reason.isTextual() && !reason.asText().isEmpty() && reason.asText().isBlank()) {
            violations.add(new Violation("reason", "pattern", "must contain something other than spaces"));
        }
    }

    /** The schema failures offboarding words its own way; the rest get RequestSchema's wording. */
    private static Optional<String> ownMessage(RequestSchema.Failure failure) {
        return switch (failure.rule()) {
            case "enum" -> Optional.of("must be " + OffboardingMode.DISABLE + " or " + OffboardingMode.DELETE);
            case "pattern" -> Optional.of(PATTERN_MESSAGES.getOrDefault(failure.at(), RequestSchema.CHARACTERS_NOT_ALLOWED));
            default -> Optional.empty();
        };
    }

    private static OffboardingRequest normalize(ObjectNode body) {
        OffboardingRequest request = Json.MAPPER.convertValue(body, OffboardingRequest.class);
        if (request.mode == null) {
            request.mode = OffboardingMode.DISABLE;
        }
        if (request.force == null) {
            request.force = Boolean.FALSE;
        }
        if (request.dryRun == null) {
            request.dryRun = Boolean.FALSE;
        }
        return request;
    }
}
