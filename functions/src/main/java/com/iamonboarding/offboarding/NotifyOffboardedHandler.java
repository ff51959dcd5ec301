package com.iamonboarding.offboarding;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingResultView;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.notify.NotifyResult;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;

/** Last step: the OffboardingCompleted event with everything the run took away. */
public class NotifyOffboardedHandler extends SealedStepHandler<OffboardingState, NotifyResult> {

    private final OffboardingEventPublisher publisher;

    public NotifyOffboardedHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public NotifyOffboardedHandler(FunctionEnvironment env) {
        this(new OffboardingEventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("NotifyOffboarded")));
    }

    public NotifyOffboardedHandler(OffboardingEventPublisher publisher, InputSeal seal, StatusTable status) {
        super(OffboardingState.class, OffboardingState.WORKFLOW, "NotifyOffboarded", seal, status);
        this.publisher = publisher;
    }

    @Override
    protected NotifyResult step(OffboardingState state, Context context) {
        NotifyResult result = publisher.publishCompleted(state);
        // The last step: the execution's output is this state with the result at $.notification.
        ObjectNode output = Json.MAPPER.valueToTree(state);
        output.set("notification", Json.MAPPER.valueToTree(result));
        status().succeeded(state.offboardingId, OffboardingResultView.from(output));
        return result;
    }
}
