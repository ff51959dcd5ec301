package com.iamonboarding.local.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.iamonboarding.common.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the AWS action of an HTTP request and parses its parameters: JSON protocol calls name it
 * in {@code X-Amz-Target} (e.g. {@code secretsmanager.CreateSecret}), query protocol calls (IAM,
 * STS) in the {@code Action} form or query field; REST calls (S3) get a name from method and path.
 * The service comes from the SigV4 credential scope.
 */
final class AwsRequestParser {

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");

    private AwsRequestParser() {
    }

    static RecordedRequest parse(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        String service = service(headers.get("authorization"));
        Map<String, Object> parameters = new LinkedHashMap<>(form(rawQuery));
        String target = headers.get("x-amz-target");
        String action;
        if (target != null) {
            action = target.substring(target.lastIndexOf('.') + 1);
            parameters.putAll(json(body));
        } else {
            String contentType = headers.getOrDefault("content-type", "");
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                parameters.putAll(form(new String(body, StandardCharsets.UTF_8)));
            }
            Object named = parameters.get("Action");
            action = named != null ? String.valueOf(named) : restAction(method, path, rawQuery, service);
        }
        return new RecordedRequest(Instant.now(), service, action, method, path, parameters);
    }

    private static String service(String authorization) {
        if (authorization == null) {
            return "unknown";
        }
        Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private static Map<String, Object> json(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (Exception notAJsonObject) {
            return Map.of();
        }
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** S3 object operations by method (PutObject, GetObject, ...); other REST calls as "METHOD /path". */
    private static String restAction(String method, String path, String rawQuery, String service) {
        boolean objectPath = path.chars().filter(c -> c == '/').count() >= 2 && path.length() > 1
                && !path.endsWith("/");
        if ("s3".equals(service) && objectPath && (rawQuery == null || rawQuery.isEmpty() || rawQuery.startsWith("x-id="))) {
            switch (method) {
                case "PUT": return "PutObject";
                case "GET": return "GetObject";
                case "HEAD": return "HeadObject";
                case "DELETE": return "DeleteObject";
                default: break;
            }
        }
        return method + " " + path;
    }
}
