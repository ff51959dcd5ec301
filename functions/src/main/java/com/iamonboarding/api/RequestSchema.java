package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.iamonboarding.common.Json;
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
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The JSON Schema of a request body, bundled with the functions (the same file is the API Gateway
 * model) and read with the ECMA-262 meaning of {@code $}. It reports every violation at once, the
 * schema's and the caller's own rules', each once and in field order.
 *
 * <p>Messages are written here (or by the caller) from the rule and its schema argument, never taken
 * from the validator library: its messages can quote the submitted value, which may be huge or hostile.
 */
public final class RequestSchema {

    /** The whole body, when a violation is not about one field. */
    public static final String BODY = "body";
    public static final String CHARACTERS_NOT_ALLOWED = "contains characters that are not allowed";

    private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * One way the body breaks the schema. The path holds only schema-approved names: the request
     * schemas are closed and have no arrays, and a tag value is visited only under a key that matched
     * the tag key pattern.
     */
    public record Failure(String rule, List<String> path, String property, JsonNode argument) {
        public String at() {
            return path.isEmpty() ? BODY : String.join(".", path);
        }
    }

    private final JsonNode document;
    private final JsonSchema schema;
    private final String aRequest;
    private final Function<Failure, Optional<String>> ownMessages;

    /**
     * @param aRequest what a valid body is, with its article, for messages ("an onboarding request")
     * @param ownMessages the message for a failure this request words its own way; empty for the common wording
     */
    public RequestSchema(String resource, String aRequest, Function<Failure, Optional<String>> ownMessages) {
        this.document = load(resource);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(EcmaAnchoredRegularExpressionFactory.INSTANCE)
                .build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(document, config);
        this.aRequest = aRequest;
        this.ownMessages = ownMessages;
    }

    public JsonNode document() {
        return document;
    }

    /**
     * Every violation of {@code json} (null counts as JSON null): the schema's, then, when it is an
     * object, whatever {@code ownRules} adds to the list it is given with the schema's violations in it.
     */
    public List<Violation> violations(JsonNode json, BiConsumer<JsonNode, List<Violation>> ownRules) {
        JsonNode body = json == null ? NullNode.getInstance() : json;
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(body)) {
            violations.add(toViolation(message));
        }
        if (body.isObject()) {
            ownRules.accept(body, violations);
        }
        List<Violation> distinct = new ArrayList<>(new LinkedHashSet<>(violations));
        distinct.sort(Comparator.comparing(Violation::field).thenComparing(Violation::rule));
        return List.copyOf(distinct);
    }

    private Violation toViolation(ValidationMessage message) {
        Failure failure = new Failure(message.getType(), path(message.getInstanceLocation()),
                message.getProperty(), message.getSchemaNode());
        String rule = failure.rule();
        String at = failure.at();
        Optional<String> own = ownMessages.apply(failure);
        if (own.isPresent()) {
            return new Violation(at, rule, own.get());
        }
        JsonNode argument = failure.argument();
        switch (rule) {
            case "required":
                return new Violation(fieldName(failure.path(), failure.property()), rule, "is required");
            case "additionalProperties":
                String unknown = failure.property();
                if (unknown != null && PLAIN_FIELD_NAME.matcher(unknown).matches()) {
                    return new Violation(fieldName(failure.path(), unknown), rule, "is not a field of " + aRequest);
                }
                return new Violation(at, rule, "contains a field that is not part of " + aRequest
                        + " (its name is not repeated because it has characters no field name has)");
            case "type":
                return new Violation(at, rule, "must be " + article(argument.asText()));
            case "minLength":
                return new Violation(at, rule, "must be at least " + argument.asInt() + " characters long");
            case "maxLength":
                return new Violation(at, rule, "must be at most " + argument.asInt() + " characters long");
            case "pattern":
                return new Violation(at, rule, CHARACTERS_NOT_ALLOWED);
            default:
                return new Violation(at, rule, "does not satisfy the rule " + rule);
        }
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

    private static List<String> path(JsonNodePath location) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            names.add(String.valueOf(location.getElement(i)));
        }
        return names;
    }

    private static JsonNode load(String resource) {
        try (InputStream in = RequestSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the function package");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
