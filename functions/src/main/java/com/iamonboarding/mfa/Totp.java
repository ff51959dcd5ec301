package com.iamonboarding.mfa;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 time-based one-time passwords with HMAC-SHA1 and a 30 second step, as authenticator apps
 * and AWS virtual MFA devices compute them. The key is the MFA seed: an instance is a secret and is
 * never logged or returned; {@link #toString()} does not show it.
 */
public final class Totp {

    public static final long STEP_SECONDS = 30;
    public static final int AWS_DIGITS = 6;

    private static final String ALGORITHM = "HmacSHA1";
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final byte[] key;
    private final int digits;

    public Totp(byte[] key, int digits) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the TOTP key is empty");
        }
        if (digits < 1 || digits >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("digits must be between 1 and " + (POWERS_OF_TEN.length - 1));
        }
        this.key = key.clone();
        this.digits = digits;
    }

    /** A TOTP over the key written in RFC 4648 Base32 (case, padding and spaces are ignored). */
    public static Totp fromBase32(String base32Seed, int digits) {
        return new Totp(new Base32().decode(normaliseBase32(base32Seed)), digits);
    }

    /** Upper case, no padding, no white space: the form authenticator apps expect in an otpauth URI. */
    public static String normaliseBase32(String base32Seed) {
        if (base32Seed == null) {
            throw new IllegalArgumentException("the Base32 seed is missing");
        }
        String normalised = base32Seed.replaceAll("[\\s=]", "").toUpperCase(java.util.Locale.ROOT);
        if (normalised.isEmpty() || !normalised.matches("[A-Z2-7]+")) {
            // Never echo the value: it is the seed.
            throw new IllegalArgumentException("the seed is not Base32");
        }
        return normalised;
    }

    /** The RFC 6238 time step counter T = floor(unix seconds / 30). */
    public static long counterAt(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    public String codeAt(Instant time) {
        return code(counterAt(time));
    }

    /** The HOTP value (RFC 4226) for one counter, zero-padded to the configured number of digits. */
    public String code(long counter) {
        byte[] hash = hmac(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    public int digits() {
        return digits;
    }

    private byte[] hmac(byte[] message) {
        byte[] keyCopy = key.clone();
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyCopy, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM");
        } finally {
            Arrays.fill(keyCopy, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Totp[digits=" + digits + ", key=<redacted>]";
    }
}
