package com.iamonboarding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.regex.RegularExpression;
import org.junit.jupiter.api.Test;

class EcmaAnchoredRegularExpressionFactoryTest {

    @Test
    void dollarOutsideACharacterClassMeansTheEndOfTheInput() {
        assertEquals("^[a-z]+\\z", EcmaAnchoredRegularExpressionFactory.toJava("^[a-z]+$"));
        assertEquals("^(?:a\\z|b\\z)", EcmaAnchoredRegularExpressionFactory.toJava("^(?:a$|b$)"));
    }

    @Test
    void dollarInsideAClassOrEscapedStaysLiteral() {
        assertEquals("^[$%]\\$\\z", EcmaAnchoredRegularExpressionFactory.toJava("^[$%]\\$$"));
        assertEquals("^[\\]$]\\z", EcmaAnchoredRegularExpressionFactory.toJava("^[\\]$]$"));
    }

    @Test
    void aTrailingLineTerminatorNoLongerMatches() {
        RegularExpression anchored = EcmaAnchoredRegularExpressionFactory.INSTANCE.getRegularExpression("^[a-z]+$");

        assertTrue(anchored.matches("alice"));
        assertFalse(anchored.matches("alice\n"));
        assertFalse(anchored.matches("alice\r\n"));
        assertFalse(anchored.matches("alice\u2028"));
        // The JDK's own meaning of $, which the validator would otherwise use:
        assertTrue(java.util.regex.Pattern.compile("^[a-z]+$").matcher("alice\n").find());
    }

    @Test
    void unanchoredPatternsStillSearchLikeEcmaScript() {
        assertTrue(EcmaAnchoredRegularExpressionFactory.INSTANCE.getRegularExpression("b+").matches("abbbc"));
    }
}
