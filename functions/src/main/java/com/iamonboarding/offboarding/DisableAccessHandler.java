package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;

/** Step 2: takes every credential and permission away from the user and tags it; the user stays. */
public class DisableAccessHandler extends JsonHandler<OffboardingState, ExecutedActions> {

    private final OffboardingService offboarding;

    public DisableAccessHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public DisableAccessHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env));
    }

    public DisableAccessHandler(OffboardingService offboarding) {
        super(OffboardingState.class);
        this.offboarding = offboarding;
    }

    @Override
    public ExecutedActions handle(OffboardingState state, Context context) {
        return offboarding.disableAccess(state);
    }
}
