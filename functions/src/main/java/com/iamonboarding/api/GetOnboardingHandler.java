package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * GET /onboardings/{id}: the status of one onboarding, the step it is in or failed at, and, once it
 * succeeded, the identifiers of what it created (never a secret: the secrets stay in Secrets Manager).
 */
public class GetOnboardingHandler extends JsonHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String ID_PARAMETER = "id";
    private static final Log LOG = Log.forFunction("GetOnboarding");
    /** The compensation fails the execution with the error "<Step>Failed". */
    private static final Pattern STEP_FAILED_ERROR = Pattern.compile("([A-Z][A-Za-z0-9]*)Failed");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("([a-z_][A-Za-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    private final OnboardingWorkflow workflow;

    public GetOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOnboardingHandler.STATE_MACHINE_ARN)));
    }

    public GetOnboardingHandler(OnboardingWorkflow workflow) {
        super(APIGatewayProxyRequestEvent.class);
        this.workflow = workflow;
    }

    @Override
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        try {
            return describe(event);
        } catch (RuntimeException e) {
            LOG.warn(null, "unexpected error", "errorType", e.getClass().getSimpleName());
            return ApiResponses.internalError();
        }
    }

    private APIGatewayProxyResponseEvent describe(APIGatewayProxyRequestEvent event) {
        Optional<String> id = ApiRequests.pathParameter(event, ID_PARAMETER);
        if (id.isEmpty() || !OnboardingIds.isValidId(id.get())) {
            return ApiResponses.error(400, "InvalidOnboardingId",
                    "the onboarding id must be onb- followed by 1-64 characters of A-Z a-z 0-9 _ -");
        }
        String onboardingId = id.get();
        Optional<DescribeExecutionResponse> execution;
        try {
            execution = workflow.describe(onboardingId);
        } catch (SdkException e) {
            LOG.warn(onboardingId, "DescribeExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("DescribeExecution", e);
        }
        if (execution.isEmpty()) {
            return ApiResponses.error(404, "OnboardingNotFound", "there is no onboarding " + onboardingId);
        }
        return ApiResponses.json(200, view(onboardingId, execution.get()));
    }

    private Map<String, Object> view(String onboardingId, DescribeExecutionResponse execution) {
        Map<String, Object> body = new LinkedHashMap<>();
        String status = execution.statusAsString();
        body.put("onboardingId", onboardingId);
        body.put("status", status);
        body.put("startedAt", execution.startDate() == null ? null : execution.startDate().toString());
        body.put("stoppedAt", execution.stopDate() == null ? null : execution.stopDate().toString());
        switch (status) {
            case "RUNNING" -> history(onboardingId, () -> workflow.latestStateEntered(execution.executionArn()))
                    .ifPresent(step -> body.put("currentStep", step));
            case "SUCCEEDED" -> OnboardingResultView.from(execution.output()).ifPresent(result -> body.put("result", result));
            default -> {
                // FAILED, TIMED_OUT, ABORTED: say where and why, as far as Step Functions knows.
                failedStep(onboardingId, execution).ifPresent(step -> body.put("failedStep", step));
                Optional.ofNullable(execution.error()).map(GetOnboardingHandler::errorName).ifPresent(e -> body.put("error", e));
                Optional.ofNullable(execution.cause()).map(GetOnboardingHandler::causeText).ifPresent(c -> body.put("cause", c));
            }
        }
        body.values().removeIf(Objects::isNull);
        LOG.info(onboardingId, "status read", "status", status);
        return body;
    }

    private Optional<String> failedStep(String onboardingId, DescribeExecutionResponse execution) {
        if (execution.error() != null) {
            Matcher named = STEP_FAILED_ERROR.matcher(execution.error());
            if (named.matches()) {
                return Optional.of(named.group(1));
            }
        }
        return history(onboardingId, () -> workflow.failedStep(execution.executionArn()));
    }

    /** The history only adds detail: when it cannot be read the status is still worth answering. */
    private static Optional<String> history(String onboardingId, Supplier<Optional<String>> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            LOG.warn(onboardingId, "GetExecutionHistory failed", "errorType", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** A Java exception's error name is its class name; show the simple name only (States.* names stay whole). */
    public static String errorName(String error) {
        return JAVA_CLASS_NAME.matcher(error).matches() ? error.substring(error.lastIndexOf('.') + 1) : error;
    }

    /** A Lambda error arrives as its JSON payload; show its message only, never its type or stack trace. */
    public static String causeText(String cause) {
        try {
            JsonNode payload = Json.MAPPER.readTree(cause);
            if (payload != null && payload.isObject()) {
                JsonNode message = payload.get("errorMessage");
                return message != null && message.isTextual() ? message.asText() : "the step failed";
            }
        } catch (Exception plainText) {
            // Not JSON: the compensation's own sentence.
        }
        return cause;
    }
}
