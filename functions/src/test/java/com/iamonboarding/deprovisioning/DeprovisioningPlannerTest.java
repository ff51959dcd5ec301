package com.iamonboarding.deprovisioning;

import static com.iamonboarding.deprovisioning.DeprovisioningAction.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeprovisioningPlannerTest {

    private static final String VIRTUAL = "arn:aws:iam::123456789012:mfa/jane.doe";
    private static final String HARDWARE = "GAHT12345678";

    @Test
    void removesEverythingDeleteUserNeedsGoneInIamsOrderThenTheUser() {
        UserInventory user = new UserInventory("jane.doe", null, null, Map.of(), true,
                List.of(new UserInventory.Credential("AKID1", true)), List.of(new UserInventory.Credential("CERT1", true)),
                List.of(new UserInventory.Credential("SSH1", false)), List.of(new UserInventory.Credential("SSC1", true)),
                List.of(VIRTUAL, HARDWARE), List.of("arn:aws:iam::123456789012:mfa/old"), List.of("developers"),
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), List.of("inline"), List.of(), List.of());

        List<DeprovisioningAction> plan = DeprovisioningPlanner.removeIdentity(user,
                List.of(of(DELETE_SECRET, "iam-onboarding/jane.doe/access-key")));

        assertEquals(List.of(
                of(DELETE_LOGIN_PROFILE, "jane.doe"),
                of(DELETE_ACCESS_KEY, "AKID1"),
                of(DELETE_SIGNING_CERTIFICATE, "CERT1"),
                of(DELETE_SSH_PUBLIC_KEY, "SSH1"),
                of(DELETE_SERVICE_SPECIFIC_CREDENTIAL, "SSC1"),
                of(DEACTIVATE_MFA_DEVICE, VIRTUAL),
                of(DELETE_VIRTUAL_MFA_DEVICE, VIRTUAL),
                of(DEACTIVATE_MFA_DEVICE, HARDWARE),
                of(DELETE_VIRTUAL_MFA_DEVICE, "arn:aws:iam::123456789012:mfa/old"),
                of(DELETE_USER_POLICY, "inline"),
                of(DETACH_USER_POLICY, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                of(REMOVE_USER_FROM_GROUP, "developers"),
                of(DELETE_SECRET, "iam-onboarding/jane.doe/access-key"),
                of(DELETE_USER, "jane.doe")), plan);
    }

    @Test
    void aUserWithNothingLeftIsJustDeleted() {
        UserInventory user = new UserInventory("jane.doe", null, null, Map.of(), false, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        assertEquals(List.of(of(DELETE_USER, "jane.doe")), DeprovisioningPlanner.removeIdentity(user));
    }
}
