package com.iamonboarding.user;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.model.UserResult;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Step 2: the IAM user, with its permissions boundary: the profile's own, or else the template's
 * guardrail boundary ({@value #HIRE_BOUNDARY_ARN}), which keeps every hire away from this system.
 */
public class CreateUserHandler extends SealedStepHandler<OnboardingState, UserResult> {

    public static final String DEFAULT_USER_PATH = "/onboarded/";
    public static final String HIRE_BOUNDARY_ARN = "HIRE_BOUNDARY_ARN";
    private static final Log LOG = Log.forFunction("CreateUser");

    private final UserService users;
    private final AccessProfiles profiles;
    private final String guardrailBoundaryArn;

    public CreateUserHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateUserHandler(FunctionEnvironment env) {
        this(env, AwsClients.iam(env));
    }

    private CreateUserHandler(FunctionEnvironment env, IamClient iam) {
        this(new UserService(iam, new OnboardedUsers(iam, env.get("USER_PATH", DEFAULT_USER_PATH))),
                AccessProfiles.load(env), env.require(HIRE_BOUNDARY_ARN),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("CreateUser")));
    }

    public CreateUserHandler(UserService users, AccessProfiles profiles, String guardrailBoundaryArn, InputSeal seal, StatusTable status) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "CreateUser", seal, status);
        this.users = users;
        this.profiles = profiles;
        this.guardrailBoundaryArn = guardrailBoundaryArn;
    }

    @Override
    protected UserResult step(OnboardingState state, Context context) {
        AccessProfile profile = profiles.find(state.request.accessProfile)
                .orElseThrow(() -> new PermanentStepException("accessProfile '" + state.request.accessProfile
                        + "' is not a configured access profile"));
        String boundary = profile.permissionsBoundaryArn != null ? profile.permissionsBoundaryArn : guardrailBoundaryArn;
        UserResult result = users.ensureUser(state.onboardingId, state.request, boundary);
        LOG.info(state.onboardingId, result.created ? "user created" : "user already created by this onboarding",
                "userName", result.userName, "userArn", result.userArn, "permissionsBoundaryArn", boundary);
        return result;
    }
}
