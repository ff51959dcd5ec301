package com.iamonboarding.api;

import static com.iamonboarding.api.ApiFixtures.VALIDATOR;
import static com.iamonboarding.api.ApiFixtures.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnboardingIdsTest {

    @Test
    void theIdOfARequestIsTheFirst32HexDigitsOfTheSha256OfItsCanonicalJson() throws Exception {
        OnboardingRequest request = VALIDATOR.validate(validBody()).request();
        String canonical = "{\"accessProfile\":\"developer\",\"consoleAccess\":true,\"department\":\"Engineering\","
                + "\"displayName\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"employeeId\":\"E-1042\","
                + "\"handover\":\"SELF_SERVICE\",\"programmaticAccess\":true,\"tags\":{\"CostCenter\":\"cc-42\"},\"userName\":\"jane.doe\"}";
        String expected = "onb-" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 32);

        assertEquals(canonical, Json.canonical(request));
        assertEquals(expected, OnboardingIds.fromRequest(request));
        assertTrue(OnboardingIds.isValidId(expected));
    }

    @Test
    void fieldAndTagOrderAndDefaultsDoNotChangeTheId() throws Exception {
        ObjectNode reordered = (ObjectNode) Json.MAPPER.readTree("{\"tags\":{\"B\":\"2\",\"A\":\"1\"},\"userName\":\"jane.doe\","
                + "\"accessProfile\":\"developer\",\"email\":\"jane.doe@example.com\",\"employeeId\":\"E-1042\"}");
        ObjectNode explicit = (ObjectNode) Json.MAPPER.readTree("{\"employeeId\":\"E-1042\",\"userName\":\"jane.doe\","
                + "\"email\":\"jane.doe@example.com\",\"accessProfile\":\"developer\",\"consoleAccess\":true,"
                + "\"programmaticAccess\":true,\"tags\":{\"A\":\"1\",\"B\":\"2\"}}");

        assertEquals(OnboardingIds.fromRequest(VALIDATOR.validate(explicit).request()),
                OnboardingIds.fromRequest(VALIDATOR.validate(reordered).request()));
    }

    @Test
    void anyDifferenceInTheRequestChangesTheId() {
        String base = OnboardingIds.fromRequest(VALIDATOR.validate(validBody()).request());

        assertNotEquals(base, OnboardingIds.fromRequest(VALIDATOR.validate(validBody().put("userName", "john.doe")).request()));
        assertNotEquals(base, OnboardingIds.fromRequest(VALIDATOR.validate(validBody().put("consoleAccess", false)).request()));
        assertNotEquals(base, OnboardingIds.fromRequest(VALIDATOR.validate(validBody().put("accessProfile", "billing")).request()));
    }

    @Test
    void anIdempotencyKeyBecomesTheIdAndFitsAnExecutionName() {
        String key = "k".repeat(64);

        assertEquals("onb-" + key, OnboardingIds.fromIdempotencyKey(key));
        assertTrue(OnboardingIds.fromIdempotencyKey(key).length() <= 80);
        assertEquals("onb-hire_2024-42", OnboardingIds.fromIdempotencyKey("hire_2024-42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a/b", "a:b", "key\n", "ключ", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "a.b", "a*b", "<x>"})
    void refusesIdempotencyKeysThatCannotBeAnExecutionName(String key) {
        assertFalse(OnboardingIds.isValidIdempotencyKey(key));
        assertThrows(IllegalArgumentException.class, () -> OnboardingIds.fromIdempotencyKey(key));
        assertFalse(OnboardingIds.isValidId("onb-" + key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "onb-", "x-123", "onb-../x", "onb-a b", "ONB-abc", "onb-" + "a" + "\n"})
    void recognisesOnlyIdsThisApiHandsOut(String id) {
        assertFalse(OnboardingIds.isValidId(id));
    }
}
