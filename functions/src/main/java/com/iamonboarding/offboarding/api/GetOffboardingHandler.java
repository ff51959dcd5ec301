package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.ExecutionStatusHandler;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.util.Optional;

/**
 * GET /offboardings/{id}: status, the step it is in or failed at, and once it succeeded the planned
 * and performed actions. Reads the execution like GET /onboardings/{id} does.
 */
public class GetOffboardingHandler extends ExecutionStatusHandler {

    private static final Log LOG = Log.forFunction("GetOffboarding");

    public GetOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetOffboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(StartOffboardingHandler.STATE_MACHINE_ARN)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), LOG));
    }

    public GetOffboardingHandler(OnboardingWorkflow workflow, StatusTable status) {
        super(workflow, status, "offboarding", OffboardingIds.PREFIX, LOG);
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
