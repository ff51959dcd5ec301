package com.iamonboarding.api;

import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The onboarding id, which is also the Step Functions execution name (at most 80 characters, no
 * whitespace or punctuation beyond - and _). It is derived, never random, so that a client retrying
 * the same POST reaches the same execution instead of starting a second onboarding.
 */
public final class OnboardingIds {

    public static final String PREFIX = "onb-";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final int HASH_HEX_CHARS = 32;

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ONBOARDING_ID = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{1,64}");

    private OnboardingIds() {
    }

    public static boolean isValidIdempotencyKey(String key) {
        return key != null && IDEMPOTENCY_KEY.matcher(key).matches();
    }

    /** Whether {@code id} has the shape of an id this API hands out (the GET path parameter). */
    public static boolean isValidId(String id) {
        return id != null && ONBOARDING_ID.matcher(id).matches();
    }

    public static String fromIdempotencyKey(String key) {
        if (!isValidIdempotencyKey(key)) {
            throw new IllegalArgumentException(IDEMPOTENCY_KEY_HEADER + " must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        return PREFIX + key;
    }

    /** {@code onb-} and the first 32 hex digits of SHA-256 over the request's canonical JSON. */
    public static String fromRequest(OnboardingRequest request) {
        byte[] canonical = Json.canonical(request).getBytes(StandardCharsets.UTF_8);
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
