package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfiles;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates a POST /onboardings body against {@code onboarding-request.schema.json} (the same file
 * is the API Gateway model) plus the rules a schema cannot express, and reports every violation at
 * once. A valid body becomes an {@link OnboardingRequest} with defaults applied.
 *
 * <p>Messages are written here from the rule, never taken from the validator library: its messages
 * can quote the submitted value, which may be huge or hostile.
 */
public final class RequestValidator {

    public static final String SCHEMA_RESOURCE = "/onboarding-request.schema.json";
    /** The whole body, when a violation is not about one field. */
    public static final String BODY = "body";

    private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> OUR_TAG_KEYS = Set.of(
            OnboardingTags.ONBOARDING_ID.toLowerCase(Locale.ROOT),
            OnboardingTags.EMPLOYEE_ID.toLowerCase(Locale.ROOT),
            OnboardingTags.MANAGED_BY.toLowerCase(Locale.ROOT));
    private static final String TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @";
    private static final Map<String, String> PATTERN_MESSAGES = Map.of(
            "employeeId", "may contain only " + TAG_CHARACTERS + " (it becomes a tag value)",
            "userName", "may contain only ASCII letters, digits and + = , . @ _ -",
            "email", "must be an ASCII email address with a dotted domain",
            "displayName", "must not contain control, line-separator or bidirectional-override characters",
            "department", "must not contain control, line-separator or bidirectional-override characters",
            "accessProfile", "may contain only ASCII letters, digits and . _ -");

    private final JsonSchema schema;
    private final AccessProfiles profiles;
    private final Pattern tagKeyPattern;

    public RequestValidator(AccessProfiles profiles) {
        this.profiles = profiles;
        JsonNode schemaDocument = loadSchemaDocument();
        String tagKeyRegex = schemaDocument.path("properties").path("tags").path("patternProperties").fieldNames().next();
        this.tagKeyPattern = Pattern.compile(EcmaAnchoredRegularExpressionFactory.toJava(tagKeyRegex));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(EcmaAnchoredRegularExpressionFactory.INSTANCE)
                .build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaDocument, config);
    }

    /** The outcome: either a request (no violations) or the violations (no request). */
    public record Validation(OnboardingRequest request, List<Violation> violations) {
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
            checkAccessProfile(body.get("accessProfile"), violations);
            checkUserName(body.get("userName"), violations);
            checkTags(body.get("tags"), violations);
        }
        if (!violations.isEmpty()) {
            List<Violation> distinct = new ArrayList<>(new LinkedHashSet<>(violations));
            distinct.sort(Comparator.comparing(Violation::field).thenComparing(Violation::rule));
            return new Validation(null, List.copyOf(distinct));
        }
        return new Validation(normalize((ObjectNode) body), List.of());
    }

    private void checkAccessProfile(JsonNode value, List<Violation> violations) {
        boolean schemaRejected = violations.stream().anyMatch(v -> v.field().equals("accessProfile"));
        if (!schemaRejected && value != null && value.isTextual() && profiles.find(value.asText()).isEmpty()) {
            violations.add(new Violation("accessProfile", "enum",
                    "must be one of the configured access profiles: " + String.join(", ", profiles.names())));
        }
    }

    /** IAM allows a name of dots only; as a path segment (S3 keys, secret names) it reads as navigation. */
    private static void checkUserName(JsonNode value, List<Violation> violations) {
        if (value != null && value.isTextual() && !value.asText().isEmpty() && value.asText().chars().allMatch(c -> c == '.')) {
            violations.add(new Violation("userName", "pattern", "must not consist of dots only"));
        }
    }

    private void checkTags(JsonNode tags, List<Violation> violations) {
        if (tags == null || !tags.isObject()) {
            return;
        }
        Map<String, String> seen = new HashMap<>();
        for (Iterator<String> names = tags.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!tagKeyPattern.matcher(key).find()) {
                // The schema reports such a key (additionalProperties, under "tags"), except that
                // json-schema-validator 1.5 lets a key starting with '#' through: report it here then.
                if (violations.stream().noneMatch(v -> v.field().equals("tags") && v.rule().equals("additionalProperties"))) {
                    violations.add(new Violation("tags", "additionalProperties", "tag keys must be 1-128 characters: " + TAG_CHARACTERS));
                }
                continue;
            }
            String folded = key.toLowerCase(Locale.ROOT);
            String field = "tags." + key;
            if (folded.startsWith("aws:")) {
                violations.add(new Violation(field, "reservedPrefix", "tag keys must not start with aws: (reserved by AWS)"));
            }
            if (OUR_TAG_KEYS.contains(folded)) {
                violations.add(new Violation(field, "reservedKey",
                        "is set by the onboarding itself (OnboardingId, EmployeeId and ManagedBy are reserved)"));
            }
            // IAM compares tag keys without regard to case, so CostCenter and costcenter collide.
            if (seen.putIfAbsent(folded, key) != null) {
                violations.add(new Violation(field, "uniqueKeys", "differs from another tag key only in case; IAM treats them as the same key"));
            }
        }
    }

    private Violation toViolation(ValidationMessage message) {
        String rule = message.getType();
        List<String> path = path(message.getInstanceLocation());
        String at = path.isEmpty() ? BODY : String.join(".", path);
        JsonNode argument = message.getSchemaNode();
        switch (rule) {
            case "required":
                return new Violation(fieldName(path, message.getProperty()), rule, "is required");
            case "additionalProperties":
                if (path.equals(List.of("tags"))) {
                    return new Violation("tags", rule, "tag keys must be 1-128 characters: " + TAG_CHARACTERS);
                }
                String unknown = message.getProperty();
                if (unknown != null && PLAIN_FIELD_NAME.matcher(unknown).matches()) {
                    return new Violation(fieldName(path, unknown), rule, "is not a field of an onboarding request");
                }
                return new Violation(at, rule, "contains a field that is not part of an onboarding request"
                        + " (its name is not repeated because it has characters no field name has)");
            case "type":
                return new Violation(at, rule, "must be " + article(argument.asText()));
            case "minLength":
                return new Violation(at, rule, "must be at least " + argument.asInt() + " characters long");
            case "maxLength":
                return new Violation(at, rule, "must be at most " + argument.asInt() + " characters long");
            case "maxProperties":
                return new Violation(at, rule, "may have at most " + argument.asInt()
                        + " entries (the onboarding adds its own 3 tags and IAM allows 50)");
            case "format":
                return new Violation(at, rule, "must be a valid " + argument.asText() + " address");
            case "pattern":
                return new Violation(at, rule, patternMessage(path));
            default:
                return new Violation(at, rule, "does not satisfy the rule " + rule);
        }
    }

    private static String patternMessage(List<String> path) {
        if (path.size() == 2 && path.get(0).equals("tags")) {
            return "tag values may contain only " + TAG_CHARACTERS;
        }
        return PATTERN_MESSAGES.getOrDefault(String.join(".", path), "contains characters that are not allowed");
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String fieldName(List<String> parent, String property) {
        List<String> segments = new ArrayList<>(parent);
        segments.add(property);
        return String.join(".", segments);
    }

    /** The instance location as names. Only schema-approved names appear: the schema has no arrays and
     * a tag value is visited only under a key that matched the tag key pattern. */
    private static List<String> path(JsonNodePath location) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            names.add(String.valueOf(location.getElement(i)));
        }
        return names;
    }

    private static OnboardingRequest normalize(ObjectNode body) {
        OnboardingRequest request = Json.MAPPER.convertValue(body, OnboardingRequest.class);
        if (request.consoleAccess == null) {
            request.consoleAccess = Boolean.TRUE;
        }
        if (request.programmaticAccess == null) {
            request.programmaticAccess = Boolean.TRUE;
        }
        // Sorted, so the same request always serialises to the same execution input.
        request.tags = request.tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(new TreeMap<>(request.tags));
        return request;
    }

    private static JsonNode loadSchemaDocument() {
        try (InputStream in = RequestValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the function package");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }
}
