package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;

/** Step 1: the list of actions the offboarding takes (all it does when dryRun is set). Reads only. */
public class PlanOffboardingHandler extends SealedStepHandler<OffboardingState, OffboardingPlan> {

    private final OffboardingService offboarding;

    public PlanOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public PlanOffboardingHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env), InputSeal.fromEnvironment(env, AwsClients.kms(env)));
    }

    public PlanOffboardingHandler(OffboardingService offboarding, InputSeal seal) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, seal);
        this.offboarding = offboarding;
    }

    @Override
    protected OffboardingPlan step(OffboardingState state, Context context) {
        return offboarding.plan(state);
    }
}
