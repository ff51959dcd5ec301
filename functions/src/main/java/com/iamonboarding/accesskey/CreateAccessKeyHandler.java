package com.iamonboarding.accesskey;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.lease.StepLease;
import com.iamonboarding.model.AccessKeyResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * CreateAccessKey step: OnboardingState in, the access key id and its secret's ARN out. One delivery
 * at a time per onboarding ({@link StepLease}): an overlapping delivery would take the other's new key,
 * not yet stored, for an orphan and delete it.
 */
public class CreateAccessKeyHandler extends SealedStepHandler<OnboardingState, AccessKeyResult> {

    static final String STEP = "CreateAccessKey";

    private final AccessKeyService service;
    private final StepLease lease;

    public CreateAccessKeyHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateAccessKeyHandler(FunctionEnvironment env) {
        this(env, AwsClients.iam(env), AwsClients.secretsManager(env), AwsClients.dynamoDb(env));
    }

    private CreateAccessKeyHandler(FunctionEnvironment env, IamClient iam, SecretsManagerClient secretsManager, DynamoDbClient dynamoDb) {
        this(new AccessKeyService(iam, new SecretStore(secretsManager, env.require("KMS_KEY_ID")),
                new SecretLookup(secretsManager),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH)),
                env.optional("OPERATORS_ROLE_ARN")), InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, dynamoDb, Log.forFunction("CreateAccessKey")),
                StepLease.fromEnvironment(env, dynamoDb));
    }

    public CreateAccessKeyHandler(AccessKeyService service, InputSeal seal, StatusTable status, StepLease lease) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "CreateAccessKey", seal, status);
        this.service = service;
        this.lease = lease;
    }

    @Override
    protected AccessKeyResult step(OnboardingState state, Context context) {
        if (isBlank(state.userName())) {
            throw new PermanentStepException("CreateAccessKey needs request.userName in its input");
        }
        return lease.exclusively(state.onboardingId, STEP, context, () -> service.ensureAccessKey(state.onboardingId, state.userName()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
