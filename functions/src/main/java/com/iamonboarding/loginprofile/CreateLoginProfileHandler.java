package com.iamonboarding.loginprofile;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.LoginProfileResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretStore;
import java.security.SecureRandom;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Step 3: console access with a generated password kept in Secrets Manager; only the secret's ARN leaves. */
public class CreateLoginProfileHandler extends JsonHandler<OnboardingState, LoginProfileResult> {

    private static final Log LOG = Log.forFunction("CreateLoginProfile");

    private final LoginProfileService loginProfiles;

    public CreateLoginProfileHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateLoginProfileHandler(FunctionEnvironment env) {
        this(env, AwsClients.secretsManager(env));
    }

    private CreateLoginProfileHandler(FunctionEnvironment env, SecretsManagerClient secretsManager) {
        this(new LoginProfileService(AwsClients.iam(env),
                new SecretStore(secretsManager, env.require("KMS_KEY_ID")),
                new PasswordGenerator(new SecureRandom()),
                SecretAccessPolicy.consolePassword(env.optional("OPERATORS_ROLE_ARN")),
                new PasswordSetMarker(secretsManager)));
    }

    public CreateLoginProfileHandler(LoginProfileService loginProfiles) {
        super(OnboardingState.class);
        this.loginProfiles = loginProfiles;
    }

    @Override
    public LoginProfileResult handle(OnboardingState state, Context context) {
        String signInUrl = state.alias == null ? null : state.alias.signInUrl;
        LoginProfileResult result = loginProfiles.createLoginProfile(state.onboardingId, state.userName(), signInUrl);
        LOG.info(state.onboardingId, "login profile set; password stored", "userName", state.userName(),
                "secretArn", result.secretArn);
        return result;
    }
}
