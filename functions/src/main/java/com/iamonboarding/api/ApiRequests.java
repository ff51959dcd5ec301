package com.iamonboarding.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.iamonboarding.common.Json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads what the API functions need from an API Gateway proxy event. */
public final class ApiRequests {

    private ApiRequests() {
    }

    /** HTTP header names are case-insensitive; API Gateway passes them as the client wrote them. */
    public static Optional<String> header(APIGatewayProxyRequestEvent event, String name) {
        if (event == null) {
            return Optional.empty();
        }
        Optional<String> single = find(event.getHeaders(), name);
        if (single.isPresent()) {
            return single;
        }
        return find(event.getMultiValueHeaders(), name)
                .flatMap(values -> values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0)));
    }

    public static Optional<String> pathParameter(APIGatewayProxyRequestEvent event, String name) {
        if (event == null || event.getPathParameters() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(event.getPathParameters().get(name));
    }

    /** The body as text: empty when there is none; throws IllegalArgumentException when it is not valid base64. */
    public static Optional<String> body(APIGatewayProxyRequestEvent event) {
        if (event == null || event.getBody() == null) {
            return Optional.empty();
        }
        String body = event.getBody();
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return body.isBlank() ? Optional.empty() : Optional.of(body);
    }

    private static <V> Optional<V> find(Map<String, V> map, String name) {
        if (map == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, V> entry : map.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** Duplicate keys would make "which value counts" ambiguous; trailing text means it is not one JSON document. */
    private static final ObjectReader BODY_READER = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The body as one JSON document; empty when there is none or it is not JSON (duplicate keys and trailing text included). */
    public static Optional<JsonNode> jsonBody(APIGatewayProxyRequestEvent event) {
        try {
            Optional<String> text = body(event);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = BODY_READER.readTree(text.get());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (Exception notJson) {
            // Jackson's message quotes the input: say nothing about it but that it is not JSON.
            return Optional.empty();
        }
    }
}
