package com.iamonboarding.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.MfaResult;
import com.iamonboarding.testsupport.OwnUsers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.DeactivateMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.DeactivateMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

@ExtendWith(MockitoExtension.class)
class MfaEnrollmentServiceTest {

    static final String ONBOARDING_ID = "ob-1234";
    static final String USER = "jdoe";
    static final String ALIAS = "aws-example";
    static final String BUCKET = "qr-bucket";
    static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/abcd";
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/" + USER;
    static final String QR_KEY = "mfa/" + USER + "/" + ONBOARDING_ID + ".png";
    /** Base32 of the RFC 6238 seed "12345678901234567890", as IAM returns it: the Base32 text as bytes. */
    static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    /**
     * At T=1111111111 s the current step's code is RFC 6238's 14050471 and the previous step (T=1111111109 s)
     * gives 07081804: two consecutive codes from the RFC's own table, truncated to six digits.
     */
    static final Instant NOW = Instant.ofEpochSecond(1111111111L);
    static final String PREVIOUS_CODE = "081804";
    static final String CURRENT_CODE = "050471";

    @Mock
    IamClient iam;
    @Mock
    S3Client s3;
    @Captor
    ArgumentCaptor<CreateVirtualMfaDeviceRequest> createRequest;
    @Captor
    ArgumentCaptor<PutObjectRequest> putRequest;
    @Captor
    ArgumentCaptor<RequestBody> putBody;
    @Captor
    ArgumentCaptor<EnableMfaDeviceRequest> enableRequest;

    MfaEnrollmentService service;

    @BeforeEach
    void setUp() {
        service = newService(iam, s3);
    }

    static MfaEnrollmentService newService(IamClient iam, S3Client s3) {
        OwnUsers.madeBy(iam, ONBOARDING_ID, USER);
        return new MfaEnrollmentService(iam, s3, new QrCodeRenderer(), Clock.fixed(NOW, ZoneOffset.UTC),
                BUCKET, KMS_KEY, ALIAS, OwnUsers.check(iam));
    }

    @SuppressWarnings("unchecked")
    void qrCodeListed(String... keys) {
        when(s3.listObjectsV2(any(Consumer.class))).thenReturn(ListObjectsV2Response.builder()
                .contents(java.util.Arrays.stream(keys).map(k -> S3Object.builder().key(k).build()).toList()).build());
    }

    @Test
    void createsTheDeviceStoresTheQrCodeAndEnablesItWithTwoConsecutiveCodes() throws IOException {
        noUserDevices();
        createReturnsNewDevice();
        putSucceeds();
        enableSucceeds();

        MfaResult result = service.enroll(ONBOARDING_ID, USER);

        assertEquals(SERIAL, result.serialNumber);
        assertEquals(BUCKET, result.qrCodeBucket);
        assertEquals(QR_KEY, result.qrCodeS3Key);

        verify(iam).createVirtualMFADevice(createRequest.capture());
        assertEquals(USER, createRequest.getValue().virtualMFADeviceName());
        assertEquals(Map.of("OnboardingId", ONBOARDING_ID, "ManagedBy", "iam-onboarding"),
                createRequest.getValue().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));

        verify(s3).putObject(putRequest.capture(), putBody.capture());
        PutObjectRequest put = putRequest.getValue();
        assertEquals(BUCKET, put.bucket());
        assertEquals(QR_KEY, put.key());
        assertEquals("image/png", put.contentType());
        assertEquals(ServerSideEncryption.AWS_KMS, put.serverSideEncryption());
        assertEquals(KMS_KEY, put.ssekmsKeyId());
        assertEquals("OnboardingId=" + ONBOARDING_ID + "&ManagedBy=iam-onboarding", put.tagging());
        assertEquals("otpauth://totp/Amazon%20Web%20Services:jdoe@aws-example?secret=" + SEED
                + "&issuer=Amazon%20Web%20Services", QrCodes.decode(bytes(putBody.getValue())));

        verify(iam).enableMFADevice(enableRequest.capture());
        EnableMfaDeviceRequest enable = enableRequest.getValue();
        assertEquals(USER, enable.userName());
        assertEquals(SERIAL, enable.serialNumber());
        assertEquals(PREVIOUS_CODE, enable.authenticationCode1());
        assertEquals(CURRENT_CODE, enable.authenticationCode2());

        InOrder order = inOrder(iam, s3);
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        order.verify(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        order.verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void acceptsAPaddedLowerCaseSeedAndStillWritesCanonicalBase32() throws IOException {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(
                CreateVirtualMfaDeviceResponse.builder().virtualMFADevice(VirtualMFADevice.builder()
                        .serialNumber(SERIAL).base32StringSeed(SdkBytes.fromUtf8String(SEED.toLowerCase() + "=="))
                        .build()).build());
        putSucceeds();
        enableSucceeds();

        service.enroll(ONBOARDING_ID, USER);

        verify(s3).putObject(any(PutObjectRequest.class), putBody.capture());
        assertEquals(SEED, OtpAuthUri.parse(QrCodes.decode(bytes(putBody.getValue()))).secret());
        verify(iam).enableMFADevice(enableRequest.capture());
        assertEquals(CURRENT_CODE, enableRequest.getValue().authenticationCode2());
    }

    @Test
    void aDeviceAlreadyEnabledForTheUserWithItsQrCodeStoredIsANoOp() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber(SERIAL).enableDate(NOW).build())
                .isTruncated(false).build());
        createSaysAlreadyExists();
        listVirtualDevicesReturns(enabledDevice(USER));
        qrCodeListed(QR_KEY);

        MfaResult result = service.enroll(ONBOARDING_ID, USER);

        assertEquals(SERIAL, result.serialNumber);
        assertEquals(QR_KEY, result.qrCodeS3Key);
        ArgumentCaptor<Consumer<ListObjectsV2Request.Builder>> listing = ArgumentCaptor.forClass(Consumer.class);
        verify(s3).listObjectsV2(listing.capture());
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder();
        listing.getValue().accept(request);
        assertEquals(BUCKET, request.build().bucket());
        assertEquals(QR_KEY, request.build().prefix());
        verify(s3, never()).headObject(any(HeadObjectRequest.class));
        verify(iam, times(1)).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam, never()).deactivateMFADevice(any(DeactivateMfaDeviceRequest.class));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void aDeviceThatWasNeverEnabledIsDeletedAndMadeAgain() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenReturn(newDevice());
        listVirtualDevicesReturns(VirtualMFADevice.builder().serialNumber(SERIAL).build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        putSucceeds();
        enableSucceeds();

        MfaResult result = service.enroll(ONBOARDING_ID, USER);

        assertEquals(SERIAL, result.serialNumber);
        ArgumentCaptor<DeleteVirtualMfaDeviceRequest> delete = ArgumentCaptor.forClass(DeleteVirtualMfaDeviceRequest.class);
        verify(iam).deleteVirtualMFADevice(delete.capture());
        assertEquals(SERIAL, delete.getValue().serialNumber());
        verify(iam, never()).deactivateMFADevice(any(DeactivateMfaDeviceRequest.class));
        verify(s3, never()).listObjectsV2(any(Consumer.class));
        verify(iam, times(2)).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void anEnabledDeviceWhoseQrCodeIsLostIsDeactivatedDeletedAndMadeAgain() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber(SERIAL).enableDate(NOW).build())
                .isTruncated(false).build());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenReturn(newDevice());
        listVirtualDevicesReturns(enabledDevice(USER));
        qrCodeListed();
        when(iam.deactivateMFADevice(any(DeactivateMfaDeviceRequest.class)))
                .thenReturn(DeactivateMfaDeviceResponse.builder().build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        putSucceeds();
        enableSucceeds();

        service.enroll(ONBOARDING_ID, USER);

        ArgumentCaptor<DeactivateMfaDeviceRequest> deactivate = ArgumentCaptor.forClass(DeactivateMfaDeviceRequest.class);
        InOrder order = inOrder(iam, s3);
        order.verify(iam).deactivateMFADevice(deactivate.capture());
        order.verify(iam).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        order.verify(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        order.verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
        assertEquals(USER, deactivate.getValue().userName());
        assertEquals(SERIAL, deactivate.getValue().serialNumber());
    }

    @Test
    void aListingWithOnlyOtherKeysUnderThePrefixMeansTheQrCodeIsLost() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenReturn(newDevice());
        listVirtualDevicesReturns(enabledDevice(USER));
        qrCodeListed(QR_KEY + ".partial");
        when(iam.deactivateMFADevice(any(DeactivateMfaDeviceRequest.class)))
                .thenReturn(DeactivateMfaDeviceResponse.builder().build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        putSucceeds();
        enableSucceeds();

        assertEquals(SERIAL, service.enroll(ONBOARDING_ID, USER).serialNumber);
        verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void findsTheLeftoverDeviceOnALaterPageOfTheListing() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenReturn(newDevice());
        when(iam.listVirtualMFADevices(any(ListVirtualMfaDevicesRequest.class)))
                .thenReturn(ListVirtualMfaDevicesResponse.builder()
                        .virtualMFADevices(VirtualMFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/other").build(),
                                // Same suffix as a longer name: must not match.
                                VirtualMFADevice.builder().serialNumber("arn:aws:iam::123456789012:mfa/xjdoe").build())
                        .isTruncated(true).marker("page-2").build())
                .thenReturn(ListVirtualMfaDevicesResponse.builder()
                        .virtualMFADevices(VirtualMFADevice.builder().serialNumber(SERIAL).build())
                        .isTruncated(false).build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        putSucceeds();
        enableSucceeds();

        service.enroll(ONBOARDING_ID, USER);

        ArgumentCaptor<ListVirtualMfaDevicesRequest> list = ArgumentCaptor.forClass(ListVirtualMfaDevicesRequest.class);
        verify(iam, times(2)).listVirtualMFADevices(list.capture());
        assertEquals("Any", list.getAllValues().get(0).assignmentStatusAsString());
        assertEquals(null, list.getAllValues().get(0).marker());
        assertEquals("page-2", list.getAllValues().get(1).marker());
        ArgumentCaptor<DeleteVirtualMfaDeviceRequest> delete = ArgumentCaptor.forClass(DeleteVirtualMfaDeviceRequest.class);
        verify(iam).deleteVirtualMFADevice(delete.capture());
        assertEquals(SERIAL, delete.getValue().serialNumber());
    }

    @Test
    void deviceAlreadyGoneOrAlreadyDeactivatedDuringReplacementIsFine() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenReturn(newDevice());
        listVirtualDevicesReturns(enabledDevice(USER));
        qrCodeListed();
        when(iam.deactivateMFADevice(any(DeactivateMfaDeviceRequest.class))).thenThrow(noSuchEntity());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class))).thenThrow(noSuchEntity());
        putSucceeds();
        enableSucceeds();

        assertEquals(SERIAL, service.enroll(ONBOARDING_ID, USER).serialNumber);
        verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void aDeleteConflictRightAfterDeactivationIsRetryable() {
        noUserDevices();
        createSaysAlreadyExists();
        listVirtualDevicesReturns(enabledDevice(USER));
        qrCodeListed();
        when(iam.deactivateMFADevice(any(DeactivateMfaDeviceRequest.class)))
                .thenReturn(DeactivateMfaDeviceResponse.builder().build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenThrow(error(DeleteConflictException.builder(), "DeleteConflict", 409));

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("DeleteConflict"));
        verify(iam, times(1)).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
    }

    @Test
    void aDeviceWithTheUsersNameAssignedToAnotherUserIsNeverTouched() {
        noUserDevices();
        createSaysAlreadyExists();
        listVirtualDevicesReturns(enabledDevice("someone-else"));

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains(SERIAL));
        verify(iam, never()).deactivateMFADevice(any(DeactivateMfaDeviceRequest.class));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
        verifyNoInteractions(s3);
    }

    @Test
    void aUserWithAnotherEnabledMfaDeviceFailsBeforeAnythingIsCreated() {
        String hardwareToken = "GAHT12345678";
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber(hardwareToken).enableDate(NOW).build())
                .isTruncated(false).build());

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains(hardwareToken));
        ArgumentCaptor<ListMfaDevicesRequest> list = ArgumentCaptor.forClass(ListMfaDevicesRequest.class);
        verify(iam).listMFADevices(list.capture());
        assertEquals(USER, list.getValue().userName());
        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verifyNoInteractions(s3);
    }

    @Test
    void anotherDeviceOnALaterPageOfTheUsersDevicesIsFoundToo() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class)))
                .thenReturn(ListMfaDevicesResponse.builder()
                        .mfaDevices(MFADevice.builder().userName(USER).serialNumber(SERIAL).enableDate(NOW).build())
                        .isTruncated(true).marker("m2").build())
                .thenReturn(ListMfaDevicesResponse.builder()
                        .mfaDevices(MFADevice.builder().userName(USER)
                                .serialNumber("arn:aws:iam::123456789012:mfa/jdoe-phone").enableDate(NOW).build())
                        .isTruncated(false).build());

        assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
    }

    @Test
    void alreadyExistsButNotListedYetIsRetryable() {
        noUserDevices();
        createSaysAlreadyExists();
        when(iam.listVirtualMFADevices(any(ListVirtualMfaDevicesRequest.class)))
                .thenReturn(ListVirtualMfaDevicesResponse.builder().isTruncated(false).build());

        assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verifyNoInteractions(s3);
    }

    @Test
    void alreadyExistsAgainAfterTheReplacementIsRetryable() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(alreadyExists())
                .thenThrow(alreadyExists());
        listVirtualDevicesReturns(VirtualMFADevice.builder().serialNumber(SERIAL).build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());

        assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void throttlingOnCreateIsRetryable() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(error(IamException.builder(), "Throttling", 400));

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("iam:CreateVirtualMFADevice"));
        assertTrue(e.getMessage().contains("Throttling"));
    }

    @Test
    void theDeviceLimitIsPermanent() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(error(LimitExceededException.builder(), "LimitExceeded", 409));

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("LimitExceeded"));
        verifyNoInteractions(s3);
    }

    @Test
    void aUserNotVisibleYetIsRetryable() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenThrow(noSuchEntity());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("NoSuchEntity"));
    }

    @Test
    void aTimeoutListingDevicesIsRetryable() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class)))
                .thenThrow(ApiCallTimeoutException.builder().message("timed out").build());

        assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
    }

    @Test
    void noSuchEntityOnEnableRightAfterCreatingIsRetryable() {
        noUserDevices();
        createReturnsNewDevice();
        putSucceeds();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(noSuchEntity());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void rejectedCodesAreRetryableAndNotQuoted() {
        noUserDevices();
        createReturnsNewDevice();
        putSucceeds();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(error(
                InvalidAuthenticationCodeException.builder(), "InvalidAuthenticationCode", 403));

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("InvalidAuthenticationCode"));
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void accessDeniedOnEnableIsPermanent() {
        noUserDevices();
        createReturnsNewDevice();
        putSucceeds();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class)))
                .thenThrow(error(IamException.builder(), "AccessDenied", 403));

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void theDeviceIsNotEnabledWhenTheQrCodeCannotBeStored() {
        noUserDevices();
        createReturnsNewDevice();
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenThrow(error(S3Exception.builder(), "AccessDenied", 403));

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        assertTrue(e.getMessage().contains("s3:PutObject " + BUCKET + "/" + QR_KEY));
        assertNoSecretIn(e.getMessage());
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void anS3OutageStoringTheQrCodeIsRetryable() {
        noUserDevices();
        createReturnsNewDevice();
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenThrow(error(S3Exception.builder(), "ServiceUnavailable", 503));

        assertThrows(RetryableStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void aListingAccessDeniedIsPermanentNotALostQrCode() {
        noUserDevices();
        createSaysAlreadyExists();
        listVirtualDevicesReturns(enabledDevice(USER));
        when(s3.listObjectsV2(any(Consumer.class))).thenThrow(error(S3Exception.builder(), "AccessDenied", 403));

        assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
    }

    @Test
    void aDeviceWithoutASeedIsPermanent() {
        noUserDevices();
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(
                CreateVirtualMfaDeviceResponse.builder().virtualMFADevice(
                        VirtualMFADevice.builder().serialNumber(SERIAL).build()).build());

        assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));
        verifyNoInteractions(s3);
    }

    @Test
    void recognisesOnlyTheDeviceNamedExactlyAfterTheUser() {
        assertTrue(ProjectMfaDevices.isNamedFor(SERIAL, USER));
        assertFalse(ProjectMfaDevices.isNamedFor("arn:aws:iam::123456789012:mfa/xjdoe", USER));
        assertFalse(ProjectMfaDevices.isNamedFor("arn:aws:iam::123456789012:mfa/jdoe2", USER));
        assertFalse(ProjectMfaDevices.isNamedFor("GAHT12345678", USER));
        assertFalse(ProjectMfaDevices.isNamedFor(null, USER));
    }

    // --- fixtures -------------------------------------------------------------------------------

    static void assertNoSecretIn(String text) {
        assertFalse(text.contains(SEED), "seed leaked");
        assertFalse(text.contains(PREVIOUS_CODE), "code leaked");
        assertFalse(text.contains(CURRENT_CODE), "code leaked");
    }

    void noUserDevices() {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class)))
                .thenReturn(ListMfaDevicesResponse.builder().mfaDevices(List.of()).isTruncated(false).build());
    }

    void createReturnsNewDevice() {
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(newDevice());
    }

    void createSaysAlreadyExists() {
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenThrow(alreadyExists());
    }

    void listVirtualDevicesReturns(VirtualMFADevice device) {
        when(iam.listVirtualMFADevices(any(ListVirtualMfaDevicesRequest.class))).thenReturn(
                ListVirtualMfaDevicesResponse.builder().virtualMFADevices(device).isTruncated(false).build());
    }

    void putSucceeds() {
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().build());
    }

    void enableSucceeds() {
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenReturn(EnableMfaDeviceResponse.builder().build());
    }

    static CreateVirtualMfaDeviceResponse newDevice() {
        return CreateVirtualMfaDeviceResponse.builder().virtualMFADevice(VirtualMFADevice.builder()
                .serialNumber(SERIAL)
                .base32StringSeed(SdkBytes.fromUtf8String(SEED))
                .build()).build();
    }

    static VirtualMFADevice enabledDevice(String userName) {
        return VirtualMFADevice.builder()
                .serialNumber(SERIAL)
                .enableDate(NOW)
                .user(User.builder().userName(userName).userId("AIDA" + userName).path("/onboarded/")
                        .arn("arn:aws:iam::123456789012:user/onboarded/" + userName).createDate(NOW).build())
                .build();
    }

    static EntityAlreadyExistsException alreadyExists() {
        return error(EntityAlreadyExistsException.builder(), "EntityAlreadyExists", 409);
    }

    static NoSuchEntityException noSuchEntity() {
        return error(NoSuchEntityException.builder(), "NoSuchEntity", 404);
    }

    @SuppressWarnings("unchecked")
    static <E extends AwsServiceException> E error(AwsServiceException.Builder builder, String code, int status) {
        return (E) builder.message(code + " (test)").statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .build();
    }

    static byte[] bytes(RequestBody body) throws IOException {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aUserOfAnotherOnboardingGetsNoDevice() {
        OwnUsers.madeBy(iam, "onb-someone-else", USER);

        assertThrows(PermanentStepException.class, () -> service.enroll(ONBOARDING_ID, USER));

        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
        verifyNoInteractions(s3);
    }
}
