package com.iamonboarding.compensate;

import com.iamonboarding.deprovisioning.DeprovisioningReport;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static com.iamonboarding.testsupport.AwsExceptions.iamError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

@ExtendWith(MockitoExtension.class)
@SuppressWarnings("unchecked")
class RollbackServiceTest {

    private static final String ID = "onb-1";

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;
    @Mock
    S3Client s3;

    private RollbackService service() {
        return new RollbackService(iam, secretsManager, s3, "qr-bucket", "/onboarded/");
    }

    @BeforeEach
    void aUserWithOneOfEverything() {
        lenient().when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder()
                .user(User.builder().userName("jane.doe").path("/onboarded/").build()).build());
        lenient().when(iam.listUserTags(any(Consumer.class))).thenReturn(ListUserTagsResponse.builder()
                .tags(Tag.builder().key("OnboardingId").value(ID).build(),
                        Tag.builder().key("ManagedBy").value("iam-onboarding").build()).build());
        lenient().when(iam.listVirtualMFADevices(any(Consumer.class))).thenReturn(ListVirtualMfaDevicesResponse.builder().build());
        lenient().when(iam.listAccessKeys(any(Consumer.class))).thenReturn(ListAccessKeysResponse.builder()
                .accessKeyMetadata(AccessKeyMetadata.builder().accessKeyId("AKID1").build()).build());
        lenient().when(iam.listSigningCertificates(any(Consumer.class))).thenReturn(ListSigningCertificatesResponse.builder()
                .certificates(SigningCertificate.builder().certificateId("CERT1").build()).build());
        lenient().when(iam.listSSHPublicKeys(any(Consumer.class))).thenReturn(ListSshPublicKeysResponse.builder()
                .sshPublicKeys(SSHPublicKeyMetadata.builder().sshPublicKeyId("SSH1").build()).build());
        lenient().when(iam.listServiceSpecificCredentials(any(Consumer.class))).thenReturn(ListServiceSpecificCredentialsResponse.builder().build());
        lenient().when(iam.listMFADevices(any(Consumer.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/jane.doe").build()).build());
        lenient().when(iam.listUserPolicies(any(Consumer.class))).thenReturn(ListUserPoliciesResponse.builder().policyNames("inline").build());
        lenient().when(iam.listAttachedUserPolicies(any(Consumer.class))).thenReturn(ListAttachedUserPoliciesResponse.builder()
                .attachedPolicies(AttachedPolicy.builder().policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess").build()).build());
        lenient().when(iam.listGroupsForUser(any(Consumer.class))).thenReturn(ListGroupsForUserResponse.builder()
                .groups(Group.builder().groupName("iam-onboarding-developers").build()).build());
        lenient().when(s3.listObjectsV2(any(Consumer.class))).thenReturn(software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder()
                .contents(software.amazon.awssdk.services.s3.model.S3Object.builder().key("mfa/jane.doe/" + ID + ".png").build()).build());
        lenient().when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenReturn(DescribeSecretResponse.builder()
                .arn("arn:secret").tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                        .key("OnboardingId").value(ID).build()).build());
    }

    @Test
    void removesEverythingInTheOrderIamRequiresThenTheUser() {
        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete(), String.valueOf(report.remaining));
        InOrder order = inOrder(iam, secretsManager, s3);
        order.verify(iam).deleteLoginProfile(any(Consumer.class));
        order.verify(iam).deleteAccessKey(any(Consumer.class));
        order.verify(iam).deleteSigningCertificate(any(Consumer.class));
        order.verify(iam).deleteSSHPublicKey(any(Consumer.class));
        order.verify(iam).deactivateMFADevice(any(Consumer.class));
        order.verify(iam).deleteVirtualMFADevice(any(Consumer.class));
        order.verify(iam).deleteUserPolicy(any(Consumer.class));
        order.verify(iam).detachUserPolicy(any(Consumer.class));
        order.verify(iam).removeUserFromGroup(any(Consumer.class));
        order.verify(iam).deleteUser(any(Consumer.class));
        order.verify(secretsManager, org.mockito.Mockito.times(2)).deleteSecret(any(Consumer.class));
        order.verify(s3).deleteObject(any(Consumer.class));
        assertTrue(report.removed.contains("IAM user jane.doe"));
    }

    @Test
    void leavesAUserItDidNotCreateUntouched() {
        when(iam.listUserTags(any(Consumer.class))).thenReturn(ListUserTagsResponse.builder()
                .tags(Tag.builder().key("OnboardingId").value("onb-other").build()).build());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete());
        verify(iam, never()).deleteUser(any(Consumer.class));
        verify(iam, never()).deleteAccessKey(any(Consumer.class));
    }

    @Test
    void somethingAlreadyGoneIsNotAnError() {
        when(iam.deleteLoginProfile(any(Consumer.class))).thenThrow(noSuchEntity());
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(ResourceNotFoundException.builder().statusCode(400).message("gone").build());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete(), String.valueOf(report.remaining));
        verify(iam).deleteUser(any(Consumer.class));
        verify(secretsManager, never()).deleteSecret(any(Consumer.class));
    }

    @Test
    void aTransientFailureKeepsTheUserAndAsksForARetry() {
        when(iam.deleteAccessKey(any(Consumer.class))).thenThrow(throttling());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertFalse(report.complete());
        assertTrue(report.retryable);
        verify(iam, never()).deleteUser(any(Consumer.class));
        assertTrue(report.remaining.stream().anyMatch(r -> r.contains("Throttling")));
    }

    @Test
    void aDeleteConflictRightAfterADeactivationIsRetriedNotReportedAsPermanent() {
        when(iam.deleteVirtualMFADevice(any(Consumer.class))).thenThrow(iamError("DeleteConflict", 409));

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertFalse(report.complete());
        assertTrue(report.retryable, "DeleteConflict heals once IAM shows the deactivation");
        verify(iam, never()).deleteUser(any(Consumer.class));
    }

    @Test
    void aUserOutsideThePathThatTheRoleCannotReadIsNoLeftoverOfThisOnboarding() {
        // On AWS the role reads only user${UserPath}*; CreateUser met a user of the same name elsewhere.
        when(iam.getUser(any(Consumer.class))).thenThrow(iamError("AccessDenied", 403));
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class))).thenThrow(
                ResourceNotFoundException.builder().statusCode(400).message("none").build());
        when(s3.listObjectsV2(any(Consumer.class))).thenReturn(software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder().build());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete(), String.valueOf(report.remaining));
        assertTrue(report.removed.isEmpty());
        verify(iam, never()).listUserTags(any(Consumer.class));
        verify(iam, never()).deleteUser(any(Consumer.class));
    }

    @Test
    void aUserOutsideThePathIsNeverTouchedEvenWithThisOnboardingsTags() {
        when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder()
                .user(User.builder().userName("jane.doe").path("/").build()).build());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete(), String.valueOf(report.remaining));
        verify(iam, never()).deleteUser(any(Consumer.class));
        verify(iam, never()).deleteAccessKey(any(Consumer.class));
    }

    @Test
    void everyPageOfUnassignedMfaDevicesIsSearched() {
        when(iam.listVirtualMFADevices(any(Consumer.class)))
                .thenReturn(ListVirtualMfaDevicesResponse.builder().isTruncated(true).marker("page-2")
                        .virtualMFADevices(VirtualMFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/someone").build()).build())
                .thenReturn(ListVirtualMfaDevicesResponse.builder().isTruncated(false)
                        .virtualMFADevices(VirtualMFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/jane.doe-unused").build(),
                                VirtualMFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/jane.doe").build()).build());

        DeprovisioningReport report = service().removeOnboarding(ID, "jane.doe");

        assertTrue(report.complete(), String.valueOf(report.remaining));
        ArgumentCaptor<Consumer<software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest.Builder>> deleted =
                ArgumentCaptor.forClass(Consumer.class);
        verify(iam, org.mockito.Mockito.atLeast(1)).deleteVirtualMFADevice(deleted.capture());
        java.util.List<String> serials = deleted.getAllValues().stream().map(c -> {
            var b = software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest.builder();
            c.accept(b);
            return b.build().serialNumber();
        }).toList();
        // The unassigned device from page 2, and the assigned one the inventory lists (deactivated first).
        assertEquals(java.util.List.of("arn:aws:iam::123456789012:mfa/jane.doe", "arn:aws:iam::123456789012:mfa/jane.doe"), serials);
        ArgumentCaptor<Consumer<software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesRequest.Builder>> pages =
                ArgumentCaptor.forClass(Consumer.class);
        verify(iam, org.mockito.Mockito.times(2)).listVirtualMFADevices(pages.capture());
        var second = software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesRequest.builder();
        pages.getAllValues().get(1).accept(second);
        assertEquals("page-2", second.build().marker());
    }
}
