package com.iamonboarding.deprovisioning;

import static org.mockito.Mockito.never;

import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.UpdateSigningCertificateRequest;
import software.amazon.awssdk.services.iam.model.UpdateSshPublicKeyRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

@ExtendWith(MockitoExtension.class)
@SuppressWarnings("unchecked")
class DeprovisioningExecutorTest {

    @Mock
    IamClient iam;
    @Mock
    SecretsManagerClient secretsManager;
    @Mock
    S3Client s3;

    private DeprovisioningExecutor executor() {
        return new DeprovisioningExecutor(iam, secretsManager, s3, "qr-bucket", 30);
    }

    private static <B> B applied(Consumer<B> consumer, B builder) {
        consumer.accept(builder);
        return builder;
    }

    @Test
    void deactivationsSetTheCredentialInactiveForTheUser() {
        DeprovisioningExecutor executor = executor();

        assertTrue(executor.perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DEACTIVATE_ACCESS_KEY, "AKID1")));
        executor.perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DEACTIVATE_SIGNING_CERTIFICATE, "CERT1"));
        executor.perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DEACTIVATE_SSH_PUBLIC_KEY, "SSH1"));

        ArgumentCaptor<Consumer<UpdateAccessKeyRequest.Builder>> key = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).updateAccessKey(key.capture());
        UpdateAccessKeyRequest keyRequest = applied(key.getValue(), UpdateAccessKeyRequest.builder()).build();
        assertEquals("jane.doe", keyRequest.userName());
        assertEquals("AKID1", keyRequest.accessKeyId());
        assertEquals(StatusType.INACTIVE, keyRequest.status());
        ArgumentCaptor<Consumer<UpdateSigningCertificateRequest.Builder>> cert = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).updateSigningCertificate(cert.capture());
        assertEquals(StatusType.INACTIVE, applied(cert.getValue(), UpdateSigningCertificateRequest.builder()).build().status());
        ArgumentCaptor<Consumer<UpdateSshPublicKeyRequest.Builder>> ssh = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).updateSSHPublicKey(ssh.capture());
        UpdateSshPublicKeyRequest sshRequest = applied(ssh.getValue(), UpdateSshPublicKeyRequest.builder()).build();
        assertEquals("SSH1", sshRequest.sshPublicKeyId());
        assertEquals(StatusType.INACTIVE, sshRequest.status());
    }

    @Test
    void secretsAreScheduledForDeletionWithTheConfiguredWindowNeverForced() {
        executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_SECRET, "iam-onboarding/jane.doe/access-key"));

        ArgumentCaptor<Consumer<DeleteSecretRequest.Builder>> sent = ArgumentCaptor.forClass(Consumer.class);
        verify(secretsManager).deleteSecret(sent.capture());
        DeleteSecretRequest request = applied(sent.getValue(), DeleteSecretRequest.builder()).build();
        assertEquals("iam-onboarding/jane.doe/access-key", request.secretId());
        assertEquals(30L, request.recoveryWindowInDays());
        assertFalse(Boolean.TRUE.equals(request.forceDeleteWithoutRecovery()));
    }

    @Test
    void aQrCodeThatIsNotThereIsNotReportedAsRemoved() {
        when(s3.listObjectsV2(any(Consumer.class))).thenReturn(ListObjectsV2Response.builder()
                .contents(S3Object.builder().key("mfa/jane.doe/onb-1.png.old").build()).build());

        assertFalse(executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_QR_CODE, "mfa/jane.doe/onb-1.png")));
        verify(s3, never()).deleteObject(any(Consumer.class));
    }

    @Test
    void qrCodesAndVirtualDevicesAreDeletedByTheirIds() {
        when(s3.listObjectsV2(any(Consumer.class))).thenReturn(ListObjectsV2Response.builder()
                .contents(S3Object.builder().key("mfa/jane.doe/onb-1.png").build()).build());
        executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_QR_CODE, "mfa/jane.doe/onb-1.png"));
        executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_VIRTUAL_MFA_DEVICE, "arn:aws:iam::1:mfa/jane.doe"));

        ArgumentCaptor<Consumer<DeleteObjectRequest.Builder>> object = ArgumentCaptor.forClass(Consumer.class);
        verify(s3).deleteObject(object.capture());
        DeleteObjectRequest request = applied(object.getValue(), DeleteObjectRequest.builder()).build();
        assertEquals("qr-bucket", request.bucket());
        assertEquals("mfa/jane.doe/onb-1.png", request.key());
        ArgumentCaptor<Consumer<DeleteVirtualMfaDeviceRequest.Builder>> device = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).deleteVirtualMFADevice(device.capture());
        assertEquals("arn:aws:iam::1:mfa/jane.doe", applied(device.getValue(), DeleteVirtualMfaDeviceRequest.builder()).build().serialNumber());
    }

    @Test
    void somethingAlreadyGoneIsTheWantedEndState() {
        when(iam.deleteAccessKey(any(Consumer.class))).thenThrow(noSuchEntity());

        assertFalse(executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_ACCESS_KEY, "AKID1")));
    }

    @Test
    void aSecretAlreadyScheduledForDeletionIsDoneButAnyOtherInvalidRequestIsNot() {
        InvalidRequestException scheduled = (InvalidRequestException) InvalidRequestException.builder().statusCode(400)
                .message("marked for deletion").build();
        when(secretsManager.deleteSecret(any(Consumer.class))).thenThrow(scheduled);
        when(secretsManager.describeSecret(any(DescribeSecretRequest.class)))
                .thenReturn(DescribeSecretResponse.builder().deletedDate(Instant.parse("2025-01-01T00:00:00Z")).build())
                .thenReturn(DescribeSecretResponse.builder().build());
        DeprovisioningAction delete = DeprovisioningAction.of(DeprovisioningAction.DELETE_SECRET, "iam-onboarding/jane.doe/access-key");

        assertFalse(executor().perform("jane.doe", delete));
        assertSame(scheduled, assertThrows(InvalidRequestException.class, () -> executor().perform("jane.doe", delete)));
    }

    @Test
    void otherErrorsReachTheCallerUnchanged() {
        AwsServiceException throttled = throttling();
        when(iam.deleteUser(any(Consumer.class))).thenThrow(throttled);

        assertSame(throttled, assertThrows(AwsServiceException.class,
                () -> executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_USER, "jane.doe"))));
    }

    @Test
    void tagUserIsNotADeprovisioningCall() {
        assertThrows(IllegalArgumentException.class,
                () -> executor().perform("jane.doe", DeprovisioningAction.of(DeprovisioningAction.TAG_USER, "jane.doe")));
        verifyNoInteractions(iam, secretsManager, s3);
    }

    @Test
    void describeUsesTheRollbackReportWording() {
        assertEquals("IAM user jane.doe", DeprovisioningAction.of(DeprovisioningAction.DELETE_USER, "jane.doe").describe("b"));
        assertEquals("QR code s3://b/mfa/jane.doe/x.png", DeprovisioningAction.of(DeprovisioningAction.DELETE_QR_CODE, "mfa/jane.doe/x.png").describe("b"));
        assertEquals("membership of group g", DeprovisioningAction.of(DeprovisioningAction.REMOVE_USER_FROM_GROUP, "g").describe("b"));
    }
}
