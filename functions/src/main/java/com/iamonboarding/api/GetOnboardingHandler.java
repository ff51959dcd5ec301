package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.util.Optional;

/**
 * GET /onboardings/{id}: the status of one onboarding, the step it is in or failed at, and, once it
 * succeeded, the identifiers of what it created (never a secret: the secrets stay in Secrets Manager).
 */
public class GetOnboardingHandler extends ExecutionStatusHandler {

    private static final Log LOG = Log.forFunction("GetOnboarding");

    public GetOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOnboardingHandler.STATE_MACHINE_ARN)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), LOG));
    }

    public GetOnboardingHandler(OnboardingWorkflow workflow, StatusTable status) {
        super(workflow, status, "onboarding", OnboardingIds.PREFIX, LOG);
    }

    @Override
    protected boolean isValidId(String id) {
        return OnboardingIds.isValidId(id);
    }

    @Override
    protected ObjectNode result(JsonNode output) {
        return OnboardingResultView.from(output);
    }

    /** The {@code <Step>Failed} Pass state the Catch led to: the compensation ran after it. */
    @Override
    protected Optional<String> failedStepInHistory(OnboardingWorkflow workflow, String executionArn) {
        return workflow.failedStep(executionArn);
    }
}
