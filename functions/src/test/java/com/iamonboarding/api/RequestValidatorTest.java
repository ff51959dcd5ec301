package com.iamonboarding.api;

import static com.iamonboarding.api.ApiFixtures.VALIDATOR;
import static com.iamonboarding.api.ApiFixtures.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    static Stream<String> bundledProfiles() {
        return AccessProfiles.bundled().names().stream();
    }

    @ParameterizedTest
    @MethodSource("bundledProfiles")
    void acceptsAValidRequestForEveryConfiguredProfile(String profile) {
        ObjectNode body = validBody().put("accessProfile", profile);

        RequestValidator.Validation validation = VALIDATOR.validate(body);

        assertEquals(List.of(), validation.violations());
        assertEquals(profile, validation.request().accessProfile);
        assertEquals("jane.doe", validation.request().userName);
    }

    @Test
    void appliesDefaultsToTheMinimalRequest() {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("employeeId", "E-1").put("userName", "a").put("email", "a@example.com").put("accessProfile", "billing");

        OnboardingRequest request = VALIDATOR.validate(body).request();

        assertEquals(Boolean.TRUE, request.consoleAccess);
        assertEquals(Boolean.TRUE, request.programmaticAccess);
        assertEquals(Map.of(), request.tags);
        assertNull(request.displayName);
    }

    @Test
    void keepsExplicitFalseAndSortsTags() {
        ObjectNode body = validBody().put("consoleAccess", false).put("programmaticAccess", false)
                .put("handover", "OPERATOR");
        body.putObject("tags").put("Zeta", "z").put("Alpha", "a").put("Mid dle", "");

        OnboardingRequest request = VALIDATOR.validate(body).request();

        assertEquals(Boolean.FALSE, request.consoleAccess);
        assertEquals(Boolean.FALSE, request.programmaticAccess);
        assertEquals(List.of("Alpha", "Mid dle", "Zeta"), List.copyOf(request.tags.keySet()));
    }

    @Test
    void acceptsTheLimitsExactly() {
        ObjectNode body = validBody().put("userName", "u".repeat(64)).put("employeeId", "e".repeat(64))
                .put("email", "a".repeat(64) + "@" + "b".repeat(60) + ".example.com")
                .put("displayName", "Zoë Ünal-Ångström 😀").put("department", "d".repeat(128));
        ObjectNode tags = body.putObject("tags");
        for (int i = 0; i < 40; i++) {
            tags.put(String.format("k%03d", i) + "x".repeat(124), "v".repeat(256));
        }
        tags.put("k000" + "x".repeat(124), "Zürich :/=+-@_. ßøł");

        assertEquals(List.of(), VALIDATOR.validate(body).violations());
    }

    @Test
    void reportsEveryViolationAtOnce() {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("userName", "../../etc/passwd")
                .put("email", "not-an-email")
                .put("displayName", "Jane\u0000Doe")
                .put("department", "d".repeat(129))
                .put("accessProfile", "root")
                .put("consoleAccess", "yes")
                .put("programmaticAccess", 1)
                .put("isAdmin", true);
        body.putObject("tags").put("aws:createdBy", "x").put("OnboardingId", "mine").put("ok", 42);

        List<Violation> violations = VALIDATOR.validate(body).violations();

        assertEquals(Set.of(
                "employeeId:required",
                "userName:pattern",
                "email:format", "email:pattern",
                "displayName:pattern",
                "department:maxLength",
                "accessProfile:enum",
                "consoleAccess:type",
                "programmaticAccess:type",
                "isAdmin:additionalProperties",
                "tags.aws:createdBy:reservedPrefix",
                "tags.OnboardingId:reservedKey",
                "tags.ok:type"), keys(violations));
        assertNull(VALIDATOR.validate(body).request());
    }

    @Test
    void reportsEveryMissingRequiredField() {
        assertEquals(Set.of("employeeId:required", "userName:required", "email:required", "accessProfile:required"),
                keys(VALIDATOR.validate(Json.MAPPER.createObjectNode()).violations()));
    }

    @Test
    void noBodyAtAllIsATypeViolationOfTheBody() {
        assertEquals(Set.of("body:type"), keys(VALIDATOR.validate(null).violations()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void aBodyThatIsNotAnObjectIsATypeViolationOfTheBody(String json) throws Exception {
        List<Violation> violations = VALIDATOR.validate(Json.MAPPER.readTree(json)).violations();

        assertEquals(Set.of("body:type"), keys(violations));
        assertEquals("must be an object", violations.get(0).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane doe", "jane/doe", "../../x", "jane\\doe", "jane*", "jane;rm", "jаne", "ｊａｎｅ",
            "jane\u200b", "jane\n", "\njane", "jane\r\n", "jane\u2028", "ĵane", "jane\u0000", "<script>"})
    void rejectsUserNamesOutsideIamsAsciiSet(String userName) {
        assertEquals(Set.of("userName:pattern"), keys(VALIDATOR.validate(validBody().put("userName", userName)).violations()));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "..."})
    void rejectsUserNamesOfDotsOnly(String userName) {
        assertEquals(Set.of("userName:pattern"), keys(VALIDATOR.validate(validBody().put("userName", userName)).violations()));
    }

    @Test
    void lengthRulesAreReportedAsSuch() {
        ObjectNode body = validBody().put("userName", "").put("employeeId", "e".repeat(65)).put("displayName", "")
                .put("email", "a".repeat(250) + "@x.io");

        // RFC 5321 also caps the local part at 64 characters, so the email format fails as well.
        assertEquals(Set.of("userName:minLength", "employeeId:maxLength", "displayName:minLength", "email:maxLength", "email:format"),
                keys(VALIDATOR.validate(body).violations()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com\n", "jane@exämple.com", "jаne@example.com", "jane@example", "jane@@example.com",
            "jane doe@example.com", "@example.com", "jane@-example.com"})
    void rejectsEmailAddressesThatAreNotPlainAscii(String email) {
        Set<String> found = keys(VALIDATOR.validate(validBody().put("email", email)).violations());

        assertFalse(found.isEmpty(), email);
        assertTrue(found.stream().allMatch(k -> k.startsWith("email:")), found::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"E-1042\n", "E\u00001042", "E;1042", "E\u202E1042", "E<1042>"})
    void employeeIdUsesTheTagCharacterSetBecauseItBecomesATagValue(String employeeId) {
        assertEquals(Set.of("employeeId:pattern"), keys(VALIDATOR.validate(validBody().put("employeeId", employeeId)).violations()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0007", "\t", "\u001b[31m", "\u0085", "\u2028", "\u202E", "\u2066", "\ud800"})
    void rejectsControlAndBidiCharactersInFreeText(String bad) {
        ObjectNode body = validBody().put("displayName", "Jane" + bad + "Doe").put("department", "Eng" + bad);

        assertEquals(Set.of("displayName:pattern", "department:pattern"), keys(VALIDATOR.validate(body).violations()));
    }

    @Test
    void aTrailingNewlineNeverSlipsPastAnAnchoredPattern() {
        ObjectNode body = validBody().put("userName", "jane\n").put("accessProfile", "developer\n");
        body.putObject("tags").put("Team", "blue\n").put("Key\n", "v");

        assertEquals(Set.of("userName:pattern", "accessProfile:pattern", "tags.Team:pattern", "tags:additionalProperties"),
                keys(VALIDATOR.validate(body).violations()));
    }

    @Test
    void tagRules() {
        ObjectNode body = validBody();
        ObjectNode tags = body.putObject("tags");
        tags.put("AWS:thing", "x").put("managedby", "me").put("employeeid", "1").put("Team", "a").put("team", "b")
                .put("", "empty key").put("k".repeat(129), "long key").put("bad<key>", "x")
                .put("long", "v".repeat(257)).put("semi", "a;b");

        assertEquals(Set.of("tags.AWS:thing:reservedPrefix", "tags.managedby:reservedKey", "tags.employeeid:reservedKey",
                "tags.team:uniqueKeys", "tags:additionalProperties", "tags.long:maxLength", "tags.semi:pattern"),
                keys(VALIDATOR.validate(body).violations()));
    }

    /** json-schema-validator 1.5 does not apply patternProperties/additionalProperties to keys starting with '#'. */
    @ParameterizedTest
    @ValueSource(strings = {"#", "#a", "#cost-center"})
    void tagKeysStartingWithAHashAreRejectedToo(String key) {
        ObjectNode body = validBody();
        body.putObject("tags").put(key, "v");

        assertEquals(Set.of("tags:additionalProperties"), keys(VALIDATOR.validate(body).violations()));
    }

    @Test
    void atMost40TagsSoThatEveryTagTheSystemAddsLaterStillFits() {
        ObjectNode body = validBody();
        ObjectNode tags = body.putObject("tags");
        for (int i = 0; i < 41; i++) {
            tags.put("k" + i, "v");
        }

        assertEquals(Set.of("tags:maxProperties"), keys(VALIDATOR.validate(body).violations()));
    }

    @Test
    void everyTagKeyTheSystemSetsIsReservedInAnyLetterCase() {
        for (String key : List.of("OnboardingId", "employeeid", "ACCESSPROFILE", "managedBy", "OffboardedAt", "offboardingreason")) {
            ObjectNode body = validBody();
            body.putObject("tags").put(key, "2020-01-01T00:00:00Z");

            assertEquals(Set.of("tags." + key + ":reservedKey"), keys(VALIDATOR.validate(body).violations()), key);
        }
    }

    @Test
    void anUnknownProfileNamesTheConfiguredOnes() {
        AccessProfiles custom = new AccessProfiles(Map.of("contractor", new AccessProfile()));
        RequestValidator validator = new RequestValidator(custom);

        List<Violation> violations = validator.validate(validBody().put("accessProfile", "developer")).violations();

        assertEquals(List.of(new Violation("accessProfile", "enum", "must be one of the configured access profiles: contractor")),
                violations);
        assertEquals(List.of(), validator.validate(validBody().put("accessProfile", "contractor")).violations());
    }

    @Test
    void messagesNameTheRuleButNeverRepeatTheValue() {
        String hostile = "<img src=x onerror=alert(1)>" + "A".repeat(5000);
        ObjectNode body = validBody().put("userName", hostile).put("email", hostile).put("displayName", hostile)
                .put("department", hostile).put("employeeId", hostile).put("accessProfile", hostile);
        body.put(hostile, "unknown field with a hostile name");
        body.putObject("tags").put("Team", hostile).put(hostile, "v");

        List<Violation> violations = VALIDATOR.validate(body).violations();

        assertTrue(violations.size() >= 10, violations::toString);
        for (Violation v : violations) {
            assertFalse(v.field().contains("<img") || v.message().contains("<img") || v.message().contains("AAAA"), v.toString());
            assertNotNull(v.rule());
        }
        assertTrue(violations.contains(new Violation("body", "additionalProperties",
                "contains a field that is not part of an onboarding request (its name is not repeated because it has characters no field name has)")));
    }

    @Test
    void violationsAreSortedByFieldThenRule() {
        List<Violation> violations = VALIDATOR.validate(Json.MAPPER.createObjectNode().put("zzz", 1)).violations();
        List<String> fields = violations.stream().map(Violation::field).toList();

        assertEquals(fields.stream().sorted().toList(), fields);
    }

    static Set<String> keys(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.rule()).collect(Collectors.toSet());
    }
    @Test
    void aRequestWithoutAHandoverGetsTheStacksDefaultAndAHireWithoutConsoleGetsAnOperator() {
        RequestValidator operatorByDefault = new RequestValidator(AccessProfiles.bundled(), "OPERATOR");

        assertEquals("SELF_SERVICE", VALIDATOR.validate(validBody()).request().handover);
        assertEquals("OPERATOR", operatorByDefault.validate(validBody()).request().handover);
        assertEquals("OPERATOR", VALIDATOR.validate(validBody().put("consoleAccess", false)).request().handover,
                "no console, no enrolment page");
        assertEquals("SELF_SERVICE", operatorByDefault.validate(validBody().put("handover", "SELF_SERVICE")).request().handover);
    }

    @Test
    void anExplicitSelfServiceHandoverNeedsConsoleAccess() {
        var violations = VALIDATOR.validate(validBody().put("consoleAccess", false)
                .put("handover", "SELF_SERVICE")).violations();

        assertEquals(List.of("consoleAccess:selfServiceNeedsConsole"), violations.stream().map(v -> v.field() + ":" + v.rule()).toList());
    }

    @Test
    void anUnknownHandoverIsRefusedByTheSchema() {
        var violations = VALIDATOR.validate(validBody().put("handover", "EMAIL")).violations();

        assertEquals(List.of("handover"), violations.stream().map(v -> v.field()).toList());
    }

    @Test
    void aStackDefaultOtherThanTheTwoHandoversDoesNotStart() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new RequestValidator(AccessProfiles.bundled(), "self_service")).getMessage().contains("DEFAULT_HANDOVER"));
    }
}
