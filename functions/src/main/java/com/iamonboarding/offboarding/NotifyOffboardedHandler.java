package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.notify.NotifyResult;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;

/** Last step: the OffboardingCompleted event with everything the run took away. */
public class NotifyOffboardedHandler extends SealedStepHandler<OffboardingState, NotifyResult> {

    private final OffboardingEventPublisher publisher;

    public NotifyOffboardedHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public NotifyOffboardedHandler(FunctionEnvironment env) {
        this(new OffboardingEventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)));
    }

    public NotifyOffboardedHandler(OffboardingEventPublisher publisher, InputSeal seal) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, seal);
        this.publisher = publisher;
    }

    @Override
    protected NotifyResult step(OffboardingState state, Context context) {
        return publisher.publishCompleted(state);
    }
}
