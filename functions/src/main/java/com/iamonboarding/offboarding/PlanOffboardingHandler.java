package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;

/** Step 1: the list of actions the offboarding takes (all it does when dryRun is set). Reads only. */
public class PlanOffboardingHandler extends JsonHandler<OffboardingState, OffboardingPlan> {

    private final OffboardingService offboarding;

    public PlanOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public PlanOffboardingHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env));
    }

    public PlanOffboardingHandler(OffboardingService offboarding) {
        super(OffboardingState.class);
        this.offboarding = offboarding;
    }

    @Override
    public OffboardingPlan handle(OffboardingState state, Context context) {
        return offboarding.plan(state);
    }
}
