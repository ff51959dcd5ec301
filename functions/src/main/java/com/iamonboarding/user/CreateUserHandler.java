package com.iamonboarding.user;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.model.UserResult;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;

/** Step 2: the IAM user, with the permissions boundary of its access profile. */
public class CreateUserHandler extends JsonHandler<OnboardingState, UserResult> {

    public static final String DEFAULT_USER_PATH = "/onboarded/";
    private static final Log LOG = Log.forFunction("CreateUser");

    private final UserService users;
    private final AccessProfiles profiles;

    public CreateUserHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CreateUserHandler(FunctionEnvironment env) {
        this(new UserService(AwsClients.iam(env), env.get("USER_PATH", DEFAULT_USER_PATH)), AccessProfiles.load(env));
    }

    public CreateUserHandler(UserService users, AccessProfiles profiles) {
        super(OnboardingState.class);
        this.users = users;
        this.profiles = profiles;
    }

    @Override
    public UserResult handle(OnboardingState state, Context context) {
        AccessProfile profile = profiles.find(state.request.accessProfile)
                .orElseThrow(() -> new PermanentStepException("accessProfile '" + state.request.accessProfile
                        + "' is not a configured access profile"));
        UserResult result = users.ensureUser(state.onboardingId, state.request, profile.permissionsBoundaryArn);
        LOG.info(state.onboardingId, result.created ? "user created" : "user already created by this onboarding",
                "userName", result.userName, "userArn", result.userArn);
        return result;
    }
}
