package com.iamonboarding.local.lambda;

import com.iamonboarding.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one in-process invocation produced: the handler's output, or its error as Lambda reports it. */
public record InvocationResult(Status status, byte[] payload, String errorType) {

    public enum Status { SUCCESS, FUNCTION_ERROR, NOT_FOUND }

    static InvocationResult success(byte[] payload) {
        return new InvocationResult(Status.SUCCESS, payload, null);
    }

    /** Lambda's error payload for an unhandled exception: {"errorType", "errorMessage"}. */
    static InvocationResult functionError(String errorType, String errorMessage) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorType", errorType);
        body.put("errorMessage", errorMessage == null ? "" : errorMessage);
        return new InvocationResult(Status.FUNCTION_ERROR, Json.write(body).getBytes(StandardCharsets.UTF_8), errorType);
    }

    /** Lambda's answer for a function that does not exist (with the ResourceNotFoundException error type). */
    static InvocationResult notFound(String function) {
        String body = Json.write(Map.of("Type", "User", "message", "Function not found: " + function));
        return new InvocationResult(Status.NOT_FOUND, body.getBytes(StandardCharsets.UTF_8), "ResourceNotFoundException");
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }
}
