package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * POST /{noun}s for a workflow whose executions are named after their ids. The body must be one JSON
 * object and the optional Idempotency-Key header well formed; every violation of either is refused
 * at once with 400 and nothing is started. A valid request goes to the subclass, which derives the
 * id and calls {@link #startExecution}: 202 with where to poll, 409 when the id is taken by a
 * different request, 503 or 500 when Step Functions fails.
 */
public abstract class StartExecutionHandler<R> extends ApiHandler {

    private final OnboardingWorkflow workflow;
    private final InputSeal seal;
    private final StatusTable status;
    private final String noun;

    /**
     * {@code noun} names one run in ids, paths and messages ("onboarding"), and is the workflow name
     * the input is sealed for ({@link InputSeal}).
     */
    protected StartExecutionHandler(OnboardingWorkflow workflow, InputSeal seal, StatusTable status, String noun, Log log) {
        super(log);
        this.workflow = workflow;
        this.seal = seal;
        this.status = status;
        this.noun = noun;
    }

    protected abstract RequestValidation<R> validate(JsonNode body);

    /** A valid request: refuse it, or derive its id and {@link #startExecution start its execution}. */
    protected abstract APIGatewayProxyResponseEvent start(R request, Optional<String> idempotencyKey, APIGatewayProxyRequestEvent event);

    @Override
    protected final APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        Optional<JsonNode> body = ApiRequests.jsonBody(event);
        if (body.isEmpty()) {
            return ApiResponses.error(400, "InvalidJson", "the request body must be one JSON object");
        }
        Optional<String> key = ApiRequests.header(event, OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        RequestValidation<R> validation = validate(body.get());
        List<Violation> violations = new ArrayList<>(validation.violations());
        if (key.isPresent() && !OnboardingIds.isValidIdempotencyKey(key.get())) {
            violations.add(new Violation(OnboardingIds.IDEMPOTENCY_KEY_HEADER, "pattern",
                    "the header must be 1-64 characters of A-Z a-z 0-9 _ -"));
        }
        if (!violations.isEmpty()) {
            log.info(null, "request rejected", "violations", summary(violations));
            return ApiResponses.validationFailed(noun, violations);
        }
        return start(validation.request(), key, event);
    }

    /**
     * Starts the execution named {@code id} with the input {@code {"<noun>Id": id, "request": request,
     * "seal": ...}}: the steps run only on a state the API sealed. {@code logFields} (identifiers only)
     * are added to the log line of an accepted request.
     */
    protected final APIGatewayProxyResponseEvent startExecution(String id, R request, Object... logFields) {
        try {
            Map<String, Object> input = seal.sealedInput(noun, id, request);
            OnboardingWorkflow.Started started = workflow.start(id, Json.write(input), new OnboardingWorkflow.AttemptListener() {
                @Override
                public void starting(int attempt) {
                    status.begin(id, noun, attempt);
                }

                @Override
                public void notStarted(int attempt) {
                    status.abandon(id, attempt);
                }
            });
            List<Object> fields = new ArrayList<>(Arrays.asList("executionArn", started.executionArn(), "status", started.status(),
                    "attempt", started.attempt()));
            fields.addAll(Arrays.asList(logFields));
            log.info(id, noun + " accepted", fields.toArray());
            String statusUrl = "/" + noun + "s/" + id;
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put(noun + "Id", id);
            accepted.put("status", started.status());
            accepted.put("attempt", started.attempt());
            accepted.put("statusUrl", statusUrl);
            accepted.put("executionArn", started.executionArn());
            accepted.values().removeIf(Objects::isNull);
            return ApiResponses.json(202, accepted, Map.of("Location", statusUrl));
        } catch (OnboardingWorkflow.IdempotencyConflictException e) {
            log.warn(id, noun + " id already used by a different request");
            return ApiResponses.idempotencyConflict(noun, id);
        } catch (OnboardingWorkflow.AttemptsExhaustedException e) {
            log.warn(id, noun + " failed too often; no new attempt", "attempts", OnboardingWorkflow.MAX_ATTEMPTS);
            return ApiResponses.error(409, "AttemptsExhausted", noun + " " + id + " has failed "
                    + OnboardingWorkflow.MAX_ATTEMPTS + " times; fix the cause, then send the request with a new "
                    + OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        } catch (SdkException e) {
            log.warn(id, "StartExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("StartExecution", e);
        }
    }

    /** Field and rule of each violation, for the log: never the submitted values. */
    private static List<String> summary(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.rule()).toList();
    }
}
