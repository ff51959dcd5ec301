package com.iamonboarding.loginprofile;

import com.iamonboarding.common.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

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

    /** The account's policy, or IAM's default when the account sets none. */
    public static PasswordPolicy current(IamClient iam) {
        try {
            return from(iam.getAccountPasswordPolicy());
        } catch (NoSuchEntityException none) {
            return AWS_DEFAULT;
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:GetAccountPasswordPolicy", e);
        }
    }

    public static PasswordPolicy from(GetAccountPasswordPolicyResponse response) {
        var p = response.passwordPolicy();
        return new PasswordPolicy(p.minimumPasswordLength() == null ? 8 : p.minimumPasswordLength(),
                Boolean.TRUE.equals(p.requireUppercaseCharacters()),
                Boolean.TRUE.equals(p.requireLowercaseCharacters()),
                Boolean.TRUE.equals(p.requireNumbers()),
                Boolean.TRUE.equals(p.requireSymbols()),
                0);
    }

    /**
     * What is wrong with a password a person chose, each rule by name, empty when IAM would accept
     * it: length, the character classes the policy requires, and printable ASCII only. Only the
     * {@link #SYMBOLS} count as symbols, as in IAM's policy; other punctuation is allowed.
     */
    public List<String> violations(CharSequence password) {
        List<String> violations = new ArrayList<>();
        if (password.length() < minimumLength) {
            violations.add("minimumLength: at least " + minimumLength + " characters");
        }
        if (password.length() > MAXIMUM_LENGTH) {
            violations.add("maximumLength: at most " + MAXIMUM_LENGTH + " characters");
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        boolean printable = true;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            symbol |= SYMBOLS.indexOf(c) >= 0;
            printable &= c >= 0x20 && c <= 0x7E;
        }
        if (!printable) {
            violations.add("characters: printable ASCII characters only (no accents, emoji or control characters)");
        }
        if (requireUppercase && !upper) {
            violations.add("requireUppercase: at least one uppercase letter A-Z");
        }
        if (requireLowercase && !lower) {
            violations.add("requireLowercase: at least one lowercase letter a-z");
        }
        if (requireNumbers && !digit) {
            violations.add("requireNumbers: at least one digit 0-9");
        }
        if (requireSymbols && !symbol) {
            violations.add("requireSymbols: at least one of " + SYMBOLS);
        }
        int classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        if (classes < minimumCharacterClasses) {
            violations.add("characterClasses: at least " + minimumCharacterClasses
                    + " of uppercase letters, lowercase letters, digits and symbols (" + SYMBOLS + ")");
        }
        return violations;
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
