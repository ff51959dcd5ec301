package com.iamonboarding.access;

import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AccessResult;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AddUserToGroupRequest;
import software.amazon.awssdk.services.iam.model.AddUserToGroupResponse;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetGroupRequest;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;

@ExtendWith(MockitoExtension.class)
class AccessAssignmentServiceTest {

    @Mock
    IamClient iam;

    private static AccessProfile profile(List<String> groups, List<String> policies) {
        AccessProfile p = new AccessProfile();
        p.groups = groups;
        p.policyArns = policies;
        return p;
    }

    @Test
    void addsTheProfilesGroupsAndAttachesItsPolicies() {
        AccessProfiles profiles = new AccessProfiles(Map.of("auditor",
                profile(List.of("auditors"), List.of("arn:aws:iam::aws:policy/SecurityAudit"))));
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenReturn(AddUserToGroupResponse.builder().build());
        when(iam.attachUserPolicy(any(AttachUserPolicyRequest.class))).thenReturn(AttachUserPolicyResponse.builder().build());

        AccessResult result = new AccessAssignmentService(iam, profiles).assign("jane.doe", "auditor");

        ArgumentCaptor<AddUserToGroupRequest> group = ArgumentCaptor.forClass(AddUserToGroupRequest.class);
        verify(iam).addUserToGroup(group.capture());
        assertEquals("auditors", group.getValue().groupName());
        assertEquals("jane.doe", group.getValue().userName());
        ArgumentCaptor<AttachUserPolicyRequest> policy = ArgumentCaptor.forClass(AttachUserPolicyRequest.class);
        verify(iam).attachUserPolicy(policy.capture());
        assertEquals("arn:aws:iam::aws:policy/SecurityAudit", policy.getValue().policyArn());
        assertEquals(List.of("auditors"), result.groups);
    }

    @Test
    void bundledDeveloperProfileUsesItsGroup() {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenReturn(AddUserToGroupResponse.builder().build());

        AccessResult result = new AccessAssignmentService(iam, AccessProfiles.bundled()).assign("jane.doe", "developer");

        assertEquals(List.of("iam-onboarding-developers"), result.groups);
        assertEquals("arn:aws:iam::aws:policy/PowerUserAccess", result.permissionsBoundaryArn);
        verify(iam, never()).attachUserPolicy(any(AttachUserPolicyRequest.class));
    }

    @Test
    void unknownProfileIsRefused() {
        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> new AccessAssignmentService(iam, AccessProfiles.bundled()).assign("jane.doe", "root"));
        assertTrue(e.getMessage().contains("accessProfile 'root'"));
    }

    @Test
    void missingGroupIsPermanent() {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenThrow(noSuchEntity());
        when(iam.getGroup(any(GetGroupRequest.class))).thenThrow(noSuchEntity());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> new AccessAssignmentService(iam, AccessProfiles.bundled()).assign("jane.doe", "billing"));
        assertTrue(e.getMessage().contains("iam-onboarding-billing"));
    }

    @Test
    void userNotYetVisibleIsRetryable() {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenThrow(noSuchEntity());
        when(iam.getGroup(any(GetGroupRequest.class))).thenReturn(GetGroupResponse.builder().build());

        assertThrows(RetryableStepException.class,
                () -> new AccessAssignmentService(iam, AccessProfiles.bundled()).assign("jane.doe", "billing"));
    }
}
