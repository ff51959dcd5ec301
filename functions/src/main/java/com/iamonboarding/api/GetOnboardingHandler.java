package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import java.util.Optional;

/**
 * GET /onboardings/{id}: the status of one onboarding, the step it is in or failed at, and, once it
 * succeeded, the identifiers of what it created (never a secret: the secrets stay in Secrets Manager).
 */
public class GetOnboardingHandler extends ExecutionStatusHandler {

    public GetOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOnboardingHandler.STATE_MACHINE_ARN)));
    }

    public GetOnboardingHandler(OnboardingWorkflow workflow) {
        super(workflow, "onboarding", OnboardingIds.PREFIX, Log.forFunction("GetOnboarding"));
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
