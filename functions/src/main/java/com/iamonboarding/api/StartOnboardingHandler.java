package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.Optional;

/**
 * POST /onboardings: validates the request, derives the onboarding id and starts the state machine
 * execution of that name. 202 with the id and where to poll; 400 for anything invalid (nothing is
 * started); 409 when the id is taken by a different request.
 */
public class StartOnboardingHandler extends StartExecutionHandler<OnboardingRequest> {

    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";

    private final RequestValidator validator;

    public StartOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(STATE_MACHINE_ARN)),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("StartOnboarding")),
                new RequestValidator(AccessProfiles.load(env)));
    }

    public StartOnboardingHandler(OnboardingWorkflow workflow, InputSeal seal, StatusTable status, RequestValidator validator) {
        super(workflow, seal, status, OnboardingState.WORKFLOW, Log.forFunction("StartOnboarding"));
        this.validator = validator;
    }

    @Override
    protected RequestValidator.Validation validate(JsonNode body) {
        return validator.validate(body);
    }

    @Override
    protected APIGatewayProxyResponseEvent start(OnboardingRequest request, Optional<String> idempotencyKey) {
        String onboardingId = idempotencyKey.map(OnboardingIds::fromIdempotencyKey)
                .orElseGet(() -> OnboardingIds.fromRequest(request));
        return startExecution(onboardingId, request, "userName", request.userName, "accessProfile", request.accessProfile);
    }
}
