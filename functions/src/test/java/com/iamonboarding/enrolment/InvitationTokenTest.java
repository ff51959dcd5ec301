package com.iamonboarding.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationTokenTest {

    @Test
    void aNewTokenIs43Base64UrlCharactersThatDecodeTo256Bits() {
        for (int i = 0; i < 200; i++) {
            String token = InvitationToken.newToken();
            assertEquals(43, token.length(), token);
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
            assertEquals(32, Base64.getUrlDecoder().decode(token).length);
        }
    }

    @Test
    void tokensAreDistinctAcrossManyDraws() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(InvitationToken.newToken()), "a token was drawn twice");
        }
    }

    @Test
    void newTokensAreWellFormed() {
        assertTrue(InvitationToken.wellFormed(InvitationToken.newToken()));
        assertTrue(InvitationToken.wellFormed(Fixtures.TOKEN));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2",      // 42 characters
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2oP",    // 44 characters
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2=",     // padding
            "vQx7+LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL/mN2o",     // standard base64, not base64url
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL mN2o",     // a space
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2o\n",   // a trailing newline
            " vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2o",    // a leading space
            "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2é",     // a non-ASCII letter
            "../../../../../../../../../../../etc/passwd"})
    void wellFormedRejectsWrongLengthsCharactersAndNull(String token) {
        assertFalse(InvitationToken.wellFormed(token));
    }

    @Test
    void hashIsTheHexSha256OfTheToken() {
        assertEquals(Fixtures.sha256Hex(Fixtures.TOKEN), InvitationToken.hash(Fixtures.TOKEN));
        String fresh = InvitationToken.newToken();
        assertEquals(Fixtures.sha256Hex(fresh), InvitationToken.hash(fresh));
    }

    @Test
    void hashMatchesAKnownSha256Vector() {
        // FIPS 180-2 example: SHA-256("abc").
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", InvitationToken.hash("abc"));
    }

    @Test
    void hashIs64LowerCaseHexCharactersAndNeverContainsTheToken() {
        String hash = InvitationToken.hash(Fixtures.TOKEN);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertFalse(hash.contains(Fixtures.TOKEN));
    }

    @Test
    void sameHashComparesHashes() {
        String hash = Fixtures.sha256Hex(Fixtures.TOKEN);
        assertTrue(InvitationToken.sameHash(hash, new String(hash.toCharArray())));
        String other = Fixtures.sha256Hex(InvitationToken.newToken());
        assertNotEquals(hash, other);
        assertFalse(InvitationToken.sameHash(hash, other));
        assertFalse(InvitationToken.sameHash(hash, hash.substring(0, 63)), "a prefix is not the same hash");
        assertFalse(InvitationToken.sameHash(hash, hash.toUpperCase()));
    }

    @Test
    void sameHashIsFalseWhenEitherSideIsNull() {
        String hash = Fixtures.sha256Hex(Fixtures.TOKEN);
        assertFalse(InvitationToken.sameHash(null, hash));
        assertFalse(InvitationToken.sameHash(hash, null));
        assertFalse(InvitationToken.sameHash(null, null));
    }
}
