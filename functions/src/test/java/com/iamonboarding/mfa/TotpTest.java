package com.iamonboarding.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}s -> {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void matchesEveryRfc6238Sha1TestVector(long unixSeconds, String expected) {
        assertEquals(expected, new Totp(RFC_SEED, 8).codeAt(Instant.ofEpochSecond(unixSeconds)));
    }

    @ParameterizedTest(name = "T={0}s -> {1}")
    @CsvSource({
            "59, 287082",
            "1111111109, 081804",
            "1111111111, 050471",
            "1234567890, 005924",
            "2000000000, 279037",
            "20000000000, 353130"})
    void sixDigitCodesAreTheLastSixDigitsOfTheRfcValues(long unixSeconds, String expected) {
        assertEquals(expected, new Totp(RFC_SEED, Totp.AWS_DIGITS).codeAt(Instant.ofEpochSecond(unixSeconds)));
    }

    @ParameterizedTest(name = "T={0}s -> counter {1}")
    @CsvSource({
            // Counter values from the RFC's table (hex there): 1, 0x23523EC, 0x23523ED, 0x273EF07, 0x3F940AA, 0x27BC86AA.
            "59, 1",
            "1111111109, 37037036",
            "1111111111, 37037037",
            "1234567890, 41152263",
            "2000000000, 66666666",
            "20000000000, 666666666",
            "0, 0",
            "29, 0",
            "30, 1"})
    void counterIsUnixTimeDividedByThirtySeconds(long unixSeconds, long counter) {
        assertEquals(counter, Totp.counterAt(Instant.ofEpochSecond(unixSeconds)));
    }

    @Test
    void codeForACounterEqualsCodeForATimeInThatStep() {
        Totp totp = new Totp(RFC_SEED, 8);
        assertEquals("07081804", totp.code(0x23523ECL));
        assertEquals("14050471", totp.code(0x23523EDL));
    }

    @Test
    void base32SeedGivesTheSameCodesAsTheRawKey() {
        String base32 = new Base32().encodeAsString(RFC_SEED);
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", base32);
        Totp fromBase32 = Totp.fromBase32(base32.toLowerCase(), 8);
        assertEquals("94287082", fromBase32.codeAt(Instant.ofEpochSecond(59)));
    }

    @Test
    void normalisesBase32AndRejectsOtherText() {
        assertEquals("GEZDGNBV", Totp.normaliseBase32(" gezd gnbv=="));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Totp.normaliseBase32("not base32 1890"));
        assertFalse(e.getMessage().contains("1890"), "the message must not echo the value");
        assertThrows(IllegalArgumentException.class, () -> Totp.normaliseBase32(""));
    }

    @Test
    void rejectsEmptyKeysAndImpossibleDigitCounts() {
        assertThrows(IllegalArgumentException.class, () -> new Totp(new byte[0], 6));
        assertThrows(IllegalArgumentException.class, () -> new Totp(RFC_SEED, 0));
        assertThrows(IllegalArgumentException.class, () -> new Totp(RFC_SEED, 10));
    }

    @Test
    void toStringDoesNotShowTheKey() {
        String text = new Totp(RFC_SEED, 6).toString();
        assertFalse(text.contains("1234567890"));
        assertFalse(text.contains("GEZDGNBV"));
    }
}
