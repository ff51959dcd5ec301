package com.iamonboarding.local.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway (REST API) Lambda proxy integration event for a request: the JSON shape of
 * {@code APIGatewayProxyRequestEvent}.
 */
public final class ProxyEvents {

    static final String LOCAL_CALLER_ARN = "arn:aws:iam::123456789012:user/local-developer";

    private ProxyEvents() {
    }

    public static Map<String, Object> build(RouteTable.Match match, String method, String rawPath, String rawQuery,
                                            Map<String, List<String>> headers, String body, String host,
                                            String stage) {
        Map<String, String> singleHeaders = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String canonical = canonicalHeaderName(name);
            singleHeaders.put(canonical, values.get(values.size() - 1));
            multiHeaders.put(canonical, List.copyOf(values));
        });
        // API Gateway sets the scheme the client used (always https there); the local API speaks http.
        singleHeaders.put("X-Forwarded-Proto", "http");
        multiHeaders.put("X-Forwarded-Proto", List.of("http"));
        Map<String, List<String>> query = query(rawQuery);
        Map<String, String> singleQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> singleQuery.put(name, values.get(values.size() - 1)));
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);

        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", "127.0.0.1");
        identity.put("userArn", LOCAL_CALLER_ARN);
        identity.put("user", "local-developer");
        identity.put("caller", "local-developer");
        identity.put("accountId", "123456789012");
        identity.put("userAgent", singleHeaders.get("User-Agent"));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "123456789012");
        context.put("apiId", "local");
        context.put("resourceId", "local");
        context.put("stage", stage);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", Instant.now().toEpochMilli());
        context.put("protocol", "HTTP/1.1");
        context.put("httpMethod", method);
        context.put("resourcePath", match.route().path());
        // The local API serves the routes without the stage in the URL, as a custom domain does:
        // the request context's path is then the resource path itself.
        context.put("path", path);
        context.put("domainName", host);
        context.put("identity", identity);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", match.route().path());
        event.put("path", path);
        event.put("httpMethod", method);
        event.put("headers", singleHeaders);
        event.put("multiValueHeaders", multiHeaders);
        event.put("queryStringParameters", singleQuery.isEmpty() ? null : singleQuery);
        event.put("multiValueQueryStringParameters", query.isEmpty() ? null : query);
        event.put("pathParameters", match.pathParameters().isEmpty() ? null : match.pathParameters());
        event.put("stageVariables", null);
        event.put("requestContext", context);
        event.put("body", body == null || body.isEmpty() ? null : body);
        event.put("isBase64Encoded", false);
        return event;
    }

    /**
     * The JDK's HTTP server lowercases header names after the first letter; clients (and API Gateway)
     * spell them Word-Word, which handlers may rely on: Idempotency-Key, Content-Type.
     */
    static String canonicalHeaderName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
