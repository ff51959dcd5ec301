package com.iamonboarding.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.common.FunctionEnvironment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnrolmentPageHandlerTest {

    static String page;
    static APIGatewayProxyResponseEvent response;

    @BeforeAll
    static void getThePage() throws Exception {
        try (InputStream in = EnrolmentPageHandlerTest.class.getResourceAsStream("/enrol.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        response = new EnrolmentPageHandler(new FunctionEnvironment(Map.of()))
                .handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/enrol"), null);
    }

    /** The text between the only {@code open} and its {@code close} in the page, found here without the handler's pattern. */
    static String between(String open, String close) {
        int start = page.indexOf(open);
        assertTrue(start >= 0, "the page has " + open);
        assertEquals(start, page.lastIndexOf(open), "the page has exactly one " + open);
        int end = page.indexOf(close, start);
        return page.substring(start + open.length(), end);
    }

    static String sha256Base64(String text) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> directives() {
        return Arrays.stream(response.getHeaders().get("Content-Security-Policy").split(";")).map(String::trim).toList();
    }

    static String directive(String name) {
        return directives().stream().filter(d -> d.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + directives()));
    }

    @Test
    void servesThePageAsHtml() {
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals(page, response.getBody());
        assertTrue(response.getBody().startsWith("<!DOCTYPE html>"));
    }

    @Test
    void isNeverCachedAndSendsNoReferrer() {
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        assertEquals("no-referrer", response.getHeaders().get("Referrer-Policy"));
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertEquals("DENY", response.getHeaders().get("X-Frame-Options"));
    }

    @Test
    void thePolicyAllowsNothingByDefault() {
        assertTrue(directives().contains("default-src 'none'"), directives().toString());
        assertTrue(directives().contains("img-src data:"), directives().toString());
        assertTrue(directives().contains("connect-src 'self'"), directives().toString());
        assertTrue(directives().contains("form-action 'none'"), directives().toString());
        assertTrue(directives().contains("base-uri 'none'"), directives().toString());
        assertTrue(directives().contains("frame-ancestors 'none'"), directives().toString());
        String policy = response.getHeaders().get("Content-Security-Policy");
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertFalse(policy.contains("unsafe-eval"), policy);
        assertFalse(policy.contains("*"), policy);
        assertFalse(policy.contains("http"), "no other origin: " + policy);
    }

    @Test
    void theScriptIsAllowedByItsOwnSha256Only() throws Exception {
        String script = between("<script>", "</script>");
        assertTrue(script.contains("enrolments/start"), "found the page's script");
        assertEquals("script-src 'sha256-" + sha256Base64(script) + "'", directive("script-src"));
    }

    @Test
    void theStyleIsAllowedByItsOwnSha256Only() throws Exception {
        String style = between("<style>", "</style>");
        assertTrue(style.contains("font-family"), "found the page's style");
        assertEquals("style-src 'sha256-" + sha256Base64(style) + "'", directive("style-src"));
    }

    @Test
    void thePageLoadsNothingFromElsewhereAndHasNoInlineHandlers() {
        assertFalse(page.contains("<script src"), "no external script");
        assertFalse(page.contains("<link"), "no external style sheet");
        assertFalse(page.matches("(?s).*\\son[a-z]+=.*"), "inline event handlers would need 'unsafe-inline'");
        assertFalse(page.contains("style=\""), "inline style attributes would need 'unsafe-inline'");
    }

    @Test
    void theTokenIsReadFromTheFragmentAndSentOnlyInARequestBody() {
        String script = between("<script>", "</script>");
        assertTrue(script.contains("window.location.hash"), script);
        assertFalse(script.contains("location.search"), "the token is never read from the query string");
        assertTrue(script.contains("referrerPolicy: \"no-referrer\""), script);
        assertTrue(script.contains("credentials: \"omit\""), script);
    }

    @Test
    void aChangedScriptChangesThePolicy() {
        String changed = page.replace("\"use strict\";", "\"use strict\"; var injected = 1;");
        assertNotEquals(page, changed);
        String before = EnrolmentPageHandler.headers(page).get("Content-Security-Policy");
        String after = EnrolmentPageHandler.headers(changed).get("Content-Security-Policy");
        assertNotEquals(before, after);
        assertEquals(before.replaceAll("script-src [^;]+", ""), after.replaceAll("script-src [^;]+", ""));
    }
}
