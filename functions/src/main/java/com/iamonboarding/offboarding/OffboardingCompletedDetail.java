package com.iamonboarding.offboarding;

import com.iamonboarding.deprovisioning.DeprovisioningAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The detail of an OffboardingCompleted event: who, how, why, when, and every action that took
 * something away, as identifiers. Nothing an offboarding handles is secret; this stays so.
 */
public class OffboardingCompletedDetail {
    public String offboardingId;
    public String userName;
    public String userArn;
    public String mode;
    public String reason;
    public String offboardedAt;
    public boolean userDeleted;
    public List<DeprovisioningAction> removed = new ArrayList<>();

    static OffboardingCompletedDetail from(OffboardingState state) {
        OffboardingCompletedDetail detail = new OffboardingCompletedDetail();
        detail.offboardingId = state.offboardingId;
        detail.userName = state.plan.userName;
        detail.userArn = state.plan.userArn;
        detail.mode = String.valueOf(state.request.modeOrDefault());
        detail.reason = state.request.reason;
        detail.offboardedAt = state.plan.tags.get(OffboardingPlanner.OFFBOARDED_AT);
        if (state.disabled != null) {
            detail.removed.addAll(state.disabled.performed);
        }
        if (state.deleted != null) {
            detail.removed.addAll(state.deleted.performed);
        }
        detail.userDeleted = detail.removed.stream().anyMatch(a -> DeprovisioningAction.DELETE_USER.equals(a.action()));
        return detail;
    }
}
