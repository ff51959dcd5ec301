package com.iamonboarding.deprovisioning;

import static com.iamonboarding.testsupport.AwsExceptions.iamError;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

@ExtendWith(MockitoExtension.class)
@SuppressWarnings("unchecked")
class UserInventoryReaderTest {

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;
    @Mock
    S3Client s3;

    private UserInventoryReader reader() {
        return new UserInventoryReader(iam, secretsManager, s3, "qr-bucket");
    }

    private void emptyCredentialLists() {
        lenient().when(iam.listAccessKeys(any(Consumer.class))).thenReturn(ListAccessKeysResponse.builder()
                .accessKeyMetadata(AccessKeyMetadata.builder().accessKeyId("AKID1").status(StatusType.ACTIVE).build(),
                        AccessKeyMetadata.builder().accessKeyId("AKID2").status(StatusType.INACTIVE).build()).build());
        when(iam.listSigningCertificates(any(Consumer.class))).thenReturn(ListSigningCertificatesResponse.builder().build());
        when(iam.listSSHPublicKeys(any(Consumer.class))).thenReturn(ListSshPublicKeysResponse.builder().build());
        when(iam.listServiceSpecificCredentials(any(Consumer.class))).thenReturn(ListServiceSpecificCredentialsResponse.builder().build());
        when(iam.listMFADevices(any(Consumer.class))).thenReturn(ListMfaDevicesResponse.builder().build());
        when(iam.listUserPolicies(any(Consumer.class))).thenReturn(ListUserPoliciesResponse.builder().build());
        when(iam.listAttachedUserPolicies(any(Consumer.class))).thenReturn(ListAttachedUserPoliciesResponse.builder().build());
        when(iam.listGroupsForUser(any(Consumer.class))).thenReturn(ListGroupsForUserResponse.builder().build());
    }

    @Test
    void aMissingUserHasNoInventory() {
        when(iam.getUser(any(Consumer.class))).thenThrow(noSuchEntity());

        assertTrue(reader().read("jane.doe", true, Set.of()).isEmpty());
        verify(iam, never()).listAccessKeys(any(Consumer.class));
    }

    @Test
    void aUserTheRoleMayNotReadHasNoInventory() {
        // What IAM answers a role scoped to the path, for a missing name and for one outside the path.
        when(iam.getUser(any(Consumer.class))).thenThrow(iamError("AccessDenied", 403));

        assertTrue(reader().read("jane.doe", true, Set.of()).isEmpty());
        verify(iam, never()).listAccessKeys(any(Consumer.class));
    }

    @Test
    void readsTheUserItsTagsCredentialsAndLeftovers() {
        when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder().user(User.builder().userName("jane.doe")
                .path("/onboarded/").arn("arn:aws:iam::1:user/onboarded/jane.doe").build()).build());
        when(iam.listUserTags(any(Consumer.class))).thenReturn(ListUserTagsResponse.builder()
                .tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build()).build());
        when(iam.getLoginProfile(any(Consumer.class))).thenThrow(noSuchEntity());
        emptyCredentialLists();
        // Two pages of unassigned devices: only the user's own name and a serial the caller names count.
        when(iam.listVirtualMFADevices(any(Consumer.class)))
                .thenReturn(ListVirtualMfaDevicesResponse.builder().isTruncated(true).marker("m1").virtualMFADevices(
                        VirtualMFADevice.builder().serialNumber("arn:aws:iam::1:mfa/jane.doe").build(),
                        VirtualMFADevice.builder().serialNumber("arn:aws:iam::1:mfa/jane.doe2").build()).build())
                .thenReturn(ListVirtualMfaDevicesResponse.builder().isTruncated(false).virtualMFADevices(
                        VirtualMFADevice.builder().serialNumber("arn:aws:iam::1:mfa/phone-of-jane").build()).build());
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
                .thenReturn(DescribeSecretResponse.builder().name("iam-onboarding/jane.doe/console-password")
                        .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build()).build())
                .thenReturn(DescribeSecretResponse.builder().deletedDate(Instant.parse("2025-01-01T00:00:00Z"))
                        .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build()).build());
        when(s3.listObjectsV2(any(Consumer.class)))
                .thenReturn(ListObjectsV2Response.builder().isTruncated(true).nextContinuationToken("t1")
                        .contents(S3Object.builder().key("mfa/jane.doe/onb-1.png").build()).build())
                .thenReturn(ListObjectsV2Response.builder().isTruncated(false)
                        .contents(S3Object.builder().key("mfa/jane.doe/onb-2.png").build()).build());

        UserInventory user = reader().read("jane.doe", true, Set.of("arn:aws:iam::1:mfa/phone-of-jane")).orElseThrow();

        assertEquals("/onboarded/", user.path());
        assertEquals("iam-onboarding", user.tags().get("ManagedBy"));
        assertFalse(user.loginProfile());
        assertEquals(List.of(new UserInventory.Credential("AKID1", true), new UserInventory.Credential("AKID2", false)), user.accessKeys());
        assertEquals(List.of("arn:aws:iam::1:mfa/jane.doe", "arn:aws:iam::1:mfa/phone-of-jane"), user.unassignedVirtualMfaDevices());
        assertEquals(List.of("iam-onboarding/jane.doe/console-password"), user.secrets(), "a secret scheduled for deletion is not live");
        assertEquals(List.of("mfa/jane.doe/onb-1.png", "mfa/jane.doe/onb-2.png"), user.qrCodeKeys());
        ArgumentCaptor<Consumer<ListObjectsV2Request.Builder>> listed = ArgumentCaptor.forClass(Consumer.class);
        verify(s3, times(2)).listObjectsV2(listed.capture());
        List<ListObjectsV2Request> requests = new ArrayList<>();
        for (Consumer<ListObjectsV2Request.Builder> c : listed.getAllValues()) {
            ListObjectsV2Request.Builder b = ListObjectsV2Request.builder();
            c.accept(b);
            requests.add(b.build());
        }
        assertEquals("mfa/jane.doe/", requests.get(0).prefix(), "the trailing slash keeps jane.doe2's codes out");
        assertEquals("t1", requests.get(1).continuationToken());
    }

    @Test
    void secretsNotMadeByTheProjectAreNotListed() {
        when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder().user(User.builder().userName("jane.doe").build()).build());
        when(iam.listUserTags(any(Consumer.class))).thenReturn(ListUserTagsResponse.builder().build());
        when(iam.getLoginProfile(any(Consumer.class))).thenReturn(GetLoginProfileResponse.builder().build());
        emptyCredentialLists();
        when(iam.listVirtualMFADevices(any(Consumer.class))).thenReturn(ListVirtualMfaDevicesResponse.builder().build());
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
                .thenReturn(DescribeSecretResponse.builder().build())
                .thenThrow(ResourceNotFoundException.builder().statusCode(400).message("no").build());
        when(s3.listObjectsV2(any(Consumer.class))).thenReturn(ListObjectsV2Response.builder().build());

        UserInventory user = reader().read("jane.doe", true, Set.of()).orElseThrow();

        assertTrue(user.loginProfile());
        assertEquals(List.of(), user.secrets());
    }

    @Test
    void aStrictReadFailsOnTheFirstErrorWithTheStateMachinesErrorTypes() {
        when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder().user(User.builder().userName("jane.doe").build()).build());
        when(iam.listUserTags(any(Consumer.class))).thenThrow(throttling());

        assertThrows(RetryableStepException.class, () -> reader().read("jane.doe", false, Set.of()));

        when(iam.listUserTags(any(Consumer.class))).thenThrow(iamError("AccessDenied", 403));
        assertThrows(PermanentStepException.class, () -> reader().read("jane.doe", false, Set.of()));
    }

    @Test
    void aLenientReadRecordsAFailedListAndReadsTheRest() {
        emptyCredentialLists();
        when(iam.listAccessKeys(any(Consumer.class))).thenThrow(throttling());
        List<String> failed = new ArrayList<>();

        UserInventory user = reader().credentials("jane.doe", false, (what, e) -> failed.add(what));

        assertEquals(List.of("list access keys"), failed);
        assertEquals(List.of(), user.accessKeys());
        assertTrue(user.loginProfile(), "not probed: assumed present, deleting a missing one is harmless");
        verify(iam, never()).getLoginProfile(any(Consumer.class));
        verify(iam).listGroupsForUser(any(Consumer.class));
    }
}
