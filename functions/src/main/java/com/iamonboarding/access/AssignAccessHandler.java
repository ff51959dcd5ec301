package com.iamonboarding.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.AccessResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.profiles.AccessProfiles;

/** Step 4: group memberships and policies from the requested access profile. */
public class AssignAccessHandler extends JsonHandler<OnboardingState, AccessResult> {

    private static final Log LOG = Log.forFunction("AssignAccess");

    private final AccessAssignmentService access;

    public AssignAccessHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public AssignAccessHandler(FunctionEnvironment env) {
        this(new AccessAssignmentService(AwsClients.iam(env), AccessProfiles.load(env)));
    }

    public AssignAccessHandler(AccessAssignmentService access) {
        super(OnboardingState.class);
        this.access = access;
    }

    @Override
    public AccessResult handle(OnboardingState state, Context context) {
        AccessResult result = access.assign(state.userName(), state.request.accessProfile);
        LOG.info(state.onboardingId, "access assigned", "userName", state.userName(),
                "groups", result.groups, "policyArns", result.policyArns);
        return result;
    }
}
