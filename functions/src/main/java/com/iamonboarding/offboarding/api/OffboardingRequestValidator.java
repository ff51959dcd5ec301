package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.EcmaAnchoredRegularExpressionFactory;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.OffboardingMode;
import com.iamonboarding.offboarding.OffboardingRequest;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a POST /offboardings body against {@code offboarding-request.schema.json} (the same file
 * is the API Gateway model) and the rules a schema cannot say, reporting every violation at once,
 * with the onboarding API's violation format and its ECMA-262 reading of {@code $}. Messages are
 * written here, never the library's, which can quote the submitted value.
 */
public final class OffboardingRequestValidator {

    public static final String SCHEMA_RESOURCE = "/offboarding-request.schema.json";
    static final String BODY = "body";

    private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Map<String, String> PATTERN_MESSAGES = Map.of(
            "userName", "may contain only ASCII letters, digits and + = , . @ _ -",
            "reason", "may contain only letters, digits, spaces and _ . : / = + - @ (it becomes a tag value)");

    private final JsonSchema schema;

    public OffboardingRequestValidator() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .regularExpressionFactory(EcmaAnchoredRegularExpressionFactory.INSTANCE)
                .build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(loadSchemaDocument(), config);
    }

    /** Either a request with defaults applied (no violations) or the violations (no request). */
    public record Validation(OffboardingRequest request, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public Validation validate(JsonNode json) {
        JsonNode body = json == null ? NullNode.getInstance() : json;
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(body)) {
            violations.add(toViolation(message));
        }
        if (body.isObject()) {
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
        if (!violations.isEmpty()) {
            List<Violation> distinct = new ArrayList<>(new LinkedHashSet<>(violations));
            distinct.sort(Comparator.comparing(Violation::field).thenComparing(Violation::rule));
            return new Validation(null, List.copyOf(distinct));
        }
        return new Validation(normalize((ObjectNode) body), List.of());
    }

    private static Violation toViolation(ValidationMessage message) {
        String rule = message.getType();
        List<String> path = path(message.getInstanceLocation());
        String at = path.isEmpty() ? BODY : String.join(".", path);
        JsonNode argument = message.getSchemaNode();
        switch (rule) {
            case "required":
                return new Violation(message.getProperty(), rule, "is required");
            case "additionalProperties":
                String unknown = message.getProperty();
                if (unknown != null && PLAIN_FIELD_NAME.matcher(unknown).matches()) {
                    return new Violation(unknown, rule, "is not a field of an offboarding request");
                }
                return new Violation(at, rule, "contains a field that is not part of an offboarding request"
                        + " (its name is not repeated because it has characters no field name has)");
            case "type":
                return new Violation(at, rule, "must be " + (argument.asText().equals("object") ? "an object" : "a " + argument.asText()));
            case "enum":
                return new Violation(at, rule, "must be " + OffboardingMode.DISABLE + " or " + OffboardingMode.DELETE);
            case "minLength":
                return new Violation(at, rule, "must be at least " + argument.asInt() + " characters long");
            case "maxLength":
                return new Violation(at, rule, "must be at most " + argument.asInt() + " characters long");
            case "pattern":
                return new Violation(at, rule, PATTERN_MESSAGES.getOrDefault(at, "contains characters that are not allowed"));
            default:
                return new Violation(at, rule, "does not satisfy the rule " + rule);
        }
    }

    /** Only schema-approved names appear: the schema is flat and closed. */
    private static List<String> path(JsonNodePath location) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            names.add(String.valueOf(location.getElement(i)));
        }
        return names;
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

    private static JsonNode loadSchemaDocument() {
        try (InputStream in = OffboardingRequestValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the function package");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }
}
