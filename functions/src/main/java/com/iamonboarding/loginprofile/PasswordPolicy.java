package com.iamonboarding.loginprofile;

import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyResponse;

/**
 * The rules a console password must meet. When the account sets no policy, IAM applies its default:
 * 8 to 128 characters with at least three of uppercase, lowercase, digits and symbols.
 */
public record PasswordPolicy(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                             boolean requireNumbers, boolean requireSymbols, int minimumCharacterClasses) {

    public static final int MAXIMUM_LENGTH = 128;
    /** The characters IAM counts as symbols (non-alphanumeric) in a password policy. */
    public static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

    public static final PasswordPolicy AWS_DEFAULT = new PasswordPolicy(8, false, false, false, false, 3);

    public static PasswordPolicy from(GetAccountPasswordPolicyResponse response) {
        var p = response.passwordPolicy();
        return new PasswordPolicy(p.minimumPasswordLength() == null ? 8 : p.minimumPasswordLength(),
                Boolean.TRUE.equals(p.requireUppercaseCharacters()),
                Boolean.TRUE.equals(p.requireLowercaseCharacters()),
                Boolean.TRUE.equals(p.requireNumbers()),
                Boolean.TRUE.equals(p.requireSymbols()),
                0);
    }

    public boolean isSatisfiedBy(CharSequence password) {
        if (password.length() < minimumLength || password.length() > MAXIMUM_LENGTH) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (SYMBOLS.indexOf(c) >= 0) {
                symbol = true;
            } else {
                return false;
            }
        }
        int classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        return (!requireUppercase || upper) && (!requireLowercase || lower) && (!requireNumbers || digit)
                && (!requireSymbols || symbol) && classes >= minimumCharacterClasses;
    }
}
