package com.iamonboarding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema file itself: usable as an API Gateway (draft 4) model, and never looser than IAM. */
class OnboardingRequestSchemaTest {

    private static final Set<String> DRAFT4_KEYWORDS = Set.of("$schema", "title", "description", "type", "properties",
            "required", "additionalProperties", "patternProperties", "minLength", "maxLength", "pattern", "format",
            "maxProperties", "enum");
    private static JsonNode schema;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = OnboardingRequestSchemaTest.class.getResourceAsStream(RequestValidator.SCHEMA_RESOURCE)) {
            schema = Json.MAPPER.readTree(in);
        }
    }

    @Test
    void isDraft4WithNoLaterKeywordsAndClosedObjects() {
        assertEquals("http://json-schema.org/draft-04/schema#", schema.get("$schema").asText());
        List<JsonNode> schemas = new ArrayList<>();
        collect(schema, schemas);
        for (JsonNode node : schemas) {
            node.fieldNames().forEachRemaining(k -> assertTrue(DRAFT4_KEYWORDS.contains(k), "keyword " + k));
            if ("object".equals(node.path("type").asText())) {
                assertEquals(Boolean.FALSE, node.get("additionalProperties").booleanValue(), node.toString());
            }
            assertTrue(!node.has("pattern") || node.get("pattern").asText().startsWith("^") && node.get("pattern").asText().endsWith("$"));
        }
        assertTrue(schemas.size() > 10);
    }

    @Test
    void theFileIsAscii() throws Exception {
        try (InputStream in = OnboardingRequestSchemaTest.class.getResourceAsStream(RequestValidator.SCHEMA_RESOURCE)) {
            for (byte b : in.readAllBytes()) {
                assertTrue(b >= 0x20 && b < 0x7F || b == '\n' || b == '\r', "non-ASCII byte " + b);
            }
        }
    }

    @Test
    void everyCharacterATagMayHaveHereIsOneIamAccepts() {
        Pattern iam = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]");
        JsonNode tags = schema.at("/properties/tags");
        String keyRegex = tags.get("patternProperties").fieldNames().next();
        String valueRegex = tags.get("patternProperties").get(keyRegex).get("pattern").asText();
        int accepted = 0;
        for (String regex : List.of(keyRegex, valueRegex, schema.at("/properties/employeeId/pattern").asText())) {
            Pattern ours = Pattern.compile(EcmaAnchoredRegularExpressionFactory.toJava(regex));
            for (int c = 0; c <= 0xFFFF; c++) {
                String one = String.valueOf((char) c);
                if (ours.matcher(one).find()) {
                    accepted++;
                    assertTrue(iam.matcher(one).matches(), String.format("U+%04X is not in IAM's tag set", c));
                }
            }
        }
        assertTrue(accepted > 3 * 62, "the tag patterns accept almost nothing");
    }

    @Test
    void everyCharacterAUserNameMayHaveHereIsOneIamAccepts() {
        Pattern iam = Pattern.compile("[\\w+=,.@-]");
        Pattern ours = Pattern.compile(EcmaAnchoredRegularExpressionFactory.toJava(schema.at("/properties/userName/pattern").asText()));
        int accepted = 0;
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            if (ours.matcher(one).find()) {
                accepted++;
                assertTrue(iam.matcher(one).matches() && c < 0x80, String.format("U+%04X", c));
            }
        }
        assertEquals(26 + 26 + 10 + 7, accepted);
    }

    @Test
    void tagLimitsLeaveRoomForEveryTagTheSystemSetsOverAUsersLife() {
        JsonNode tags = schema.at("/properties/tags");
        // IAM: 50 tags per user. The system sets OnboardingId, EmployeeId, AccessProfile, ManagedBy, and at
        // offboarding OffboardedAt, OffboardingReason; 4 more are kept for what a later version adds.
        assertEquals(50 - 6 - 4, tags.get("maxProperties").asInt());
        assertEquals(List.of("OnboardingId", "EmployeeId", "AccessProfile", "ManagedBy", "OffboardedAt", "OffboardingReason"),
                com.iamonboarding.common.OnboardingTags.RESERVED_USER_TAG_KEYS);
        String keyRegex = tags.get("patternProperties").fieldNames().next();
        assertTrue(keyRegex.endsWith("{1,128}$"), keyRegex);
        assertEquals(256, tags.get("patternProperties").get(keyRegex).get("maxLength").asInt());
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (String container : List.of("properties", "patternProperties")) {
            if (node.has(container)) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.get(container).fields(); it.hasNext(); ) {
                    collect(it.next().getValue(), out);
                }
            }
        }
    }
}
