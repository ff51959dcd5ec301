package com.iamonboarding.offboarding;

import com.iamonboarding.deprovisioning.DeprovisioningAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Output of DisableAccess and DeleteIdentity: the actions whose end state now holds, in the order
 * they ran. An action an earlier attempt of the same step already completed counts too, so a step
 * retried after a partial run still reports everything it took away.
 */
public class ExecutedActions {
    public List<DeprovisioningAction> performed = new ArrayList<>();
    public int performedCount;

    public ExecutedActions() {
    }

    public ExecutedActions(List<DeprovisioningAction> performed) {
        this.performed = new ArrayList<>(performed);
        this.performedCount = performed.size();
    }
}
