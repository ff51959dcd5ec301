package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;

/** Step 2: takes every credential and permission away from the user and tags it; the user stays. */
public class DisableAccessHandler extends SealedStepHandler<OffboardingState, ExecutedActions> {

    private final OffboardingService offboarding;

    public DisableAccessHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public DisableAccessHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env), InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("DisableAccess")));
    }

    public DisableAccessHandler(OffboardingService offboarding, InputSeal seal, StatusTable status) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, "DisableAccess", seal, status);
        this.offboarding = offboarding;
    }

    @Override
    protected ExecutedActions step(OffboardingState state, Context context) {
        return offboarding.disableAccess(state);
    }
}
