package com.iamonboarding.api;

import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import static com.iamonboarding.api.ApiFixtures.STATE_MACHINE_ARN;
import static com.iamonboarding.api.ApiFixtures.VALIDATOR;
import static com.iamonboarding.api.ApiFixtures.body;
import static com.iamonboarding.api.ApiFixtures.post;
import static com.iamonboarding.api.ApiFixtures.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeTry;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Whatever a caller sends that is not a valid onboarding request gets a 400 that names the field,
 * never a 500, and never starts an execution. And a valid request always does.
 */
class StartOnboardingPropertiesTest {

    private static final List<String> STRING_FIELDS = List.of("employeeId", "userName", "email", "displayName", "department", "accessProfile");
    private static final Map<String, Integer> MAX_LENGTHS = Map.of("employeeId", 64, "userName", 64, "email", 254,
            "displayName", 128, "department", 128, "accessProfile", 64);
    private static final String HOSTILE_MARKER = "<x-hostile>";

    private SfnClient sfn;
    private StartOnboardingHandler handler;

    @BeforeTry
    void newHandler() {
        sfn = Mockito.mock(SfnClient.class);
        handler = new StartOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN), Seals.accepting(), Statuses.empty(), VALIDATOR);
    }

    // ---- userName: traversal, injection, look-alikes, invisible characters, length ----

    @Property(tries = 500)
    void hostileUserNamesAreRejectedNamingUserName(@ForAll("hostileUserNames") String userName) {
        APIGatewayProxyResponseEvent response = handler.handle(post(validBody().put("userName", userName)), null);

        assertRejected(response, "userName");
        assertNotEchoed(response, userName);
    }

    @Provide
    Arbitrary<String> hostileUserNames() {
        Arbitrary<String> base = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("../", "..\\", "/", "\\", "../../x", "%2e%2e%2f", " ", ";", "'", "\"", "<", ">", "$(", "`",
                        "*", "?", "|", "&", "#", "!", "~", "^", ":", "%", "{", "}", "[", "]", "(", ")", "\u00A0"),
                Arbitraries.chars().range('\u0000', '\u001F').map(String::valueOf),
                Arbitraries.chars().range('\u007F', '\u009F').map(String::valueOf),
                Arbitraries.chars().range('\u0430', '\u044F').map(String::valueOf),   // Cyrillic а..я
                Arbitraries.chars().range('\u03B1', '\u03C9').map(String::valueOf),   // Greek α..ω
                Arbitraries.chars().range('\uFF01', '\uFF5E').map(String::valueOf),   // fullwidth ！..～
                Arbitraries.chars().range('\u2000', '\u206F').map(String::valueOf),   // spaces, zero-width, bidi controls
                Arbitraries.of("\uFEFF", "\u0301", "\u00E9", "\u0131", "\uD83D\uDE00", "\uD800"));
        Arbitrary<String> injected = Combinators.combine(base, fragment, base).as((a, f, b) -> a + f + b);
        Arbitrary<String> lookAlike = base.map(StartOnboardingPropertiesTest::toLookAlikes);
        Arbitrary<String> tooLong = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(65).ofMaxLength(5000);
        Arbitrary<String> dotsOnly = Arbitraries.integers().between(1, 10).map(".."::repeat);
        return Arbitraries.oneOf(injected, lookAlike, tooLong, dotsOnly, Arbitraries.just(""));
    }

    /** Latin letters swapped for Cyrillic or fullwidth letters that render the same. */
    private static String toLookAlikes(String latin) {
        StringBuilder out = new StringBuilder();
        for (char c : latin.toCharArray()) {
            out.append(switch (c) {
                case 'a' -> '\u0430';
                case 'e' -> '\u0435';
                case 'o' -> '\u043E';
                case 'p' -> '\u0440';
                case 'c' -> '\u0441';
                case 'x' -> '\u0445';
                default -> (char) (c - 'a' + '\uFF41');
            });
        }
        return out.toString();
    }

    // ---- control characters anywhere in any text field ----

    @Property(tries = 500)
    void controlCharactersAreRejectedNamingTheField(@ForAll("textFields") String field,
                                                   @ForAll("controlCharacters") char control,
                                                   @ForAll("positions") double where) {
        String valid = validBody().has(field) ? validBody().get(field).asText() : "Some Text";
        int at = (int) Math.floor(where * (valid.length() + 1));
        String value = valid.substring(0, Math.min(at, valid.length())) + control + valid.substring(Math.min(at, valid.length()));

        assertRejected(handler.handle(post(validBody().put(field, value)), null), field);
    }

    @Provide
    Arbitrary<String> textFields() {
        return Arbitraries.of(STRING_FIELDS);
    }

    @Provide
    Arbitrary<Character> controlCharacters() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001F'), Arbitraries.chars().range('\u007F', '\u009F'),
                Arbitraries.of('\u2028', '\u2029', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'));
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1);
    }

    // ---- oversized values ----

    @Property(tries = 200)
    void oversizedValuesAreRejectedNamingTheField(@ForAll("textFields") String field, @ForAll("excess") int excess) {
        String value = "a".repeat(MAX_LENGTHS.get(field) + excess);

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody().put(field, value)), null);

        assertRejected(response, field);
        assertTrue(rules(response, field).contains("maxLength"), response.getBody());
    }

    @Provide
    Arbitrary<Integer> excess() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 10), Arbitraries.integers().between(11, 200_000));
    }

    // ---- wrong JSON types ----

    @Property(tries = 300)
    void wronglyTypedValuesAreRejectedNamingTheField(@ForAll("wronglyTyped") Tuple.Tuple2<String, JsonNode> field) {
        APIGatewayProxyResponseEvent response = handler.handle(post(validBody().set(field.get1(), field.get2())), null);

        assertRejected(response, field.get1());
        assertEquals(Set.of("type"), rules(response, field.get1()), response.getBody());
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, JsonNode>> wronglyTyped() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Arbitrary<JsonNode> number = Arbitraries.oneOf(Arbitraries.integers().map(nodes::numberNode),
                Arbitraries.doubles().map(nodes::numberNode));
        Arbitrary<JsonNode> bool = Arbitraries.of(nodes.booleanNode(true), nodes.booleanNode(false));
        Arbitrary<JsonNode> text = Arbitraries.strings().ofMaxLength(20).map(nodes::textNode);
        Arbitrary<JsonNode> array = Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3)
                .map(items -> { var a = nodes.arrayNode(); items.forEach(a::add); return (JsonNode) a; });
        Arbitrary<JsonNode> object = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5)
                .map(k -> (JsonNode) nodes.objectNode().put(k, k));
        Arbitrary<JsonNode> nil = Arbitraries.just(nodes.nullNode());
        Arbitrary<Tuple.Tuple2<String, JsonNode>> strings = Combinators.combine(Arbitraries.of(STRING_FIELDS),
                Arbitraries.oneOf(number, bool, array, object, nil)).as(Tuple::of);
        Arbitrary<Tuple.Tuple2<String, JsonNode>> booleans = Combinators.combine(Arbitraries.of("consoleAccess", "programmaticAccess"),
                Arbitraries.oneOf(number, text, array, object, nil)).as(Tuple::of);
        Arbitrary<Tuple.Tuple2<String, JsonNode>> tags = Arbitraries.oneOf(number, bool, text, array, nil).map(v -> Tuple.of("tags", v));
        return Arbitraries.oneOf(strings, booleans, tags);
    }

    // ---- tags: too many, too long, bad characters, reserved keys ----

    @Property(tries = 200)
    void hugeTagsAreRejectedNamingTags(@ForAll("hugeTags") ObjectNode tags) {
        ObjectNode body = validBody();
        body.set("tags", tags);

        APIGatewayProxyResponseEvent response = handler.handle(post(body), null);

        assertRejected(response, null);
        assertTrue(violations(response).stream().allMatch(v -> v.get("field").asText().startsWith("tags")), response.getBody());
    }

    @Provide
    Arbitrary<ObjectNode> hugeTags() {
        Arbitrary<ObjectNode> tooMany = Arbitraries.integers().between(48, 2000).map(n -> {
            ObjectNode tags = Json.MAPPER.createObjectNode();
            for (int i = 0; i < n; i++) {
                tags.put("k" + i, "v");
            }
            return tags;
        });
        Arbitrary<ObjectNode> longValue = Arbitraries.integers().between(257, 100_000)
                .map(n -> Json.MAPPER.createObjectNode().put("Team", "v".repeat(n)));
        // Up to Jackson's own name-length limit (50,000); beyond it the body is refused as InvalidJson.
        Arbitrary<ObjectNode> longKey = Arbitraries.integers().between(129, 50_000)
                .map(n -> Json.MAPPER.createObjectNode().put("k".repeat(n), "v"));
        return Arbitraries.oneOf(tooMany, longValue, longKey);
    }

    @Property(tries = 500)
    void hostileTagsAreRejectedNamingTags(@ForAll("hostileTagKeys") String key, @ForAll("hostileTagValues") String value,
                                          @ForAll boolean hostileKey) {
        ObjectNode body = validBody();
        if (hostileKey) {
            body.putObject("tags").put(key, "v");
        } else {
            body.putObject("tags").put("Team", value);
        }

        APIGatewayProxyResponseEvent response = handler.handle(post(body), null);

        assertRejected(response, null);
        assertTrue(violations(response).stream().allMatch(v -> v.get("field").asText().startsWith("tags")), response.getBody());
    }

    /** Characters outside IAM's tag set (or outside the subset the schema admits), and values over 256 characters. */
    @Provide
    Arbitrary<String> hostileTagValues() {
        Arbitrary<String> base = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20);
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u001F').map(String::valueOf),
                Arbitraries.of(";", "<", ">", "\"", "'", "`", "*", "?", "|", "&", "#", "!", "~", "^", "%", "{", "}", "[", "]",
                        "(", ")", "\\", ",", "$", "\u007F", "\u200B", "\u202E", "\u2028", "\uFF21", "\u0430", "\uD800"));
        Arbitrary<String> injected = Combinators.combine(base, fragment, base).as((a, f, b) -> a + f + b);
        Arbitrary<String> tooLong = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(257).ofMaxLength(5000);
        return Arbitraries.oneOf(injected, tooLong);
    }

    @Provide
    Arbitrary<String> hostileTagKeys() {
        Arbitrary<String> suffix = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10);
        Arbitrary<String> reserved = Combinators.combine(Arbitraries.of("aws:", "AWS:", "Aws:", "aWs:"), suffix).as(String::concat);
        Arbitrary<String> ours = Arbitraries.of("OnboardingId", "onboardingid", "EMPLOYEEID", "EmployeeId", "ManagedBy", "managedBy",
                "AccessProfile", "accessPROFILE", "OffboardedAt", "offboardedat", "OffboardingReason", "OFFBOARDINGREASON");
        Arbitrary<String> badCharacters = Combinators.combine(suffix, Arbitraries.of("<", ">", ";", "\n", "\u0000", "*", "\"", "'",
                "\u200B", "\uFF21", "!", "#", "$", "%", "&", "(", ")", ",", "?", "[", "]", "{", "}", "|", "~", "^", "`", "\\"), suffix)
                .as((a, bad, b) -> a + bad + b);
        return Arbitraries.oneOf(reserved, ours, badCharacters, Arbitraries.just(""));
    }

    // ---- unknown fields, arbitrary bodies, bad headers ----

    @Property(tries = 300)
    void unknownFieldsAreRejected(@ForAll("unknownFieldNames") String name) {
        ObjectNode body = validBody();
        body.put(name, HOSTILE_MARKER);

        APIGatewayProxyResponseEvent response = handler.handle(post(body), null);

        assertRejected(response, null);
        assertEquals(Set.of("additionalProperties"), violations(response).stream().map(v -> v.get("rule").asText()).collect(Collectors.toSet()));
        assertNotEchoed(response, HOSTILE_MARKER);
    }

    @Provide
    Arbitrary<String> unknownFieldNames() {
        return Arbitraries.strings().ofMaxLength(300).filter(name -> !validBody().has(name) && !name.equals("consoleAccess")
                && !name.equals("programmaticAccess") && !name.equals("tags"));
    }

    @Property(tries = 1000)
    void arbitraryTextAsBodyIsA400AndNeverStartsAnything(@ForAll("arbitraryBodies") String text) {
        APIGatewayProxyResponseEvent response = handler.handle(post(text), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        String code = body(response).get("code").asText();
        assertTrue(code.equals("InvalidJson") || code.equals("ValidationFailed"), code);
        verifyNoInteractions(sfn);
    }

    @Provide
    Arbitrary<String> arbitraryBodies() {
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\ux").ofMaxLength(60);
        Arbitrary<String> nested = Arbitraries.integers().between(1, 5000).map(n -> "{\"userName\":" + "[".repeat(n) + "]".repeat(n) + "}");
        Arbitrary<String> truncated = Arbitraries.integers().between(0, 150).map(n -> {
            String valid = Json.write(validBody());
            return valid.substring(0, Math.min(n, valid.length() - 1));
        });
        return Arbitraries.oneOf(anyText, jsonish, nested, truncated);
    }

    @Property(tries = 300)
    void malformedIdempotencyKeysAreRejectedNamingTheHeader(@ForAll("badKeys") String key) {
        APIGatewayProxyResponseEvent response = handler.handle(post(Json.write(validBody()), Map.of("Idempotency-Key", key)), null);

        assertRejected(response, OnboardingIds.IDEMPOTENCY_KEY_HEADER);
    }

    @Provide
    Arbitrary<String> badKeys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(64).filter(k -> !k.matches("[A-Za-z0-9_-]+")),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(65).ofMaxLength(500),
                Arbitraries.just(""));
    }

    // ---- and the other way round: every valid request starts exactly one execution ----

    @Property(tries = 300)
    void validRequestsStartOneExecutionNamedByTheirId(@ForAll("validBodies") ObjectNode body, @ForAll boolean withKey,
                                                      @ForAll("goodKeys") String key) throws Exception {
        ArgumentCaptor<StartExecutionRequest> started = ArgumentCaptor.forClass(StartExecutionRequest.class);
        when(sfn.startExecution(started.capture())).thenReturn(StartExecutionResponse.builder().executionArn("arn:x").build());

        APIGatewayProxyResponseEvent response = withKey
                ? handler.handle(post(Json.write(body), Map.of("Idempotency-Key", key)), null)
                : handler.handle(post(body), null);

        assertEquals(202, response.getStatusCode(), response.getBody());
        verify(sfn, times(1)).startExecution(any(StartExecutionRequest.class));
        String name = started.getValue().name();
        assertTrue(name.length() <= 80 && name.matches("onb-[A-Za-z0-9_-]+"), name);
        assertEquals(withKey ? "onb-" + key : OnboardingIds.fromRequest(VALIDATOR.validate(body).request()), name);
        JsonNode input = Json.MAPPER.readTree(started.getValue().input());
        assertEquals(name, input.get("onboardingId").asText());
        assertEquals(body.get("userName").asText(), input.at("/request/userName").asText());
    }

    @Property(tries = 200)
    void theSameRequestInAnotherFieldOrderStartsTheSameExecution(@ForAll("validBodies") ObjectNode body) {
        ArgumentCaptor<StartExecutionRequest> started = ArgumentCaptor.forClass(StartExecutionRequest.class);
        when(sfn.startExecution(started.capture())).thenReturn(StartExecutionResponse.builder().executionArn("arn:x").build());

        handler.handle(post(body), null);
        handler.handle(post(reversed(body)), null);

        assertEquals(started.getAllValues().get(0), started.getAllValues().get(1));
    }

    private static ObjectNode reversed(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode copy = Json.MAPPER.createObjectNode();
        for (String name : names) {
            JsonNode value = node.get(name);
            copy.set(name, value.isObject() ? reversed((ObjectNode) value) : value);
        }
        return copy;
    }

    @Provide
    Arbitrary<String> goodKeys() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars('_', '-')
                .ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<ObjectNode> validBodies() {
        Arbitrary<String> userName = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('+', '=', ',', '.', '@', '_', '-').ofMinLength(1).ofMaxLength(64).filter(n -> !n.matches("\\.+"));
        Arbitrary<String> profile = Arbitraries.of(List.copyOf(AccessProfiles.bundled().names()));
        Arbitrary<String> tagText = Arbitraries.strings().withCharRange('a', 'z').withCharRange('\u00C0', '\u00D6')
                .withChars(' ', '_', '.', ':', '/', '=', '+', '-', '@').ofMinLength(1).ofMaxLength(40);
        Arbitrary<List<String>> tagKeys = tagText.filter(k -> !k.toLowerCase().startsWith("aws:")
                && !Set.of("onboardingid", "employeeid", "accessprofile", "managedby", "offboardedat", "offboardingreason")
                        .contains(k.toLowerCase()))
                .list().ofMaxSize(40).uniqueElements(k -> k.toLowerCase());
        return Combinators.combine(userName, profile, tagKeys, tagText, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((name, accessProfile, keys, value, console, programmatic) -> {
                    ObjectNode body = validBody().put("userName", name).put("accessProfile", accessProfile)
                            .put("consoleAccess", console).put("programmaticAccess", programmatic);
                    ObjectNode tags = body.putObject("tags");
                    keys.forEach(k -> tags.put(k, value));
                    return body;
                });
    }

    // ---- helpers ----

    /** 400 ValidationFailed naming {@code field} (when given), never a call to Step Functions. */
    private void assertRejected(APIGatewayProxyResponseEvent response, String field) {
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode body = body(response);
        assertEquals("ValidationFailed", body.get("code").asText(), response.getBody());
        assertFalse(violations(response).isEmpty());
        if (field != null) {
            assertTrue(violations(response).stream().anyMatch(v -> v.get("field").asText().equals(field)), response.getBody());
        }
        for (JsonNode v : violations(response)) {
            assertFalse(v.get("rule").asText().isEmpty());
            assertFalse(v.get("message").asText().isEmpty());
        }
        verifyNoInteractions(sfn);
    }

    /** Hostile values long enough to be recognisable never come back in the response. */
    private static void assertNotEchoed(APIGatewayProxyResponseEvent response, String value) {
        if (value.length() >= 8) {
            assertFalse(response.getBody().contains(value), "the response repeats the submitted value");
            assertFalse(response.getBody().contains(Json.write(value).replace("\"", "")), "the response repeats the submitted value");
        }
    }

    private static List<JsonNode> violations(APIGatewayProxyResponseEvent response) {
        List<JsonNode> all = new ArrayList<>();
        body(response).path("violations").forEach(all::add);
        return all;
    }

    private static Set<String> rules(APIGatewayProxyResponseEvent response, String field) {
        return violations(response).stream().filter(v -> v.get("field").asText().equals(field))
                .map(v -> v.get("rule").asText()).collect(Collectors.toSet());
    }
}
