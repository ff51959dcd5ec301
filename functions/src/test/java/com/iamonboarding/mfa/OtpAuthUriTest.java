package com.iamonboarding.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {

    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void buildsTheAwsKeyUri() {
        assertEquals("otpauth://totp/Amazon%20Web%20Services:jdoe@aws-example?secret=" + SEED
                        + "&issuer=Amazon%20Web%20Services",
                OtpAuthUri.forAws("jdoe", "aws-example", SEED).value());
    }

    @Test
    void percentEncodesEveryCharacterIamAllowsInUserNames() {
        String value = OtpAuthUri.forAws("first.last+dev=ops,x@corp_1-2", "aws-example", SEED).value();
        assertEquals("otpauth://totp/Amazon%20Web%20Services:first.last%2Bdev%3Dops%2Cx%40corp_1-2@aws-example"
                + "?secret=" + SEED + "&issuer=Amazon%20Web%20Services", value);
        // A standard URI parser accepts it and decodes the label to the plain text.
        assertEquals("/Amazon Web Services:first.last+dev=ops,x@corp_1-2@aws-example", URI.create(value).getPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdoe", "first.last+dev=ops,x@corp_1-2", "a=b,c", "x@y@z", "Ünïcode Name"})
    void parsesBackToTheSameParts(String userName) {
        OtpAuthUri uri = OtpAuthUri.forAws(userName, "aws-example", SEED);
        OtpAuthUri parsed = OtpAuthUri.parse(uri.value());
        assertEquals(OtpAuthUri.AWS_ISSUER, parsed.issuer());
        assertEquals(userName, parsed.userName());
        assertEquals("aws-example", parsed.alias());
        assertEquals(SEED, parsed.secret());
        assertEquals(uri, parsed);
    }

    @Test
    void writesTheSecretInCanonicalBase32() {
        assertEquals(SEED, OtpAuthUri.forAws("jdoe", "aws-example", SEED.toLowerCase() + "====").secret());
    }

    @Test
    void toStringDoesNotShowTheSecret() {
        String text = OtpAuthUri.forAws("jdoe", "aws-example", SEED).toString();
        assertFalse(text.contains(SEED));
    }

    @Test
    void rejectsWhatIsNotAnOtpauthTotpUri() {
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse("https://example.com/x?secret=" + SEED));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse("otpauth://hotp/a:b@c?secret=" + SEED));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse("otpauth://totp/nolabel?secret=" + SEED));
        assertThrows(IllegalArgumentException.class,
                () -> OtpAuthUri.parse("otpauth://totp/A:b@c?secret=" + SEED + "&issuer=B"));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.forAws("", "aws-example", SEED));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.forAws("jdoe", "aws-example", "not-base32!"));
    }
}
