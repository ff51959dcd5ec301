package com.iamonboarding.local.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON requests to the shared stack's local API, each answer checked for the status the test expects. */
public final class LocalApiCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalApiCalls() {
    }

    public static JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).GET(), 200);
    }

    /** POST of a JSON body, answered 202 (a start). */
    public static JsonNode post(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))), 202);
    }

    public static JsonNode send(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpResponse<String> response = answer(request);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    /** The answer, whatever its status. */
    public static HttpResponse<String> answer(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static URI url(String path) {
        return SharedStack.get().api().url().resolve(path);
    }
}
