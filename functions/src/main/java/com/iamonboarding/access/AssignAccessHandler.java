package com.iamonboarding.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.AccessResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.iam.IamClient;

/** Step 4: group memberships and policies from the requested access profile. */
public class AssignAccessHandler extends SealedStepHandler<OnboardingState, AccessResult> {

    private static final Log LOG = Log.forFunction("AssignAccess");

    private final AccessAssignmentService access;

    public AssignAccessHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public AssignAccessHandler(FunctionEnvironment env) {
        this(env, AwsClients.iam(env));
    }

    private AssignAccessHandler(FunctionEnvironment env, IamClient iam) {
        this(new AccessAssignmentService(iam, AccessProfiles.load(env),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH))),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("AssignAccess")));
    }

    public AssignAccessHandler(AccessAssignmentService access, InputSeal seal, StatusTable status) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "AssignAccess", seal, status);
        this.access = access;
    }

    @Override
    protected AccessResult step(OnboardingState state, Context context) {
        AccessResult result = access.assign(state.onboardingId, state.userName(), state.request.accessProfile);
        LOG.info(state.onboardingId, "access assigned", "userName", state.userName(),
                "groups", result.groups, "policyArns", result.policyArns);
        return result;
    }
}
