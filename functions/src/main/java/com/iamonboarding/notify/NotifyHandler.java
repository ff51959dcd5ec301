package com.iamonboarding.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;

/**
 * Notify step: OnboardingState in, the id of the published OnboardingCompleted event out. When the
 * state machine has given up on publishing ({@code notificationError} is set), the same function
 * reports it instead: an ERROR log line counting {@value #FAILURE_METRIC} (an alarm watches it),
 * and a FAILED result, so the onboarding still succeeds: a working identity is never rolled back
 * because an event could not be sent.
 */
public class NotifyHandler extends SealedStepHandler<OnboardingState, NotifyResult> {

    public static final String FAILURE_METRIC = "NotificationFailures";
    private static final Log LOG = Log.forFunction("Notify");

    private final OnboardingEventPublisher publisher;
    private final String stack;

    public NotifyHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public NotifyHandler(FunctionEnvironment env) {
        this(new OnboardingEventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)), env.get("STACK_NAME", "iam-onboarding"));
    }

    public NotifyHandler(OnboardingEventPublisher publisher, InputSeal seal, String stack) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, seal);
        this.publisher = publisher;
        this.stack = stack;
    }

    @Override
    protected NotifyResult step(OnboardingState state, Context context) {
        if (state == null || state.onboardingId == null || state.onboardingId.isBlank()) {
            throw new PermanentStepException("Notify needs onboardingId in its input");
        }
        if (state.notificationError != null) {
            String error = state.notificationError.path("Error").asText("Unknown");
            LOG.errorCounted(state.onboardingId, FAILURE_METRIC, stack, "OnboardingCompleted could not be published;"
                    + " the onboarding succeeded without its notification", "userName", state.userName(), "error", error);
            return NotifyResult.failed(error);
        }
        return publisher.publishCompleted(state);
    }
}
