package com.iamonboarding.offboarding;

import static com.iamonboarding.deprovisioning.DeprovisioningAction.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.deprovisioning.DeprovisioningAction;
import com.iamonboarding.deprovisioning.UserInventory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OffboardingPlannerTest {

    static final String VIRTUAL = "arn:aws:iam::123456789012:mfa/jane.doe";
    static final String HARDWARE = "GAHT12345678";

    static UserInventory janeWithOneOfEverything() {
        return new UserInventory("jane.doe", "arn:aws:iam::123456789012:user/onboarded/jane.doe", "/onboarded/",
                Map.of("ManagedBy", "iam-onboarding"), true,
                List.of(new UserInventory.Credential("AKID1", true), new UserInventory.Credential("AKID2", false)),
                List.of(new UserInventory.Credential("CERT1", true)), List.of(new UserInventory.Credential("SSH1", true)),
                List.of(new UserInventory.Credential("SSC1", true)), List.of(VIRTUAL, HARDWARE), List.of(),
                List.of("iam-onboarding-developers"), List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), List.of("by-hand"),
                List.of("iam-onboarding/jane.doe/console-password"), List.of("mfa/jane.doe/onb-1.png"));
    }

    @Test
    void disableTakesAwayEveryActiveCredentialAndPermissionAndTagsTheUser() {
        assertEquals(List.of(
                of(DEACTIVATE_ACCESS_KEY, "AKID1"),
                of(DELETE_LOGIN_PROFILE, "jane.doe"),
                of(DEACTIVATE_SIGNING_CERTIFICATE, "CERT1"),
                of(DEACTIVATE_SSH_PUBLIC_KEY, "SSH1"),
                of(DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL, "SSC1"),
                of(DEACTIVATE_MFA_DEVICE, VIRTUAL),
                of(DEACTIVATE_MFA_DEVICE, HARDWARE),
                of(REMOVE_USER_FROM_GROUP, "iam-onboarding-developers"),
                of(DETACH_USER_POLICY, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                of(DELETE_USER_POLICY, "by-hand"),
                of(TAG_USER, "jane.doe")), OffboardingPlanner.disable(janeWithOneOfEverything()));
    }

    @Test
    void deletePlansWhatDeleteIdentityFindsAfterDisableWithTheUserLast() {
        List<DeprovisioningAction> plan = OffboardingPlanner.plan(janeWithOneOfEverything(), OffboardingMode.DELETE);

        List<DeprovisioningAction> deletePhase = plan.subList(OffboardingPlanner.disable(janeWithOneOfEverything()).size(), plan.size());
        assertEquals(List.of(
                of(DELETE_ACCESS_KEY, "AKID1"),
                of(DELETE_ACCESS_KEY, "AKID2"),
                of(DELETE_SIGNING_CERTIFICATE, "CERT1"),
                of(DELETE_SSH_PUBLIC_KEY, "SSH1"),
                of(DELETE_SERVICE_SPECIFIC_CREDENTIAL, "SSC1"),
                of(DELETE_VIRTUAL_MFA_DEVICE, VIRTUAL),
                of(DELETE_SECRET, "iam-onboarding/jane.doe/console-password"),
                of(DELETE_QR_CODE, "mfa/jane.doe/onb-1.png"),
                of(DELETE_USER, "jane.doe")), deletePhase, "a hardware device is deactivated, never deleted");
    }

    @Test
    void disableModePlansNoDeletion() {
        assertEquals(OffboardingPlanner.disable(janeWithOneOfEverything()),
                OffboardingPlanner.plan(janeWithOneOfEverything(), OffboardingMode.DISABLE));
    }

    @Test
    void anOffboardedUserHasNothingLeftToDisableAndKeepsItsFirstTags() {
        UserInventory disabled = OffboardingPlanner.afterDisable(janeWithOneOfEverything());

        assertEquals(List.of(), OffboardingPlanner.disable(disabled));
        assertFalse(disabled.loginProfile());
        assertTrue(disabled.accessKeys().stream().noneMatch(UserInventory.Credential::active));
        assertEquals(List.of(VIRTUAL), disabled.unassignedVirtualMfaDevices());
        assertTrue(disabled.groups().isEmpty() && disabled.attachedPolicyArns().isEmpty() && disabled.inlinePolicyNames().isEmpty());
    }

    @Test
    void mergeKeepsThePlansActionsOfTheStepAddsNewOnesAndOrdersThemOnce() {
        List<DeprovisioningAction> planned = List.of(of(DEACTIVATE_ACCESS_KEY, "AKID1"), of(TAG_USER, "jane.doe"),
                of(DELETE_ACCESS_KEY, "AKID1"));
        List<DeprovisioningAction> fresh = List.of(of(DEACTIVATE_ACCESS_KEY, "AKID3"), of(DELETE_LOGIN_PROFILE, "jane.doe"),
                of(TAG_USER, "jane.doe"));

        assertEquals(List.of(of(DEACTIVATE_ACCESS_KEY, "AKID1"), of(DEACTIVATE_ACCESS_KEY, "AKID3"),
                        of(DELETE_LOGIN_PROFILE, "jane.doe"), of(TAG_USER, "jane.doe")),
                OffboardingPlanner.merge(planned, OffboardingPlanner.DISABLE_ACTIONS, fresh));
    }

    @Test
    void everyActionHasAPlaceInTheOrderAndTheStepsCoverThemAll() {
        Set<String> covered = new java.util.HashSet<>(OffboardingPlanner.DISABLE_ACTIONS);
        covered.addAll(OffboardingPlanner.DELETE_ACTIONS);
        assertEquals(Set.copyOf(ALL), covered);
        assertEquals(ALL.size(), Set.copyOf(ALL).size());
    }
}
