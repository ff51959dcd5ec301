package com.iamonboarding.offboarding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.OffboardingMode;
import com.iamonboarding.offboarding.OffboardingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffboardingRequestValidatorTest {

    private static final OffboardingRequestValidator VALIDATOR = new OffboardingRequestValidator();

    static ObjectNode valid() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("userName", "jane.doe");
        body.put("reason", "Left the company 2025-01-31");
        return body;
    }

    private static List<String> fieldsAndRules(JsonNode body) {
        return VALIDATOR.validate(body).violations().stream().map(v -> v.field() + ":" + v.rule()).toList();
    }

    @Test
    void aMinimalRequestGetsTheDefaults() {
        OffboardingRequestValidator.Validation validation = VALIDATOR.validate(valid());

        assertTrue(validation.valid());
        OffboardingRequest request = validation.request();
        assertEquals("jane.doe", request.userName);
        assertEquals(OffboardingMode.DISABLE, request.mode);
        assertEquals(Boolean.FALSE, request.force);
        assertEquals(Boolean.FALSE, request.dryRun);
    }

    @Test
    void everyViolationIsReportedAtOnceWithoutRepeatingTheValues() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("userName", "jane/doe");
        body.put("mode", "ARCHIVE");
        body.put("force", "yes");
        body.put("dryRun", 1);
        body.put("comment", "secret-looking-value");

        OffboardingRequestValidator.Validation validation = VALIDATOR.validate(body);

        assertNull(validation.request());
        assertEquals(List.of("comment:additionalProperties", "dryRun:type", "force:type", "mode:enum", "reason:required",
                "userName:pattern"), validation.violations().stream().map(v -> v.field() + ":" + v.rule()).toList());
        assertTrue(validation.violations().stream().map(Violation::message).noneMatch(m -> m.contains("secret-looking-value")
                || m.contains("ARCHIVE") || m.contains("jane/doe")));
        assertEquals("must be DISABLE or DELETE", validation.violations().get(3).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "line\nbreak", "trailing newline\n", "quote\"", "semicolon;", "emoji \uD83D\uDE00", "lone \uD800 surrogate", "\u202Eoverride"})
    void reasonMustBeTagSafeText(String reason) {
        assertFalse(VALIDATOR.validate(valid().put("reason", reason)).valid(), "accepted reason " + reason);
    }

    @Test
    void reasonMayUseTheWholeTagCharacterSetUpTo256Characters() {
        assertTrue(VALIDATOR.validate(valid().put("reason", "Résiliation: contrat_fini / 2025-01-31 +1 = @hr.")).valid());
        assertTrue(VALIDATOR.validate(valid().put("reason", "x".repeat(256))).valid());
        assertEquals(List.of("reason:maxLength"), fieldsAndRules(valid().put("reason", "x".repeat(257))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "jane doe", "jäne", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "jane\n"})
    void userNameFollowsTheOnboardingRule(String userName) {
        assertFalse(VALIDATOR.validate(valid().put("userName", userName)).valid(), "accepted " + userName);
    }

    @Test
    void notAnObjectIsOneViolationOfTheBody() {
        assertEquals(List.of("body:type"), fieldsAndRules(Json.MAPPER.getNodeFactory().arrayNode()));
        assertEquals(List.of("body:type"), fieldsAndRules(null));
    }

    @Test
    void theSampleRequestsAreValidExceptTheInvalidOne() throws Exception {
        Path requests = Files.exists(Path.of("events")) ? Path.of("events/requests") : Path.of("..", "events", "requests");
        List<Path> samples;
        try (Stream<Path> files = Files.list(requests)) {
            samples = files.filter(f -> f.getFileName().toString().startsWith("offboard-")).sorted().toList();
        }
        assertEquals(4, samples.size(), samples.toString());
        for (Path sample : samples) {
            boolean valid = VALIDATOR.validate(Json.MAPPER.readTree(sample.toFile())).valid();
            assertEquals(!sample.getFileName().toString().contains("invalid"), valid, sample.toString());
        }
    }
}
