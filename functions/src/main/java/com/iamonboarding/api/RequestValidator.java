package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates a POST /onboardings body against {@code onboarding-request.schema.json} (the same file
 * is the API Gateway model) plus the rules a schema cannot express, and reports every violation at
 * once. A valid body becomes an {@link OnboardingRequest} with defaults applied.
 *
 * <p>Messages are written here or by {@link RequestSchema} from the rule, never taken from the
 * validator library: its messages can quote the submitted value, which may be huge or hostile.
 */
public final class RequestValidator {

    public static final String SCHEMA_RESOURCE = "/onboarding-request.schema.json";

    private static final Set<String> OUR_TAG_KEYS = OnboardingTags.RESERVED_USER_TAG_KEYS.stream()
            .map(key -> key.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final String TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @";
    private static final String TAG_KEYS_MESSAGE = "tag keys must be 1-128 characters: " + TAG_CHARACTERS;
    private static final Map<String, String> PATTERN_MESSAGES = Map.of(
            "employeeId", "may contain only " + TAG_CHARACTERS + " (it becomes a tag value)",
            "userName", "may contain only ASCII letters, digits and + = , . @ _ -",
            "email", "must be an ASCII email address with a dotted domain",
            "displayName", "must not contain control, line-separator or bidirectional-override characters",
            "department", "must not contain control, line-separator or bidirectional-override characters",
            "accessProfile", "may contain only ASCII letters, digits and . _ -");

    private final RequestSchema schema;
    private final AccessProfiles profiles;
    private final Pattern tagKeyPattern;
    private final String defaultHandover;

    /** Requests without a handover get SELF_SERVICE. */
    public RequestValidator(AccessProfiles profiles) {
        this(profiles, OnboardingRequest.SELF_SERVICE);
    }

    /** {@code defaultHandover}: what a request without one gets (the stack's DefaultHandover parameter). */
    public RequestValidator(AccessProfiles profiles, String defaultHandover) {
        if (!List.of(OnboardingRequest.SELF_SERVICE, OnboardingRequest.OPERATOR).contains(defaultHandover)) {
            throw new IllegalStateException("DEFAULT_HANDOVER must be SELF_SERVICE or OPERATOR, not " + defaultHandover);
        }
        this.defaultHandover = defaultHandover;
        this.profiles = profiles;
        this.schema = new RequestSchema(SCHEMA_RESOURCE, "an onboarding request", RequestValidator::ownMessage);
        String tagKeyRegex = schema.document().path("properties").path("tags").path("patternProperties").fieldNames().next();
        this.tagKeyPattern = Pattern.compile(EcmaAnchoredRegularExpressionFactory.toJava(tagKeyRegex));
    }

    /** The outcome: either a request (no violations) or the violations (no request). */
    public record Validation(OnboardingRequest request, List<Violation> violations) implements RequestValidation<OnboardingRequest> {
    }

    public Validation validate(JsonNode json) {
        List<Violation> violations = schema.violations(json, this::checkFields);
        return violations.isEmpty() ? new Validation(normalize((ObjectNode) json), List.of()) : new Validation(null, violations);
    }

    private void checkFields(JsonNode body, List<Violation> violations) {
        checkAccessProfile(body.get("accessProfile"), violations);
        checkUserName(body.get("userName"), violations);
        checkTags(body.get("tags"), violations);
        checkHandover(body, violations);
    }

    /**
     * A hire who enrols signs in to the console to do so, and reads their access key from that
     * session: an explicit SELF_SERVICE needs console access. (Without a handover, a hire without
     * console access gets OPERATOR: see {@link #normalize}.)
     */
    private void checkHandover(JsonNode body, List<Violation> violations) {
        if (OnboardingRequest.SELF_SERVICE.equals(body.path("handover").asText(null)) && body.path("consoleAccess").isBoolean()
                && !body.path("consoleAccess").asBoolean()) {
            violations.add(new Violation("consoleAccess", "selfServiceNeedsConsole",
                    "must be true with handover SELF_SERVICE: the hire signs in to enrol and reads their access key from"
                            + " that session; send handover OPERATOR for a hire without console access"));
        }
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
                    violations.add(new Violation("tags", "additionalProperties", TAG_KEYS_MESSAGE));
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
                        "is set by iam-onboarding itself (reserved in any letter case: "
                                + String.join(", ", OnboardingTags.RESERVED_USER_TAG_KEYS) + ")"));
            }
            // IAM compares tag keys without regard to case, so CostCenter and costcenter collide.
            if (seen.putIfAbsent(folded, key) != null) {
                violations.add(new Violation(field, "uniqueKeys", "differs from another tag key only in case; IAM treats them as the same key"));
            }
        }
    }

    /** The schema failures onboarding words its own way; the rest get RequestSchema's wording. */
    private static Optional<String> ownMessage(RequestSchema.Failure failure) {
        return switch (failure.rule()) {
            case "additionalProperties" -> failure.path().equals(List.of("tags")) ? Optional.of(TAG_KEYS_MESSAGE) : Optional.empty();
            case "maxProperties" -> Optional.of("may have at most " + failure.argument().asInt()
                    + " entries (IAM allows 50 tags on a user, and iam-onboarding keeps the rest for its own tags)");
            case "format" -> Optional.of("must be a valid " + failure.argument().asText() + " address");
            case "pattern" -> Optional.of(patternMessage(failure.path()));
            default -> Optional.empty();
        };
    }

    private static String patternMessage(List<String> path) {
        if (path.size() == 2 && path.get(0).equals("tags")) {
            return "tag values may contain only " + TAG_CHARACTERS;
        }
        return PATTERN_MESSAGES.getOrDefault(String.join(".", path), RequestSchema.CHARACTERS_NOT_ALLOWED);
    }

    private OnboardingRequest normalize(ObjectNode body) {
        OnboardingRequest request = Json.MAPPER.convertValue(body, OnboardingRequest.class);
        if (request.consoleAccess == null) {
            request.consoleAccess = Boolean.TRUE;
        }
        if (request.handover == null) {
            // A hire without console access has no page to enrol on: their access key is handed over
            // by an operator, as it was before self-service existed, whatever the stack's default.
            request.handover = request.consoleAccess ? defaultHandover : OnboardingRequest.OPERATOR;
        }
        if (request.programmaticAccess == null) {
            request.programmaticAccess = Boolean.TRUE;
        }
        // Sorted, so the same request always serialises to the same execution input.
        request.tags = request.tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(new TreeMap<>(request.tags));
        return request;
    }
}
