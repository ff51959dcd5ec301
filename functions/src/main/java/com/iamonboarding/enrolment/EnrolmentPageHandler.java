package com.iamonboarding.enrolment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.api.ApiHandler;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /enrol: the enrolment page, one self-contained HTML document with its own small script and
 * style, nothing from anywhere else. Its Content-Security-Policy allows exactly those two (by hash),
 * images from data: URLs (the QR code) and requests to this API; the page is never cached and
 * sends no Referer, so the token in its URL fragment stays in the hire's browser.
 */
public class EnrolmentPageHandler extends ApiHandler {

    static final String PAGE = "/enrol.html";
    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final String html;
    private final Map<String, String> headers;

    public EnrolmentPageHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnrolmentPageHandler(FunctionEnvironment env) {
        this(page());
    }

    EnrolmentPageHandler(String html) {
        super(Log.forFunction("EnrolmentPage"));
        this.html = html;
        this.headers = headers(html);
    }

    @Override
    protected APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(new LinkedHashMap<>(headers)).withBody(html);
    }

    /** The policy, built from the page itself: a changed script or style changes its hash. */
    static Map<String, String> headers(String html) {
        List<String> scripts = new ArrayList<>();
        List<String> styles = new ArrayList<>();
        Matcher inline = INLINE.matcher(html);
        while (inline.find()) {
            (inline.group(1).equals("script") ? scripts : styles).add("'sha256-" + sha256(inline.group(2)) + "'");
        }
        String policy = String.join("; ",
                "default-src 'none'",
                "script-src " + String.join(" ", scripts),
                "style-src " + String.join(" ", styles),
                "img-src data:",
                "connect-src 'self'",
                "form-action 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Content-Security-Policy", policy);
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String page() {
        try (InputStream in = EnrolmentPageHandler.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the function package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PAGE, e);
        }
    }
}
