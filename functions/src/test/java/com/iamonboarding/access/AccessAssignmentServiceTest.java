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
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.user.UserNotManagedException;
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
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;

@ExtendWith(MockitoExtension.class)
class AccessAssignmentServiceTest {

    static final String ONBOARDING_ID = "onb-1234";

    @Mock
    IamClient iam;

    AccessAssignmentService service(AccessProfiles profiles) {
        OwnUsers.madeBy(iam, ONBOARDING_ID, "jane.doe");
        return new AccessAssignmentService(iam, profiles, OwnUsers.check(iam));
    }

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

        AccessResult result = service(profiles).assign(ONBOARDING_ID, "jane.doe", "auditor");

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

        AccessResult result = service(AccessProfiles.bundled()).assign(ONBOARDING_ID, "jane.doe", "developer");

        assertEquals(List.of("iam-onboarding-developers"), result.groups);
        verify(iam, never()).attachUserPolicy(any(AttachUserPolicyRequest.class));
    }

    @Test
    void unknownProfileIsRefused() {
        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service(AccessProfiles.bundled()).assign(ONBOARDING_ID, "jane.doe", "root"));
        assertTrue(e.getMessage().contains("accessProfile 'root'"));
    }

    @Test
    void missingGroupIsPermanent() {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenThrow(noSuchEntity());
        when(iam.getGroup(any(GetGroupRequest.class))).thenThrow(noSuchEntity());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> service(AccessProfiles.bundled()).assign(ONBOARDING_ID, "jane.doe", "billing"));
        assertTrue(e.getMessage().contains("iam-onboarding-billing"));
    }

    @Test
    void userNotYetVisibleIsRetryable() {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenThrow(noSuchEntity());
        when(iam.getGroup(any(GetGroupRequest.class))).thenReturn(GetGroupResponse.builder().build());

        assertThrows(RetryableStepException.class,
                () -> service(AccessProfiles.bundled()).assign(ONBOARDING_ID, "jane.doe", "billing"));
    }

    @Test
    void aUserOfAnotherOnboardingIsNeverAddedToAnyGroup() {
        when(iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder()
                .user(OwnUsers.user("victim", OwnUsers.USER_PATH, "onb-someone-else")).build());

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> new AccessAssignmentService(iam, AccessProfiles.bundled(), OwnUsers.check(iam))
                        .assign(ONBOARDING_ID, "victim", "administrator"));

        assertTrue(e.getMessage().contains("created by another onboarding"), e.getMessage());
        verify(iam, never()).addUserToGroup(any(AddUserToGroupRequest.class));
        verify(iam, never()).attachUserPolicy(any(AttachUserPolicyRequest.class));
    }

    @Test
    void aUserThisSystemDoesNotManageIsNeverAddedToAnyGroup() {
        when(iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder()
                .user(software.amazon.awssdk.services.iam.model.User.builder().userName("admin").path("/")
                        .arn("arn:aws:iam::123456789012:user/admin").build()).build());

        assertThrows(UserNotManagedException.class,
                () -> new AccessAssignmentService(iam, AccessProfiles.bundled(), OwnUsers.check(iam))
                        .assign(ONBOARDING_ID, "admin", "administrator"));

        verify(iam, never()).addUserToGroup(any(AddUserToGroupRequest.class));
    }
}
