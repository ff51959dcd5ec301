package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.notify.NotifyResult;

/** Last step: the OffboardingCompleted event with everything the run took away. */
public class NotifyOffboardedHandler extends JsonHandler<OffboardingState, NotifyResult> {

    private final OffboardingEventPublisher publisher;

    public NotifyOffboardedHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public NotifyOffboardedHandler(FunctionEnvironment env) {
        this(new OffboardingEventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")));
    }

    public NotifyOffboardedHandler(OffboardingEventPublisher publisher) {
        super(OffboardingState.class);
        this.publisher = publisher;
    }

    @Override
    public NotifyResult handle(OffboardingState state, Context context) {
        return publisher.publishCompleted(state);
    }
}
