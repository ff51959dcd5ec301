package com.iamonboarding.local.proxy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.iamonboarding.common.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the AWS action of an HTTP request and parses its parameters: JSON protocol calls name it
 * in {@code X-Amz-Target} (e.g. {@code secretsmanager.CreateSecret}), query protocol calls (IAM,
 * STS) in the {@code Action} form or query field; REST calls (S3) get a name from method and path.
 * The service comes from the SigV4 credential scope. REST calls also keep the {@code x-amz-*} headers
 * IAM conditions read (S3's encryption, tagging, ACL, ...) under their lower-case names, and their
 * JSON body's fields (SES v2).
 */
public final class AwsRequestParser {

    private static final Pattern CONDITION_HEADER = Pattern.compile(
            "x-amz-(server-side-encryption.*|tagging|acl|grant-.+|storage-class|copy-source|metadata-directive"
                    + "|website-redirect-location|object-lock-.+|content-sha256)");

    /** Services whose REST bodies are data (S3 objects, Lambda events), not the call's parameters. */
    private static final Set<String> OPAQUE_BODIES = Set.of("s3", "lambda");

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("Credential=([^/,\\s]+)/");

    private AwsRequestParser() {
    }

    public static RecordedRequest parse(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
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
            } else {
                restParameters(service, contentType, headers, body, parameters);
            }
            Object named = parameters.get("Action");
            action = named != null ? String.valueOf(named) : restAction(method, path, rawQuery, service);
        }
        return new RecordedRequest(Instant.now(), service, action, method, path, parameters, accessKeyId(headers.get("authorization")));
    }

    private static void restParameters(String service, String contentType, Map<String, String> headers, byte[] body,
                                       Map<String, Object> parameters) {
        if (contentType.startsWith("application/json") && !OPAQUE_BODIES.contains(service)) {
            parameters.putAll(json(body));
        }
        headers.forEach((name, value) -> {
            if (CONDITION_HEADER.matcher(name).matches()) {
                parameters.put(name, value);
            }
        });
    }

    /** The key id of the SigV4 credential ({@code Credential=<key id>/<date>/...}); null when unsigned. */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = ACCESS_KEY_ID.matcher(authorization);
        return matcher.find() ? matcher.group(1) : null;
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

    /** The fields of a URL-encoded form or query ({@code a=1&b=2}), in order. */
    public static Map<String, String> form(String encoded) {
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
