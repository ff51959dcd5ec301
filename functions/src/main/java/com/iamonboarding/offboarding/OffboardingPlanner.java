package com.iamonboarding.offboarding;

import static com.iamonboarding.deprovisioning.DeprovisioningAction.*;

import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import com.iamonboarding.deprovisioning.DeprovisioningPlanner;
import com.iamonboarding.deprovisioning.UserInventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which actions an offboarding takes, from a user's {@link UserInventory}; pure functions, so the
 * plan that dryRun shows and the actions the steps then perform come from the same code.
 *
 * <p>DISABLE: deactivate every access key, delete the login profile, deactivate signing
 * certificates, SSH keys and service-specific credentials (Git credentials), deactivate MFA devices,
 * remove group memberships, detach managed policies, delete inline policies, tag the user
 * OffboardedAt and OffboardingReason. Nothing then lets the user authenticate or grants it anything.
 *
 * <p>DELETE: the DISABLE actions, then what DeleteIdentity does to the disabled user: delete the
 * credentials, the virtual MFA devices, the project's secrets and QR codes, and the user last. The
 * user goes last so that while anything of it remains, the user still exists and a new offboarding
 * request for it is accepted and finishes the job.
 */
public final class OffboardingPlanner {

    public static final String OFFBOARDED_AT = OnboardingTags.OFFBOARDED_AT;
    public static final String OFFBOARDING_REASON = OnboardingTags.OFFBOARDING_REASON;

    /** What DisableAccess may do. */
    public static final Set<String> DISABLE_ACTIONS = Set.of(DEACTIVATE_ACCESS_KEY, DELETE_LOGIN_PROFILE,
            DEACTIVATE_SIGNING_CERTIFICATE, DEACTIVATE_SSH_PUBLIC_KEY, DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL,
            DEACTIVATE_MFA_DEVICE, REMOVE_USER_FROM_GROUP, DETACH_USER_POLICY, DELETE_USER_POLICY, TAG_USER);

    /**
     * The plan's actions for DeleteIdentity: those only a deletion has. DeleteIdentity may also find
     * (and do) anything DeleteUser needs gone, in case something came back after DisableAccess.
     */
    public static final Set<String> DELETE_ACTIONS = Set.of(DELETE_ACCESS_KEY, DELETE_SIGNING_CERTIFICATE,
            DELETE_SSH_PUBLIC_KEY, DELETE_SERVICE_SPECIFIC_CREDENTIAL, DELETE_VIRTUAL_MFA_DEVICE, DELETE_SECRET,
            DELETE_QR_CODE, DELETE_USER);

    private OffboardingPlanner() {
    }

    /** The whole run: DISABLE's actions, and for DELETE what DeleteIdentity will find to do after them. */
    public static List<DeprovisioningAction> plan(UserInventory user, OffboardingMode mode) {
        List<DeprovisioningAction> plan = new ArrayList<>(disable(user));
        if (mode == OffboardingMode.DELETE) {
            plan.addAll(delete(afterDisable(user)));
        }
        return plan;
    }

    /** DisableAccess: only what is still active; a user already tagged OffboardedAt keeps its first tags. */
    public static List<DeprovisioningAction> disable(UserInventory user) {
        List<DeprovisioningAction> plan = new ArrayList<>();
        user.accessKeys().stream().filter(UserInventory.Credential::active)
                .forEach(k -> plan.add(of(DEACTIVATE_ACCESS_KEY, k.id())));
        if (user.loginProfile()) {
            plan.add(of(DELETE_LOGIN_PROFILE, user.userName()));
        }
        user.signingCertificates().stream().filter(UserInventory.Credential::active)
                .forEach(c -> plan.add(of(DEACTIVATE_SIGNING_CERTIFICATE, c.id())));
        user.sshPublicKeys().stream().filter(UserInventory.Credential::active)
                .forEach(k -> plan.add(of(DEACTIVATE_SSH_PUBLIC_KEY, k.id())));
        user.serviceSpecificCredentials().stream().filter(UserInventory.Credential::active)
                .forEach(c -> plan.add(of(DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL, c.id())));
        user.mfaDevices().forEach(serial -> plan.add(of(DEACTIVATE_MFA_DEVICE, serial)));
        user.groups().forEach(g -> plan.add(of(REMOVE_USER_FROM_GROUP, g)));
        user.attachedPolicyArns().forEach(p -> plan.add(of(DETACH_USER_POLICY, p)));
        user.inlinePolicyNames().forEach(p -> plan.add(of(DELETE_USER_POLICY, p)));
        if (!user.tags().containsKey(OFFBOARDED_AT)) {
            plan.add(of(TAG_USER, user.userName()));
        }
        return plan;
    }

    /** DeleteIdentity: IAM's order (the shared rollback planner), with secrets and QR codes before the user. */
    public static List<DeprovisioningAction> delete(UserInventory user) {
        List<DeprovisioningAction> leftovers = new ArrayList<>();
        user.secrets().forEach(s -> leftovers.add(of(DELETE_SECRET, s)));
        user.qrCodeKeys().forEach(k -> leftovers.add(of(DELETE_QR_CODE, k)));
        return DeprovisioningPlanner.removeIdentity(user, leftovers);
    }

    /** The inventory DeleteIdentity will read once DisableAccess has run. */
    public static UserInventory afterDisable(UserInventory user) {
        Map<String, String> tags = new LinkedHashMap<>(user.tags());
        tags.putIfAbsent(OFFBOARDED_AT, "");
        Set<String> unassigned = new LinkedHashSet<>(user.unassignedVirtualMfaDevices());
        user.mfaDevices().stream().filter(UserInventory::isVirtualMfaDevice).forEach(unassigned::add);
        return new UserInventory(user.userName(), user.userArn(), user.path(), tags, false,
                inactive(user.accessKeys()), inactive(user.signingCertificates()), inactive(user.sshPublicKeys()),
                inactive(user.serviceSpecificCredentials()), List.of(), List.copyOf(unassigned),
                List.of(), List.of(), List.of(), user.secrets(), user.qrCodeKeys());
    }

    /**
     * What a step runs: the plan's actions of that step ({@code stepActions}) and whatever it finds
     * now, each once, in the offboarding's order. The plan's actions keep a retried step's report complete; the fresh ones
     * catch anything added since the plan was made.
     */
    public static List<DeprovisioningAction> merge(List<DeprovisioningAction> planned, Set<String> stepActions,
                                                   List<DeprovisioningAction> fresh) {
        LinkedHashSet<DeprovisioningAction> all = new LinkedHashSet<>();
        planned.stream().filter(a -> stepActions.contains(a.action())).forEach(all::add);
        all.addAll(fresh);
        List<DeprovisioningAction> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt(a -> rank(a.action())));
        return ordered;
    }

    private static int rank(String action) {
        int index = ALL.indexOf(action);
        return index < 0 ? ALL.size() : index;
    }

    private static List<UserInventory.Credential> inactive(List<UserInventory.Credential> credentials) {
        return credentials.stream().map(UserInventory.Credential::inactive).toList();
    }
}
