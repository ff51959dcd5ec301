package com.iamonboarding.accesskey;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.AccessKeyResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** CreateAccessKey step: OnboardingState in, the access key id and its secret's ARN out. */
public class CreateAccessKeyHandler extends JsonHandler<OnboardingState, AccessKeyResult> {

    private final AccessKeyService service;

    public CreateAccessKeyHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateAccessKeyHandler(FunctionEnvironment env) {
        this(env, AwsClients.secretsManager(env));
    }

    private CreateAccessKeyHandler(FunctionEnvironment env, SecretsManagerClient secretsManager) {
        this(new AccessKeyService(AwsClients.iam(env), new SecretStore(secretsManager, env.require("KMS_KEY_ID")),
                new SecretLookup(secretsManager), env.optional("OPERATORS_ROLE_ARN")));
    }

    public CreateAccessKeyHandler(AccessKeyService service) {
        super(OnboardingState.class);
        this.service = service;
    }

    @Override
    public AccessKeyResult handle(OnboardingState state, Context context) {
        if (state == null || isBlank(state.onboardingId) || isBlank(state.userName())
                || state.user == null || isBlank(state.user.userArn)) {
            throw new PermanentStepException(
                    "CreateAccessKey needs onboardingId, request.userName and user.userArn in its input");
        }
        return service.ensureAccessKey(state.onboardingId, state.userName(), state.user.userArn);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
