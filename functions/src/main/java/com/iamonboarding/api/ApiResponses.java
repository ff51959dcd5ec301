package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.RetryableStepException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;

/**
 * JSON proxy responses of the API functions. Error bodies are {@code {"code", "message"}} with a
 * stable code and a message written here: never a stack trace, a class name or an SDK message.
 */
public final class ApiResponses {

    /** Responses name ARNs of a new hire's credentials; no cache in between should keep them. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/json",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff");

    private ApiResponses() {
    }

    /** The body of every error response; {@code violations} only for ValidationFailed. */
    public record ErrorBody(String code, String message, List<Violation> violations) {
    }

    public static APIGatewayProxyResponseEvent json(int statusCode, Object body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(statusCode)
                .withHeaders(new LinkedHashMap<>(HEADERS))
                .withBody(Json.write(body));
    }

    public static APIGatewayProxyResponseEvent json(int statusCode, Object body, Map<String, String> extraHeaders) {
        APIGatewayProxyResponseEvent response = json(statusCode, body);
        response.getHeaders().putAll(extraHeaders);
        return response;
    }

    public static APIGatewayProxyResponseEvent error(int statusCode, String code, String message) {
        return json(statusCode, new ErrorBody(code, message, null));
    }

    /** 409 IdempotencyConflict: {@code noun id} (the Idempotency-Key's) was started by a different request. */
    public static APIGatewayProxyResponseEvent idempotencyConflict(String noun, String id) {
        return error(409, "IdempotencyConflict", noun + " " + id + " already exists for a different request; send a new "
                + OnboardingIds.IDEMPOTENCY_KEY_HEADER);
    }

    /** 400 ValidationFailed with every violation. */
    public static APIGatewayProxyResponseEvent validationFailed(String noun, List<Violation> violations) {
        return json(400, new ErrorBody("ValidationFailed", "the request is not a valid " + noun + " request; see violations", violations));
    }

    /** 503 with Retry-After: AWS was busy or unreachable, the same request may succeed in a moment. */
    public static APIGatewayProxyResponseEvent serviceUnavailable(String message, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Retry-After", "2");
        return json(503, new ErrorBody("ServiceUnavailable", message, null), headers);
    }

    public static APIGatewayProxyResponseEvent internalError() {
        return error(500, "InternalError", "the request could not be completed; it has been logged");
    }

    /** Throttling, 5xx, timeouts and connection failures are worth retrying: 503; anything else is our fault: 500. */
    public static APIGatewayProxyResponseEvent serviceError(String action, SdkException e) {
        if (e instanceof ExecutionLimitExceededException
                || AwsErrors.classify(action, e) instanceof RetryableStepException) {
            return serviceUnavailable("the onboarding service is busy or unreachable; retry later", Map.of());
        }
        return internalError();
    }
}
