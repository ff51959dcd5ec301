package com.iamonboarding.enrolment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.ApiHandler;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two public routes of the enrolment page, authorised by the invitation token in the body
 * alone. They answer 200, or 400/404/410/429 with a stable code (and 503 when AWS is busy); the
 * token, the seed and the password never reach a log line.
 */
abstract class EnrolmentApiHandler extends ApiHandler {

    /** Every answer: never cached, no Referer. */
    private static final Map<String, String> HEADERS = Map.of("Referrer-Policy", "no-referrer");

    protected final EnrolmentService enrolments;

    EnrolmentApiHandler(EnrolmentService enrolments, Log log) {
        super(log);
        this.enrolments = enrolments;
    }

    protected abstract Object answer(JsonNode body);

    @Override
    protected final APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ApiRequests.body(event).orElse(""));
        } catch (Exception notJson) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return ApiResponses.json(400, Map.of("code", "InvalidJson", "message", "the request body must be one JSON object"), HEADERS);
        }
        try {
            return ApiResponses.json(200, answer(body), HEADERS);
        } catch (EnrolmentService.EnrolmentRefused refused) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", refused.code());
            error.put("message", refused.getMessage());
            error.putAll(refused.details());
            log.info(null, "enrolment refused", "code", refused.code());
            return ApiResponses.json(refused.status(), error, HEADERS);
        } catch (RetryableStepException busy) {
            log.warn(null, "enrolment call failed, retryable", "errorType", busy.getClass().getSimpleName());
            return ApiResponses.serviceUnavailable("try again in a moment", HEADERS);
        }
    }

    protected static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
