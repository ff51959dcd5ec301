package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.OffboardingRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The offboarding id, which is also the Step Functions execution name: {@code off-} and the
 * Idempotency-Key (the same key rules as onboarding), or {@code off-} and 32 hex digits of SHA-256
 * over the normalised request and the user's IAM id. The user id (AIDA..., new for every user ever
 * created) makes a re-hired and again departing employee a new offboarding, while the same request
 * for the same user twice stays one.
 */
public final class OffboardingIds {

    public static final String PREFIX = "off-";
    static final int HASH_HEX_CHARS = 32;

    private static final Pattern OFFBOARDING_ID = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{1,64}");

    private OffboardingIds() {
    }

    public static boolean isValidId(String id) {
        return id != null && OFFBOARDING_ID.matcher(id).matches();
    }

    public static String fromIdempotencyKey(String key) {
        if (!OnboardingIds.isValidIdempotencyKey(key)) {
            throw new IllegalArgumentException(OnboardingIds.IDEMPOTENCY_KEY_HEADER + " must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        return PREFIX + key;
    }

    public static String fromRequest(OffboardingRequest request, String userId) {
        ObjectNode fields = Json.MAPPER.valueToTree(request);
        fields.put("userId", userId);
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        fields.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue()));
        byte[] canonical = Json.write(sorted).getBytes(StandardCharsets.UTF_8);
        return PREFIX + HexFormat.of().formatHex(sha256(canonical)).substring(0, HASH_HEX_CHARS);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
