package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingResultView;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;

/** Step 1: the list of actions the offboarding takes (all it does when dryRun is set). Reads only. */
public class PlanOffboardingHandler extends SealedStepHandler<OffboardingState, OffboardingPlan> {

    private final OffboardingService offboarding;

    public PlanOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public PlanOffboardingHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env), InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("PlanOffboarding")));
    }

    public PlanOffboardingHandler(OffboardingService offboarding, InputSeal seal, StatusTable status) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, "PlanOffboarding", seal, status);
        this.offboarding = offboarding;
    }

    @Override
    protected OffboardingPlan step(OffboardingState state, Context context) {
        OffboardingPlan plan = offboarding.plan(state);
        // As the state machine's PlanOnlyOrNothingToDo decides: a dry run, or nothing to do, ends here.
        if (state.request.isDryRun() || plan.actionCount == 0) {
            ObjectNode output = Json.MAPPER.valueToTree(state);
            output.set("plan", Json.MAPPER.valueToTree(plan));
            status().succeeded(state.offboardingId, OffboardingResultView.from(output));
        }
        return plan;
    }
}
