package com.iamonboarding.deprovisioning;

import java.util.ArrayList;
import java.util.List;

/**
 * The order IAM requires before DeleteUser: login profile, access keys, signing certificates, SSH
 * public keys, service-specific credentials, MFA devices (deactivated, then the virtual ones
 * deleted), inline policies, attached policies, group memberships; then the user. Shared by
 * onboarding's rollback and offboarding's DeleteIdentity step.
 */
public final class DeprovisioningPlanner {

    private DeprovisioningPlanner() {
    }

    public static List<DeprovisioningAction> removeIdentity(UserInventory user) {
        return removeIdentity(user, List.of());
    }

    /** As {@link #removeIdentity(UserInventory)}, with {@code beforeUser} done just before DeleteUser. */
    public static List<DeprovisioningAction> removeIdentity(UserInventory user, List<DeprovisioningAction> beforeUser) {
        List<DeprovisioningAction> plan = new ArrayList<>();
        if (user.loginProfile()) {
            plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_LOGIN_PROFILE, user.userName()));
        }
        user.accessKeys().forEach(k -> plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_ACCESS_KEY, k.id())));
        user.signingCertificates().forEach(c -> plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_SIGNING_CERTIFICATE, c.id())));
        user.sshPublicKeys().forEach(k -> plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_SSH_PUBLIC_KEY, k.id())));
        user.serviceSpecificCredentials().forEach(c ->
                plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_SERVICE_SPECIFIC_CREDENTIAL, c.id())));
        for (String serial : user.mfaDevices()) {
            plan.add(DeprovisioningAction.of(DeprovisioningAction.DEACTIVATE_MFA_DEVICE, serial));
            if (UserInventory.isVirtualMfaDevice(serial)) {
                plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_VIRTUAL_MFA_DEVICE, serial));
            }
        }
        user.unassignedVirtualMfaDevices().forEach(serial ->
                plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_VIRTUAL_MFA_DEVICE, serial)));
        user.inlinePolicyNames().forEach(p -> plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_USER_POLICY, p)));
        user.attachedPolicyArns().forEach(p -> plan.add(DeprovisioningAction.of(DeprovisioningAction.DETACH_USER_POLICY, p)));
        user.groups().forEach(g -> plan.add(DeprovisioningAction.of(DeprovisioningAction.REMOVE_USER_FROM_GROUP, g)));
        plan.addAll(beforeUser);
        plan.add(DeprovisioningAction.of(DeprovisioningAction.DELETE_USER, user.userName()));
        return plan;
    }
}
