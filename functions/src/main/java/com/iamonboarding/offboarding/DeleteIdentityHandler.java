package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;

/** Step 3 (mode DELETE): deletes the disabled user's credentials, MFA devices, secrets, QR codes, then the user. */
public class DeleteIdentityHandler extends SealedStepHandler<OffboardingState, ExecutedActions> {

    private final OffboardingService offboarding;

    public DeleteIdentityHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public DeleteIdentityHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env), InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("DeleteIdentity")));
    }

    public DeleteIdentityHandler(OffboardingService offboarding, InputSeal seal, StatusTable status) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, "DeleteIdentity", seal, status);
        this.offboarding = offboarding;
    }

    @Override
    protected ExecutedActions step(OffboardingState state, Context context) {
        return offboarding.deleteIdentity(state);
    }
}
