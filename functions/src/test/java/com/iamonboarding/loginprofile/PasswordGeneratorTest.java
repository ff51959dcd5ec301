package com.iamonboarding.loginprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {

    private final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());

    /**
     * IAM's rules, written from its documentation rather than read from PasswordPolicy: the
     * non-alphanumeric characters a policy's RequireSymbols counts, and the character classes.
     */
    private static final String IAM_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

    private static boolean has(String password, String regex) {
        return java.util.regex.Pattern.compile(regex).matcher(password).find();
    }

    private static boolean hasIamSymbol(String password) {
        return password.chars().anyMatch(c -> IAM_SYMBOLS.indexOf(c) >= 0);
    }

    @Property(tries = 300)
    void everyGeneratedPasswordSatisfiesEachRuleOfAnyPolicyAsIamStatesIt(@ForAll @IntRange(min = 6, max = 128) int minimumLength,
                                                                     @ForAll boolean upper, @ForAll boolean lower,
                                                                     @ForAll boolean numbers, @ForAll boolean symbols) {
        String password = generator.generate(new PasswordPolicy(minimumLength, upper, lower, numbers, symbols, 0));

        assertTrue(password.length() >= minimumLength && password.length() <= 128, "length " + password.length());
        assertTrue(!upper || has(password, "[A-Z]"), "RequireUppercaseCharacters");
        assertTrue(!lower || has(password, "[a-z]"), "RequireLowercaseCharacters");
        assertTrue(!numbers || has(password, "[0-9]"), "RequireNumbers");
        assertTrue(!symbols || hasIamSymbol(password), "RequireSymbols");
        assertTrue(password.chars().allMatch(c -> c > 0x20 && c < 0x7f), "printable ASCII without spaces");
        // With no account policy IAM requires three of the four classes.
        int classes = (has(password, "[A-Z]") ? 1 : 0) + (has(password, "[a-z]") ? 1 : 0) + (has(password, "[0-9]") ? 1 : 0)
                + (hasIamSymbol(password) ? 1 : 0);
        assertTrue(classes >= 3, "three of the four character classes");
    }

    @Test
    void usesAtLeastTwentyCharactersAndMoreWhenThePolicyAsks() {
        assertEquals(20, generator.generate(PasswordPolicy.AWS_DEFAULT).length());
        assertEquals(64, generator.generate(new PasswordPolicy(64, true, true, true, true, 0)).length());
        assertEquals(128, generator.generate(new PasswordPolicy(128, true, true, true, true, 0)).length());
    }

    @Test
    void passwordsDoNotRepeat() {
        assertNotEquals(generator.generate(PasswordPolicy.AWS_DEFAULT), generator.generate(PasswordPolicy.AWS_DEFAULT));
    }

    @Test
    void policyCheckRejectsWhatIamWouldReject() {
        PasswordPolicy strict = new PasswordPolicy(12, true, true, true, true, 0);
        assertFalse(strict.isSatisfiedBy("Short1!"));
        assertFalse(strict.isSatisfiedBy("nouppercase123!!"));
        assertFalse(strict.isSatisfiedBy("NoSymbolsHere123"));
        assertTrue(strict.isSatisfiedBy("Abcdefgh123!"));
        // AWS default: three of the four classes.
        assertFalse(PasswordPolicy.AWS_DEFAULT.isSatisfiedBy("abcdefgh1"));
        assertTrue(PasswordPolicy.AWS_DEFAULT.isSatisfiedBy("Abcdefgh1"));
    }
}
