package com.iamonboarding.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;

/** Notify step: OnboardingState in, the id of the published OnboardingCompleted event out. */
public class NotifyHandler extends JsonHandler<OnboardingState, NotifyResult> {

    private final OnboardingEventPublisher publisher;

    public NotifyHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public NotifyHandler(FunctionEnvironment env) {
        this(new OnboardingEventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")));
    }

    public NotifyHandler(OnboardingEventPublisher publisher) {
        super(OnboardingState.class);
        this.publisher = publisher;
    }

    @Override
    public NotifyResult handle(OnboardingState state, Context context) {
        if (state == null || state.onboardingId == null || state.onboardingId.isBlank()) {
            throw new PermanentStepException("Notify needs onboardingId in its input");
        }
        return publisher.publishCompleted(state);
    }
}
