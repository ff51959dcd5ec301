package com.iamonboarding.offboarding;

import com.iamonboarding.user.ManagedUsers;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import com.iamonboarding.deprovisioning.DeprovisioningExecutor;
import com.iamonboarding.deprovisioning.UserInventory;
import com.iamonboarding.deprovisioning.UserInventoryReader;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The three working steps of an offboarding: plan, disable access, delete the identity. Each step
 * reads the user's state afresh and runs the plan's actions for that step plus anything new, so a
 * step retried after a partial run, or run again in a later offboarding, only finishes the job.
 * The first failed call stops the step with a retryable or permanent error; nothing needs undoing.
 */
public class OffboardingService {

    private static final Log LOG = Log.forFunction("Offboarding");

    private final UserInventoryReader reader;
    private final DeprovisioningExecutor executor;
    private final IamClient iam;
    private final Clock clock;
    private final String userPath;
    private final Set<String> changeableGroups;

    /**
     * @param changeableGroups the groups the workflow's role may remove users from (the access
     *                         profiles' groups); a user in any other group is refused by the plan
     *                         before anything changes, rather than half offboarded
     */
    public OffboardingService(UserInventoryReader reader, DeprovisioningExecutor executor, IamClient iam, Clock clock,
                              String userPath, Set<String> changeableGroups) {
        this.reader = reader;
        this.executor = executor;
        this.iam = iam;
        this.clock = clock;
        this.userPath = userPath;
        this.changeableGroups = Set.copyOf(changeableGroups);
    }

    public OffboardingPlan plan(OffboardingState state) {
        OffboardingRequest request = requireRequest(state);
        OffboardingMode mode = request.modeOrDefault();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(OffboardingPlanner.OFFBOARDED_AT, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        tags.put(OffboardingPlanner.OFFBOARDING_REASON, request.reason);
        Optional<UserInventory> user = reader.read(request.userName, mode == OffboardingMode.DELETE, Set.of());
        if (user.isEmpty()) {
            LOG.info(state.offboardingId, "no such user under the path: nothing to do", "userName", request.userName);
            return OffboardingPlan.of(request.userName, null, false, mode, tags, List.of());
        }
        UserInventory inventory = user.get();
        requireManaged(request, inventory);
        Set<String> foreignGroups = inventory.groups().stream().filter(g -> !changeableGroups.contains(g))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!foreignGroups.isEmpty()) {
            throw new PermanentStepException("IAM user " + request.userName + " is a member of " + foreignGroups
                    + ", which iam-onboarding may not change (it manages only its access profiles' groups);"
                    + " remove those memberships by hand, then offboard again. Nothing was changed.");
        }
        List<DeprovisioningAction> actions = OffboardingPlanner.plan(inventory, mode);
        LOG.info(state.offboardingId, "offboarding planned", "userName", request.userName, "mode", mode,
                "dryRun", request.isDryRun(), "actions", actions.size());
        return OffboardingPlan.of(request.userName, inventory.userArn(), true, mode, tags, actions);
    }

    public ExecutedActions disableAccess(OffboardingState state) {
        OffboardingPlan plan = requirePlan(state);
        Optional<UserInventory> user = reader.read(plan.userName, false, Set.of());
        if (user.isEmpty()) {
            LOG.info(state.offboardingId, "no such user under the path any more: nothing to disable", "userName", plan.userName);
            return new ExecutedActions(List.of());
        }
        requireManaged(state.request, user.get());
        List<DeprovisioningAction> actions = OffboardingPlanner.merge(plan.actions, OffboardingPlanner.DISABLE_ACTIONS,
                OffboardingPlanner.disable(user.get()));
        return run(state.offboardingId, plan, actions);
    }

    public ExecutedActions deleteIdentity(OffboardingState state) {
        OffboardingPlan plan = requirePlan(state);
        // DisableAccess deactivated these; they are unassigned now and found by serial number.
        Set<String> deactivated = plan.actions.stream()
                .filter(a -> DeprovisioningAction.DEACTIVATE_MFA_DEVICE.equals(a.action()))
                .map(DeprovisioningAction::target).filter(UserInventory::isVirtualMfaDevice)
                .collect(Collectors.toSet());
        Optional<UserInventory> user = reader.read(plan.userName, true, deactivated);
        if (user.isEmpty()) {
            LOG.info(state.offboardingId, "no such user under the path any more: nothing to delete", "userName", plan.userName);
            return new ExecutedActions(List.of());
        }
        requireManaged(state.request, user.get());
        List<DeprovisioningAction> actions = OffboardingPlanner.merge(plan.actions, OffboardingPlanner.DELETE_ACTIONS,
                OffboardingPlanner.delete(user.get()));
        return run(state.offboardingId, plan, actions);
    }

    private ExecutedActions run(String offboardingId, OffboardingPlan plan, List<DeprovisioningAction> actions) {
        List<DeprovisioningAction> performed = new ArrayList<>();
        for (DeprovisioningAction action : actions) {
            perform(plan, action);
            performed.add(action);
        }
        LOG.info(offboardingId, "actions performed", "userName", plan.userName, "performed", performed.size());
        return new ExecutedActions(performed);
    }

    private void perform(OffboardingPlan plan, DeprovisioningAction action) {
        String what = action.action() + " " + action.target();
        try {
            if (DeprovisioningAction.TAG_USER.equals(action.action())) {
                tagUser(plan);
            } else {
                executor.perform(plan.userName, action);
            }
        } catch (DeleteConflictException e) {
            // Something DeleteUser needs gone appeared after this step read the user; the retry reads it again.
            throw new RetryableStepException(what + " failed: DeleteConflict (something was added to the user meanwhile)");
        } catch (SdkException e) {
            throw AwsErrors.classify(what, e);
        }
    }

    private void tagUser(OffboardingPlan plan) {
        List<Tag> tags = plan.tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        try {
            iam.tagUser(b -> b.userName(plan.userName).tags(tags));
        } catch (NoSuchEntityException gone) {
            // Deleted meanwhile: nothing left to tag.
        }
    }

    /**
     * Every step checks, before it changes anything, that the user is one this project manages,
     * unless the sealed request says force (which only POST /offboardings/forced accepts).
     */
    private void requireManaged(OffboardingRequest request, UserInventory user) {
        if (!request.isForced() && !ManagedUsers.isManaged(user.path(), user.tags(), userPath)) {
            throw new PermanentStepException(ManagedUsers.NOT_MANAGED + ": " + ManagedUsers.explain(request.userName, userPath));
        }
    }

    private static OffboardingRequest requireRequest(OffboardingState state) {
        if (state == null || state.offboardingId == null || state.request == null || state.request.userName == null
                || state.request.userName.isBlank() || state.request.reason == null) {
            throw new PermanentStepException("the offboarding state needs offboardingId, request.userName and request.reason");
        }
        return state.request;
    }

    private static OffboardingPlan requirePlan(OffboardingState state) {
        requireRequest(state);
        if (state.plan == null || state.plan.userName == null || state.plan.actions == null || state.plan.tags == null) {
            throw new PermanentStepException("the offboarding state has no plan; PlanOffboarding runs first");
        }
        if (!state.plan.userName.equals(state.request.userName)) {
            throw new PermanentStepException("the plan is for another user than the request");
        }
        return state.plan;
    }
}
