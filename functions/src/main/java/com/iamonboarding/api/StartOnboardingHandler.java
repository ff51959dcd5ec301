package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * POST /onboardings: validates the request, derives the onboarding id and starts the state machine
 * execution of that name. 202 with the id and where to poll; 400 for anything invalid (nothing is
 * started); 409 when the id is taken by a different request.
 */
public class StartOnboardingHandler extends JsonHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";
    private static final Log LOG = Log.forFunction("StartOnboarding");
    /** Duplicate keys would make "which value counts" ambiguous; trailing text means it is not one JSON document. */
    private static final ObjectReader BODY_READER = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final OnboardingWorkflow workflow;
    private final RequestValidator validator;

    public StartOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(STATE_MACHINE_ARN)),
                new RequestValidator(AccessProfiles.load(env)));
    }

    public StartOnboardingHandler(OnboardingWorkflow workflow, RequestValidator validator) {
        super(APIGatewayProxyRequestEvent.class);
        this.workflow = workflow;
        this.validator = validator;
    }

    /** The 202 body. */
    public record Accepted(String onboardingId, String status, String statusUrl, String executionArn) {
    }

    @Override
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        try {
            return start(event);
        } catch (RuntimeException e) {
            LOG.warn(null, "unexpected error", "errorType", e.getClass().getSimpleName());
            return ApiResponses.internalError();
        }
    }

    private APIGatewayProxyResponseEvent start(APIGatewayProxyRequestEvent event) {
        Optional<JsonNode> body = parse(event);
        if (body.isEmpty()) {
            return ApiResponses.error(400, "InvalidJson", "the request body must be one JSON object");
        }
        Optional<String> key = ApiRequests.header(event, OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        RequestValidator.Validation validation = validator.validate(body.get());
        List<Violation> violations = validation.violations();
        if (key.isPresent() && !OnboardingIds.isValidIdempotencyKey(key.get())) {
            violations = new ArrayList<>(violations);
            violations.add(new Violation(OnboardingIds.IDEMPOTENCY_KEY_HEADER, "pattern",
                    "the header must be 1-64 characters of A-Z a-z 0-9 _ -"));
        }
        if (!violations.isEmpty()) {
            LOG.info(null, "request rejected", "violations", summary(violations));
            return ApiResponses.validationFailed(violations);
        }
        OnboardingRequest request = validation.request();
        String onboardingId = key.map(OnboardingIds::fromIdempotencyKey).orElseGet(() -> OnboardingIds.fromRequest(request));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("onboardingId", onboardingId);
        input.put("request", request);
        try {
            OnboardingWorkflow.Started started = workflow.start(onboardingId, Json.write(input));
            LOG.info(onboardingId, "onboarding accepted", "executionArn", started.executionArn(),
                    "status", started.status(), "userName", request.userName, "accessProfile", request.accessProfile);
            String statusUrl = "/onboardings/" + onboardingId;
            return ApiResponses.json(202, new Accepted(onboardingId, started.status(), statusUrl, started.executionArn()),
                    Map.of("Location", statusUrl));
        } catch (OnboardingWorkflow.IdempotencyConflictException e) {
            LOG.warn(onboardingId, "onboarding id already used by a different request");
            return ApiResponses.error(409, "IdempotencyConflict", e.getMessage());
        } catch (SdkException e) {
            LOG.warn(onboardingId, "StartExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("StartExecution", e);
        }
    }

    private static Optional<JsonNode> parse(APIGatewayProxyRequestEvent event) {
        try {
            Optional<String> text = ApiRequests.body(event);
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

    /** Field and rule of each violation, for the log: never the submitted values. */
    private static List<String> summary(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.rule()).toList();
    }
}
