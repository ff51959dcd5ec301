package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;

/** Step 3 (mode DELETE): deletes the disabled user's credentials, MFA devices, secrets, QR codes, then the user. */
public class DeleteIdentityHandler extends JsonHandler<OffboardingState, ExecutedActions> {

    private final OffboardingService offboarding;

    public DeleteIdentityHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public DeleteIdentityHandler(FunctionEnvironment env) {
        this(OffboardingSteps.service(env));
    }

    public DeleteIdentityHandler(OffboardingService offboarding) {
        super(OffboardingState.class);
        this.offboarding = offboarding;
    }

    @Override
    public ExecutedActions handle(OffboardingState state, Context context) {
        return offboarding.deleteIdentity(state);
    }
}
