package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.ExecutionStatusHandler;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import java.util.Optional;

/**
 * GET /offboardings/{id}: status, the step it is in or failed at, and once it succeeded the planned
 * and performed actions. Reads the execution like GET /onboardings/{id} does.
 */
public class GetOffboardingHandler extends ExecutionStatusHandler {

    public GetOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOffboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOffboardingHandler.STATE_MACHINE_ARN)));
    }

    public GetOffboardingHandler(OnboardingWorkflow workflow) {
        super(workflow, "offboarding", OffboardingIds.PREFIX, Log.forFunction("GetOffboarding"));
    }

    @Override
    protected boolean isValidId(String id) {
        return OffboardingIds.isValidId(id);
    }

    @Override
    protected ObjectNode result(JsonNode output) {
        return OffboardingResultView.from(output);
    }

    /** A step's failure names the step in its error; a timeout or an abort stopped in the state entered last. */
    @Override
    protected Optional<String> failedStepInHistory(OnboardingWorkflow workflow, String executionArn) {
        return workflow.latestStateEntered(executionArn);
    }
}
