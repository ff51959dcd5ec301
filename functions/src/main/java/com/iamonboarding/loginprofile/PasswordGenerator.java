package com.iamonboarding.loginprofile;

import java.security.SecureRandom;

/**
 * Generates a console password from {@link SecureRandom} that satisfies any IAM password policy: it
 * always holds every character class, and is at least {@link #PREFERRED_LENGTH} long (longer if the
 * policy asks for more). The new hire must change it at first sign-in.
 */
public class PasswordGenerator {

    static final int PREFERRED_LENGTH = 20;
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String ALL = UPPER + LOWER + DIGITS + PasswordPolicy.SYMBOLS;

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    public String generate(PasswordPolicy policy) {
        int length = Math.min(PasswordPolicy.MAXIMUM_LENGTH, Math.max(PREFERRED_LENGTH, policy.minimumLength()));
        char[] password = new char[length];
        password[0] = pick(UPPER);
        password[1] = pick(LOWER);
        password[2] = pick(DIGITS);
        password[3] = pick(PasswordPolicy.SYMBOLS);
        for (int i = 4; i < length; i++) {
            password[i] = pick(ALL);
        }
        // Fisher-Yates, so the guaranteed classes are not always at the front.
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return new String(password);
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
