package com.iamonboarding.mfa;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code otpauth://totp/<issuer>:<userName>@<alias>?secret=<BASE32>&issuer=<issuer>} URI that an
 * authenticator app reads from the enrolment QR code (Google Authenticator "Key Uri Format").
 * Each component is percent-encoded on its own (RFC 3986 unreserved characters stay literal, a space
 * becomes {@code %20}, never {@code +}), so the {@code :} and {@code @} separators stay unambiguous
 * even for IAM user names that contain {@code @}, {@code +}, {@code =} or {@code ,}.
 *
 * <p>The URI contains the seed: it is a secret, and {@link #toString()} does not show it.
 */
public final class OtpAuthUri {

    public static final String AWS_ISSUER = "Amazon Web Services";

    private final String issuer;
    private final String userName;
    private final String alias;
    private final String secret;

    public OtpAuthUri(String issuer, String userName, String alias, String base32Secret) {
        this.issuer = require(issuer, "issuer");
        this.userName = require(userName, "userName");
        this.alias = require(alias, "alias");
        this.secret = Totp.normaliseBase32(base32Secret);
    }

    /** The URI AWS users know: issuer "Amazon Web Services", label {@code <userName>@<alias>}. */
    public static OtpAuthUri forAws(String userName, String accountAlias, String base32Secret) {
        return new OtpAuthUri(AWS_ISSUER, userName, accountAlias, base32Secret);
    }

    public String value() {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(userName) + "@" + encode(alias)
                + "?secret=" + secret + "&issuer=" + encode(issuer);
    }

    /** Reads a URI in the format {@link #value()} writes (used to check a decoded QR code). */
    public static OtpAuthUri parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an otpauth URI");
        }
        if (!"otpauth".equals(parsed.getScheme()) || !"totp".equals(parsed.getHost())
                || parsed.getRawPath() == null || parsed.getRawQuery() == null) {
            throw new IllegalArgumentException("not an otpauth://totp URI");
        }
        String label = parsed.getRawPath().substring(1);
        int colon = label.indexOf(':');
        int at = label.lastIndexOf('@');
        if (colon < 0 || at < colon) {
            throw new IllegalArgumentException("the label is not <issuer>:<userName>@<alias>");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : parsed.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String labelIssuer = decode(label.substring(0, colon));
        if (query.containsKey("issuer") && !labelIssuer.equals(query.get("issuer"))) {
            throw new IllegalArgumentException("the label's issuer differs from the issuer parameter");
        }
        return new OtpAuthUri(labelIssuer, decode(label.substring(colon + 1, at)),
                decode(label.substring(at + 1)), query.get("secret"));
    }

    public String issuer() {
        return issuer;
    }

    public String userName() {
        return userName;
    }

    public String alias() {
        return alias;
    }

    public String secret() {
        return secret;
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        // RFC 3986: '+' is a literal plus here, not a form-encoded space.
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OtpAuthUri other && value().equals(other.value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return "OtpAuthUri[issuer=" + issuer + ", userName=" + userName + ", alias=" + alias + ", secret=<redacted>]";
    }
}
