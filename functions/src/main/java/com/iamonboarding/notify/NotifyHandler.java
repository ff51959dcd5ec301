package com.iamonboarding.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.OnboardingResultView;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
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
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("Notify")), env.get("STACK_NAME", "iam-onboarding"));
    }

    public NotifyHandler(OnboardingEventPublisher publisher, InputSeal seal, StatusTable status, String stack) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "Notify", seal, status);
        this.publisher = publisher;
        this.stack = stack;
    }

    @Override
    protected NotifyResult step(OnboardingState state, Context context) {
        if (state == null || state.onboardingId == null || state.onboardingId.isBlank()) {
            throw new PermanentStepException("Notify needs onboardingId in its input");
        }
        NotifyResult result;
        if (state.notificationError != null) {
            String error = state.notificationError.path("Error").asText("Unknown");
            LOG.errorCounted(state.onboardingId, FAILURE_METRIC, stack, "OnboardingCompleted could not be published;"
                    + " the onboarding succeeded without its notification", "userName", state.userName(), "error", error);
            result = NotifyResult.failed(error);
        } else {
            result = publisher.publishCompleted(state);
        }
        // This is the last step: the execution's output is this state with the result at $.notification.
        ObjectNode output = Json.MAPPER.valueToTree(state);
        output.set("notification", Json.MAPPER.valueToTree(result));
        status().succeeded(state.onboardingId, OnboardingResultView.from(output));
        return result;
    }
}
