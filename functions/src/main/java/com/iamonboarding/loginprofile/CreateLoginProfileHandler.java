package com.iamonboarding.loginprofile;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.lease.StepLease;
import com.iamonboarding.model.LoginProfileResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import java.security.SecureRandom;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Step 3: console access with a generated password kept in Secrets Manager; only the secret's ARN
 * leaves. One delivery at a time per onboarding ({@link StepLease}): two overlapping deliveries would
 * each store a password and set one, and IAM and the secret could end up holding different ones.
 */
public class CreateLoginProfileHandler extends SealedStepHandler<OnboardingState, LoginProfileResult> {

    private static final Log LOG = Log.forFunction("CreateLoginProfile");

    static final String STEP = "CreateLoginProfile";

    private final LoginProfileService loginProfiles;
    private final StepLease lease;

    public CreateLoginProfileHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateLoginProfileHandler(FunctionEnvironment env) {
        this(env, AwsClients.iam(env), AwsClients.secretsManager(env), AwsClients.dynamoDb(env));
    }

    private CreateLoginProfileHandler(FunctionEnvironment env, IamClient iam, SecretsManagerClient secretsManager, DynamoDbClient dynamoDb) {
        this(new LoginProfileService(iam,
                new SecretStore(secretsManager, env.require("KMS_KEY_ID")),
                new PasswordGenerator(new SecureRandom()),
                SecretAccessPolicy.consolePassword(env.optional("OPERATORS_ROLE_ARN")),
                new PasswordSetMarker(secretsManager),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH))),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, dynamoDb, Log.forFunction("CreateLoginProfile")), StepLease.fromEnvironment(env, dynamoDb));
    }

    public CreateLoginProfileHandler(LoginProfileService loginProfiles, InputSeal seal, StatusTable status, StepLease lease) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "CreateLoginProfile", seal, status);
        this.loginProfiles = loginProfiles;
        this.lease = lease;
    }

    @Override
    protected LoginProfileResult step(OnboardingState state, Context context) {
        String signInUrl = state.alias == null ? null : state.alias.signInUrl;
        LoginProfileResult result = lease.exclusively(state.onboardingId, STEP, context,
                () -> loginProfiles.createLoginProfile(state.onboardingId, state.userName(), signInUrl));
        LOG.info(state.onboardingId, "login profile set; password stored", "userName", state.userName(),
                "secretArn", result.secretArn);
        return result;
    }
}
