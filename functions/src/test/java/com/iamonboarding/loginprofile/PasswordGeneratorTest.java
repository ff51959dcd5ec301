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

    @Property(tries = 300)
    void everyGeneratedPasswordSatisfiesAnyPolicy(@ForAll @IntRange(min = 6, max = 128) int minimumLength,
                                                  @ForAll boolean upper, @ForAll boolean lower,
                                                  @ForAll boolean numbers, @ForAll boolean symbols) {
        PasswordPolicy policy = new PasswordPolicy(minimumLength, upper, lower, numbers, symbols, 0);

        String password = generator.generate(policy);

        assertTrue(policy.isSatisfiedBy(password), "violates " + policy);
        assertTrue(PasswordPolicy.AWS_DEFAULT.isSatisfiedBy(password));
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
