package com.iamonboarding.offboarding.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.api.GetOnboardingHandler;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
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
 * GET /offboardings/{id}: status, the step it is in or failed at, and once it succeeded the planned
 * and performed actions. Reads the execution like GET /onboardings/{id} does.
 */
public class GetOffboardingHandler extends JsonHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String ID_PARAMETER = "id";
    private static final Log LOG = Log.forFunction("GetOffboarding");
    /** Every step's failure ends in the Fail state "<Step>Failed", whose error has the same name. */
    private static final Pattern STEP_FAILED_ERROR = Pattern.compile("([A-Z][A-Za-z0-9]*)Failed");

    private final OnboardingWorkflow workflow;

    public GetOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOffboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOffboardingHandler.STATE_MACHINE_ARN)));
    }

    public GetOffboardingHandler(OnboardingWorkflow workflow) {
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
        if (id.isEmpty() || !OffboardingIds.isValidId(id.get())) {
            return ApiResponses.error(400, "InvalidOffboardingId",
                    "the offboarding id must be off- followed by 1-64 characters of A-Z a-z 0-9 _ -");
        }
        String offboardingId = id.get();
        Optional<DescribeExecutionResponse> execution;
        try {
            execution = workflow.describe(offboardingId);
        } catch (SdkException e) {
            LOG.warn(offboardingId, "DescribeExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("DescribeExecution", e);
        }
        if (execution.isEmpty()) {
            return ApiResponses.error(404, "OffboardingNotFound", "there is no offboarding " + offboardingId);
        }
        return ApiResponses.json(200, view(offboardingId, execution.get()));
    }

    private Map<String, Object> view(String offboardingId, DescribeExecutionResponse execution) {
        Map<String, Object> body = new LinkedHashMap<>();
        String status = execution.statusAsString();
        body.put("offboardingId", offboardingId);
        body.put("status", status);
        body.put("startedAt", execution.startDate() == null ? null : execution.startDate().toString());
        body.put("stoppedAt", execution.stopDate() == null ? null : execution.stopDate().toString());
        switch (status) {
            case "RUNNING" -> history(offboardingId, () -> workflow.latestStateEntered(execution.executionArn()))
                    .ifPresent(step -> body.put("currentStep", step));
            case "SUCCEEDED" -> OffboardingResultView.from(execution.output()).ifPresent(result -> body.put("result", result));
            default -> {
                failedStep(offboardingId, execution).ifPresent(step -> body.put("failedStep", step));
                Optional.ofNullable(execution.error()).map(GetOnboardingHandler::errorName).ifPresent(e -> body.put("error", e));
                Optional.ofNullable(execution.cause()).map(GetOnboardingHandler::causeText).ifPresent(c -> body.put("cause", c));
            }
        }
        body.values().removeIf(Objects::isNull);
        LOG.info(offboardingId, "status read", "status", status);
        return body;
    }

    /** From the Fail state's error name; for a timeout or an abort, the state the execution was in. */
    private Optional<String> failedStep(String offboardingId, DescribeExecutionResponse execution) {
        if (execution.error() != null) {
            Matcher named = STEP_FAILED_ERROR.matcher(execution.error());
            if (named.matches()) {
                return Optional.of(named.group(1));
            }
        }
        return history(offboardingId, () -> workflow.latestStateEntered(execution.executionArn()));
    }

    private static Optional<String> history(String offboardingId, Supplier<Optional<String>> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            LOG.warn(offboardingId, "GetExecutionHistory failed", "errorType", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
