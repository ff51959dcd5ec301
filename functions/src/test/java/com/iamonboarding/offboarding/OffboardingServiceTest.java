package com.iamonboarding.offboarding;

import static com.iamonboarding.deprovisioning.DeprovisioningAction.*;
import static com.iamonboarding.testsupport.AwsExceptions.iamError;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import com.iamonboarding.deprovisioning.DeprovisioningExecutor;
import com.iamonboarding.deprovisioning.UserInventoryReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The three working steps against mocked IAM, Secrets Manager and S3, with the real reader, planner and executor. */
@ExtendWith(MockitoExtension.class)
@SuppressWarnings("unchecked")
class OffboardingServiceTest {

    static final String SERIAL = "arn:aws:iam::123456789012:mfa/jane.doe";
    static final String USER_ARN = "arn:aws:iam::123456789012:user/onboarded/jane.doe";
    static final Instant NOW = Instant.parse("2025-01-31T17:00:00.789Z");

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;
    @Mock
    S3Client s3;

    private OffboardingService service() {
        return new OffboardingService(new UserInventoryReader(iam, secretsManager, s3, "qr-bucket"),
                new DeprovisioningExecutor(iam, secretsManager, s3, "qr-bucket", 30), iam, Clock.fixed(NOW, ZoneOffset.UTC),
                "/onboarded/", Set.of("iam-onboarding-developers"));
    }

    static OffboardingState state(OffboardingMode mode) {
        OffboardingState state = new OffboardingState();
        state.offboardingId = "off-1";
        state.request = new OffboardingRequest();
        state.request.userName = "jane.doe";
        state.request.mode = mode;
        state.request.reason = "Left the company";
        return state;
    }

    private static <B> B applied(Consumer<B> consumer, B builder) {
        consumer.accept(builder);
        return builder;
    }

    /** jane.doe as an onboarding left her, plus a second key, an SSH key, a certificate and an inline policy added by hand. */
    @BeforeEach
    void janeAsOnboardedPlusExtrasByHand() {
        user("/onboarded/", Map.of("ManagedBy", "iam-onboarding", "OnboardingId", "onb-1"));
        lenient().when(iam.getLoginProfile(any(Consumer.class))).thenReturn(GetLoginProfileResponse.builder().build());
        keys(StatusType.ACTIVE);
        lenient().when(iam.listSigningCertificates(any(Consumer.class))).thenReturn(ListSigningCertificatesResponse.builder()
                .certificates(SigningCertificate.builder().certificateId("CERT1").status(StatusType.ACTIVE).build()).build());
        lenient().when(iam.listSSHPublicKeys(any(Consumer.class))).thenReturn(ListSshPublicKeysResponse.builder()
                .sshPublicKeys(SSHPublicKeyMetadata.builder().sshPublicKeyId("SSH1").status(StatusType.ACTIVE).build()).build());
        lenient().when(iam.listServiceSpecificCredentials(any(Consumer.class))).thenReturn(ListServiceSpecificCredentialsResponse.builder().build());
        lenient().when(iam.listMFADevices(any(Consumer.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().serialNumber(SERIAL).build()).build());
        lenient().when(iam.listUserPolicies(any(Consumer.class))).thenReturn(ListUserPoliciesResponse.builder().policyNames("by-hand").build());
        lenient().when(iam.listAttachedUserPolicies(any(Consumer.class))).thenReturn(ListAttachedUserPoliciesResponse.builder().build());
        lenient().when(iam.listGroupsForUser(any(Consumer.class))).thenReturn(ListGroupsForUserResponse.builder()
                .groups(Group.builder().groupName("iam-onboarding-developers").build()).build());
        lenient().when(iam.listVirtualMFADevices(any(Consumer.class))).thenReturn(ListVirtualMfaDevicesResponse.builder().build());
        lenient().when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(DescribeSecretResponse.builder()
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build())
                .build());
        lenient().when(s3.listObjectsV2(any(Consumer.class))).thenReturn(ListObjectsV2Response.builder()
                .contents(S3Object.builder().key("mfa/jane.doe/onb-1.png").build()).build());
    }

    private void user(String path, Map<String, String> tags) {
        lenient().when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder().user(User.builder()
                .userName("jane.doe").path(path).arn(USER_ARN).userId("AIDAJANE").build()).build());
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        lenient().when(iam.listUserTags(any(Consumer.class))).thenReturn(ListUserTagsResponse.builder().tags(list).build());
    }

    private void keys(StatusType status) {
        lenient().when(iam.listAccessKeys(any(Consumer.class))).thenReturn(ListAccessKeysResponse.builder().accessKeyMetadata(
                AccessKeyMetadata.builder().accessKeyId("AKID1").status(status).build(),
                AccessKeyMetadata.builder().accessKeyId("AKID2").status(status).build()).build());
    }

    /** What IAM shows once DisableAccess has run: everything inactive or gone, the device unassigned. */
    private void asDisableAccessLeftIt() {
        user("/onboarded/", Map.of("ManagedBy", "iam-onboarding", "OffboardedAt", "2025-01-31T17:00:00Z"));
        when(iam.getLoginProfile(any(Consumer.class))).thenThrow(noSuchEntity());
        keys(StatusType.INACTIVE);
        when(iam.listSigningCertificates(any(Consumer.class))).thenReturn(ListSigningCertificatesResponse.builder()
                .certificates(SigningCertificate.builder().certificateId("CERT1").status(StatusType.INACTIVE).build()).build());
        when(iam.listSSHPublicKeys(any(Consumer.class))).thenReturn(ListSshPublicKeysResponse.builder()
                .sshPublicKeys(SSHPublicKeyMetadata.builder().sshPublicKeyId("SSH1").status(StatusType.INACTIVE).build()).build());
        when(iam.listMFADevices(any(Consumer.class))).thenReturn(ListMfaDevicesResponse.builder().build());
        when(iam.listUserPolicies(any(Consumer.class))).thenReturn(ListUserPoliciesResponse.builder().build());
        when(iam.listGroupsForUser(any(Consumer.class))).thenReturn(ListGroupsForUserResponse.builder().build());
        lenient().when(iam.listVirtualMFADevices(any(Consumer.class))).thenReturn(ListVirtualMfaDevicesResponse.builder()
                .virtualMFADevices(VirtualMFADevice.builder().serialNumber(SERIAL).build()).build());
    }

    @Test
    void thePlanListsEveryActionOfADeleteInOrder() {
        OffboardingPlan plan = service().plan(state(OffboardingMode.DELETE));

        assertTrue(plan.userExists);
        assertEquals(USER_ARN, plan.userArn);
        assertEquals(Map.of("OffboardedAt", "2025-01-31T17:00:00Z", "OffboardingReason", "Left the company"), plan.tags);
        assertEquals(List.of(
                of(DEACTIVATE_ACCESS_KEY, "AKID1"), of(DEACTIVATE_ACCESS_KEY, "AKID2"), of(DELETE_LOGIN_PROFILE, "jane.doe"),
                of(DEACTIVATE_SIGNING_CERTIFICATE, "CERT1"), of(DEACTIVATE_SSH_PUBLIC_KEY, "SSH1"), of(DEACTIVATE_MFA_DEVICE, SERIAL),
                of(REMOVE_USER_FROM_GROUP, "iam-onboarding-developers"), of(DELETE_USER_POLICY, "by-hand"), of(TAG_USER, "jane.doe"),
                of(DELETE_ACCESS_KEY, "AKID1"), of(DELETE_ACCESS_KEY, "AKID2"), of(DELETE_SIGNING_CERTIFICATE, "CERT1"),
                of(DELETE_SSH_PUBLIC_KEY, "SSH1"), of(DELETE_VIRTUAL_MFA_DEVICE, SERIAL),
                of(DELETE_SECRET, "iam-onboarding/jane.doe/console-password"), of(DELETE_SECRET, "iam-onboarding/jane.doe/access-key"),
                of(DELETE_QR_CODE, "mfa/jane.doe/onb-1.png"), of(DELETE_USER, "jane.doe")), plan.actions);
        assertEquals(plan.actions.size(), plan.actionCount);
        verify(iam, never()).updateAccessKey(any(Consumer.class));
        verify(iam, never()).deleteUser(any(Consumer.class));
    }

    @Test
    void aDisablePlanReadsNeitherSecretsNorQrCodes() {
        OffboardingPlan plan = service().plan(state(OffboardingMode.DISABLE));

        assertEquals(9, plan.actionCount);
        verifyNoInteractions(secretsManager, s3);
        verify(iam, never()).listVirtualMFADevices(any(Consumer.class));
    }

    @Test
    void aMissingUserGivesAnEmptyPlan() {
        when(iam.getUser(any(Consumer.class))).thenThrow(noSuchEntity());

        OffboardingPlan plan = service().plan(state(OffboardingMode.DELETE));

        assertFalse(plan.userExists);
        assertEquals(List.of(), plan.actions);
        assertEquals(0, plan.actionCount);
        verify(iam, never()).listAccessKeys(any(Consumer.class));
    }

    @Test
    void aUserThisProjectDidNotCreateIsRefusedUnlessForced() {
        user("/onboarded/", Map.of("OnboardingId", "onb-1"));
        PermanentStepException untagged = assertThrows(PermanentStepException.class, () -> service().plan(state(OffboardingMode.DELETE)));
        assertTrue(untagged.getMessage().startsWith("NotManagedByIamOnboarding"), untagged.getMessage());

        user("/", Map.of("ManagedBy", "iam-onboarding"));
        assertThrows(PermanentStepException.class, () -> service().plan(state(OffboardingMode.DELETE)), "outside the path");

        OffboardingState forced = state(OffboardingMode.DELETE);
        forced.request.force = true;
        assertTrue(service().plan(forced).actionCount > 0);
    }

    @Test
    void aGroupTheProjectMayNotChangeRefusesTheOffboardingBeforeAnythingChanges() {
        when(iam.listGroupsForUser(any(Consumer.class))).thenReturn(ListGroupsForUserResponse.builder()
                .groups(Group.builder().groupName("iam-onboarding-developers").build(), Group.builder().groupName("admins").build()).build());

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service().plan(state(OffboardingMode.DISABLE)));

        assertTrue(e.getMessage().contains("[admins]"), e.getMessage());
        verify(iam, never()).updateAccessKey(any(Consumer.class));
    }

    @Test
    void dryRunListsExactlyWhatTheStepsThenPerform() {
        OffboardingState state = state(OffboardingMode.DELETE);
        state.plan = service().plan(state);

        state.disabled = service().disableAccess(state);
        asDisableAccessLeftIt();
        state.deleted = service().deleteIdentity(state);

        List<DeprovisioningAction> performed = new ArrayList<>(state.disabled.performed);
        performed.addAll(state.deleted.performed);
        assertEquals(state.plan.actions, performed);
        assertEquals(9, state.disabled.performedCount);
        assertEquals(9, state.deleted.performedCount);
    }

    @Test
    void disableAccessDeactivatesEachActiveKeyAndWritesTheOffboardingTags() {
        OffboardingState state = state(OffboardingMode.DISABLE);
        state.plan = service().plan(state);

        service().disableAccess(state);

        ArgumentCaptor<Consumer<UpdateAccessKeyRequest.Builder>> keys = ArgumentCaptor.forClass(Consumer.class);
        verify(iam, times(2)).updateAccessKey(keys.capture());
        UpdateAccessKeyRequest first = applied(keys.getAllValues().get(0), UpdateAccessKeyRequest.builder()).build();
        assertEquals("jane.doe", first.userName());
        assertEquals("AKID1", first.accessKeyId());
        assertEquals(StatusType.INACTIVE, first.status());
        ArgumentCaptor<Consumer<TagUserRequest.Builder>> tagged = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).tagUser(tagged.capture());
        TagUserRequest tags = applied(tagged.getValue(), TagUserRequest.builder()).build();
        assertEquals("jane.doe", tags.userName());
        assertEquals(List.of(Tag.builder().key("OffboardedAt").value("2025-01-31T17:00:00Z").build(),
                Tag.builder().key("OffboardingReason").value("Left the company").build()), tags.tags());
        ArgumentCaptor<Consumer<RemoveUserFromGroupRequest.Builder>> group = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).removeUserFromGroup(group.capture());
        assertEquals("iam-onboarding-developers", applied(group.getValue(), RemoveUserFromGroupRequest.builder()).build().groupName());
        verify(iam, never()).deleteAccessKey(any(Consumer.class));
        verify(iam, never()).deleteUser(any(Consumer.class));
    }

    @Test
    void deleteIdentityDeletesSecretsWithTheRecoveryWindowAndTheUserLast() {
        OffboardingState state = state(OffboardingMode.DELETE);
        state.plan = service().plan(state);
        asDisableAccessLeftIt();

        service().deleteIdentity(state);

        InOrder order = inOrder(iam, secretsManager, s3);
        order.verify(iam, times(2)).deleteAccessKey(any(Consumer.class));
        order.verify(iam).deleteVirtualMFADevice(any(Consumer.class));
        order.verify(secretsManager, times(2)).deleteSecret(any(Consumer.class));
        order.verify(s3).deleteObject(any(Consumer.class));
        order.verify(iam).deleteUser(any(Consumer.class));
        ArgumentCaptor<Consumer<DeleteSecretRequest.Builder>> secret = ArgumentCaptor.forClass(Consumer.class);
        verify(secretsManager, times(2)).deleteSecret(secret.capture());
        assertEquals(30L, applied(secret.getValue(), DeleteSecretRequest.builder()).build().recoveryWindowInDays());
        verify(iam, never()).deactivateMFADevice(any(Consumer.class));
    }

    @Test
    void aRetriedStepStillReportsWhatItsFirstAttemptDid() {
        OffboardingState state = state(OffboardingMode.DISABLE);
        state.plan = service().plan(state);
        // The first attempt deactivated both keys and deleted the login profile, then was throttled.
        keys(StatusType.INACTIVE);
        when(iam.getLoginProfile(any(Consumer.class))).thenThrow(noSuchEntity());
        when(iam.deleteLoginProfile(any(Consumer.class))).thenThrow(noSuchEntity());

        ExecutedActions retried = service().disableAccess(state);

        assertEquals(state.plan.actions, retried.performed);
    }

    @Test
    void somethingAddedAfterThePlanIsTakenAwayToo() {
        OffboardingState state = state(OffboardingMode.DISABLE);
        state.plan = service().plan(state);
        when(iam.listAccessKeys(any(Consumer.class))).thenReturn(ListAccessKeysResponse.builder().accessKeyMetadata(
                AccessKeyMetadata.builder().accessKeyId("AKID1").status(StatusType.ACTIVE).build(),
                AccessKeyMetadata.builder().accessKeyId("AKID3").status(StatusType.ACTIVE).build()).build());

        ExecutedActions performed = service().disableAccess(state);

        assertTrue(performed.performed.contains(of(DEACTIVATE_ACCESS_KEY, "AKID3")));
        assertTrue(performed.performed.contains(of(DEACTIVATE_ACCESS_KEY, "AKID2")), "planned, so tried and reported");
    }

    @Test
    void offboardingAnOffboardedUserAgainFindsNothingToDo() {
        asDisableAccessLeftIt();

        assertEquals(List.of(), service().plan(state(OffboardingMode.DISABLE)).actions);
    }

    @Test
    void throttlingStopsTheStepForTheStateMachineToRetry() {
        OffboardingState state = state(OffboardingMode.DISABLE);
        state.plan = service().plan(state);
        when(iam.updateAccessKey(any(Consumer.class))).thenThrow(throttling());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service().disableAccess(state));

        assertEquals("iam:DeactivateAccessKey AKID1 failed: Throttling (HTTP 400)", e.getMessage());
        verify(iam, never()).deleteLoginProfile(any(Consumer.class));
    }

    @Test
    void accessDeniedFailsTheStepForGood() {
        OffboardingState state = state(OffboardingMode.DISABLE);
        state.plan = service().plan(state);
        when(iam.updateAccessKey(any(Consumer.class))).thenThrow(iamError("AccessDenied", 403));

        assertThrows(PermanentStepException.class, () -> service().disableAccess(state));
    }

    @Test
    void aDeleteConflictIsRetriedSoTheStepReadsTheUserAgain() {
        OffboardingState state = state(OffboardingMode.DELETE);
        state.plan = service().plan(state);
        asDisableAccessLeftIt();
        when(iam.deleteUser(any(Consumer.class))).thenThrow(DeleteConflictException.builder().statusCode(409).message("conflict")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("DeleteConflict").build()).build());

        assertThrows(RetryableStepException.class, () -> service().deleteIdentity(state));
    }

    @Test
    void aUserDeletedMeanwhileLeavesNothingToDo() {
        OffboardingState state = state(OffboardingMode.DELETE);
        state.plan = service().plan(state);
        when(iam.getUser(any(Consumer.class))).thenThrow(noSuchEntity());

        assertEquals(0, service().disableAccess(state).performedCount);
        assertEquals(0, service().deleteIdentity(state).performedCount);
        verify(iam, never()).deleteUser(any(Consumer.class));
    }

    @Test
    void aSecretThatVanishedIsNotAnError() {
        OffboardingState state = state(OffboardingMode.DELETE);
        state.plan = service().plan(state);
        asDisableAccessLeftIt();
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(ResourceNotFoundException.builder().statusCode(400).message("gone").build());
        when(secretsManager.deleteSecret(any(Consumer.class))).thenThrow(ResourceNotFoundException.builder().statusCode(400).message("gone").build());

        ExecutedActions deleted = service().deleteIdentity(state);

        assertTrue(deleted.performed.contains(of(DELETE_USER, "jane.doe")));
    }

    @Test
    void aStateWithoutRequestOrPlanIsRefused() {
        assertThrows(PermanentStepException.class, () -> service().plan(new OffboardingState()));
        assertThrows(PermanentStepException.class, () -> service().disableAccess(state(OffboardingMode.DISABLE)));
        OffboardingState otherUser = state(OffboardingMode.DISABLE);
        otherUser.plan = OffboardingPlan.of("john.roe", null, true, OffboardingMode.DISABLE, Map.of(), List.of());
        assertThrows(PermanentStepException.class, () -> service().deleteIdentity(otherUser));
        verifyNoInteractions(iam, secretsManager, s3);
    }
}
