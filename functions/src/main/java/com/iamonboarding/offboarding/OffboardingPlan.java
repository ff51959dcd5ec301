package com.iamonboarding.offboarding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output of PlanOffboarding, kept in the state under {@code $.plan}: exactly the actions the run
 * takes, in order, read from the user's current IAM state, secrets and QR codes. A user that does
 * not exist has an empty plan. {@code tags} are the values the iam:TagUser action writes.
 */
public class OffboardingPlan {
    public String userName;
    /** Null when the user does not exist, but always present: the ASL's ResultSelector fails on a missing path. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String userArn;
    public boolean userExists;
    public OffboardingMode mode;
    public Map<String, String> tags = new LinkedHashMap<>();
    public List<DeprovisioningAction> actions = new ArrayList<>();
    public int actionCount;

    public OffboardingPlan() {
    }

    static OffboardingPlan of(String userName, String userArn, boolean userExists, OffboardingMode mode,
                              Map<String, String> tags, List<DeprovisioningAction> actions) {
        OffboardingPlan plan = new OffboardingPlan();
        plan.userName = userName;
        plan.userArn = userArn;
        plan.userExists = userExists;
        plan.mode = mode;
        plan.tags = new LinkedHashMap<>(tags);
        plan.actions = new ArrayList<>(actions);
        plan.actionCount = actions.size();
        return plan;
    }
}
