package com.iamonboarding.enrolment;

import static com.iamonboarding.enrolment.Fixtures.ONBOARDING_ID;
import static com.iamonboarding.enrolment.Fixtures.SERIAL;
import static com.iamonboarding.enrolment.Fixtures.TABLE;
import static com.iamonboarding.enrolment.Fixtures.TASK_TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN_HASH;
import static com.iamonboarding.enrolment.Fixtures.USER;
import static com.iamonboarding.enrolment.Fixtures.conditionFailed;
import static com.iamonboarding.enrolment.Fixtures.invitationItem;
import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.enrolment.EnrolmentService.EnrolmentRefused;
import com.iamonboarding.mfa.QrCodeRenderer;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.testsupport.AwsExceptions;
import com.iamonboarding.testsupport.OwnUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileResponse;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.UpdateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.UpdateLoginProfileResponse;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

@ExtendWith(MockitoExtension.class)
class EnrolmentServiceTest {

    static final Instant NOW = Instant.parse("2026-06-02T10:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofHours(72));
    static final String ALIAS = "example-corp";
    /** The RFC 6238 seed "12345678901234567890" in Base32, as IAM returns it (the Base32 text as bytes). */
    static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final String CODE1 = "081804";
    static final String CODE2 = "050471";
    /** Meets the test account's policy: 14+ characters, upper, lower, digit, symbol ('-'). */
    static final String PASSWORD = "Correct-Horse-Battery-9";
    static final String STATUS_TABLE = "iam-onboarding-status";

    @Mock
    DynamoDbClient invitationsDb;
    @Mock
    DynamoDbClient statusDb;

    IamClient iam;
    SfnClient sfn;
    EnrolmentService service;

    @BeforeEach
    void setUp() {
        iam = SdkMocks.client(IamClient.class);
        sfn = SdkMocks.client(SfnClient.class);
        service = serviceOver(invitationsDb, statusDb, iam, sfn);
    }

    /** A real service over these mocked clients, at {@link #NOW}, for the onboarding's own user. */
    static EnrolmentService serviceOver(DynamoDbClient invitationsDb, DynamoDbClient statusDb, IamClient iam, SfnClient sfn) {
        OwnUsers.madeBy(iam, ONBOARDING_ID, USER);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new EnrolmentService(new InvitationStore(invitationsDb, TABLE, clock), iam, sfn, OwnUsers.check(iam),
                new StatusTable(statusDb, STATUS_TABLE, clock, Log.forFunction("test")), new QrCodeRenderer(), ALIAS);
    }

    // --- helpers ---

    private void invitationIs(Map<String, AttributeValue> item) {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(item).build());
    }

    private void activeInvitation(String serial, int starts) {
        invitationIs(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 0, starts, serial));
    }

    private void invitationUpdatesSucceed() {
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
    }

    private List<UpdateItemRequest> invitationUpdates(int expected) {
        ArgumentCaptor<UpdateItemRequest> updates = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(invitationsDb, times(expected)).updateItem(updates.capture());
        return updates.getAllValues();
    }

    private static String endedAs(UpdateItemRequest update) {
        assertEquals("SET #status = :ended", update.updateExpression());
        assertTrue(update.conditionExpression().contains("#status = :active"), update.conditionExpression());
        assertEquals(TOKEN_HASH, update.key().get("tokenHash").s());
        return update.expressionAttributeValues().get(":ended").s();
    }

    private static EnrolmentRefused refused(int status, String code, Executable call) {
        EnrolmentRefused refused = assertThrows(EnrolmentRefused.class, call);
        assertEquals(status, refused.status(), refused.getMessage());
        assertEquals(code, refused.code());
        return refused;
    }

    private static CreateVirtualMfaDeviceResponse newDevice() {
        return CreateVirtualMfaDeviceResponse.builder().virtualMFADevice(VirtualMFADevice.builder().serialNumber(SERIAL)
                .base32StringSeed(SdkBytes.fromUtf8String(SEED)).build()).build();
    }

    private void accountPolicy() {
        when(iam.getAccountPasswordPolicy(any(GetAccountPasswordPolicyRequest.class))).thenReturn(GetAccountPasswordPolicyResponse.builder()
                .passwordPolicy(software.amazon.awssdk.services.iam.model.PasswordPolicy.builder().minimumPasswordLength(14)
                        .requireUppercaseCharacters(true).requireLowercaseCharacters(true).requireNumbers(true).requireSymbols(true)
                        .build()).build());
    }

    private void enableSucceeds() {
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenReturn(EnableMfaDeviceResponse.builder().build());
    }

    private void loginProfileCreated() {
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenReturn(CreateLoginProfileResponse.builder().build());
    }

    private void workflowResumes() {
        when(sfn.sendTaskSuccess(any(SendTaskSuccessRequest.class))).thenReturn(SendTaskSuccessResponse.builder().build());
    }

    private List<UpdateItemRequest> statusUpdates() {
        ArgumentCaptor<UpdateItemRequest> updates = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(statusDb).updateItem(updates.capture());
        return updates.getAllValues();
    }

    // ======================= start =======================

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "too-short", "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2o=", "vQx7+LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL/mN2o"})
    void startWithAMalformedTokenIsRefusedWithoutAnyLookup(String token) {
        refused(400, "InvalidToken", () -> service.start(token));

        verifyNoInteractions(invitationsDb, statusDb, iam, sfn);
    }

    @Test
    void startWithAnUnknownTokenIsNotFoundAndLooksUpOnlyTheHash() {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        refused(404, "InvitationNotFound", () -> service.start(TOKEN));

        ArgumentCaptor<GetItemRequest> get = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(invitationsDb).getItem(get.capture());
        assertEquals(Map.of("tokenHash", AttributeValue.fromS(TOKEN_HASH)), get.getValue().key());
        assertTrue(get.getValue().consistentRead());
        verifyNoInteractions(iam, sfn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USED", "VOID"})
    void aUsedOrVoidInvitationGetsTheSameAnswerAsAnUnknownOne(String status) {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());
        EnrolmentRefused unknown = refused(404, "InvitationNotFound", () -> service.start(TOKEN));
        invitationIs(invitationItem(TOKEN_HASH, status, EXPIRES, 0, 1, SERIAL));

        EnrolmentRefused ended = refused(404, "InvitationNotFound", () -> service.start(TOKEN));

        assertEquals(unknown.getMessage(), ended.getMessage());
        assertEquals(unknown.details(), ended.details());
        verifyNoInteractions(iam, sfn);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 86_400})
    void anInvitationAtOrPastItsExpiryIsGone(long secondsAgo) {
        invitationIs(invitationItem(TOKEN_HASH, "ACTIVE", NOW.minusSeconds(secondsAgo), 0, 0, null));

        refused(410, "InvitationExpired", () -> service.start(TOKEN));

        verifyNoInteractions(iam, sfn);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void theTenthVisitWasTheLastAndTheEleventhVoidsTheInvitation() {
        activeInvitation(SERIAL, 10);
        invitationUpdatesSucceed();

        refused(429, "TooManyAttempts", () -> service.start(TOKEN));

        assertEquals("VOID", endedAs(invitationUpdates(1).get(0)));
        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
    }

    @Test
    void startCreatesATaggedDeviceRecordsItsSerialAndAnswersTheQrCodeAndTheSecret() throws Exception {
        activeInvitation(null, 0);
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class))).thenThrow(AwsExceptions.noSuchEntity());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(newDevice());
        invitationUpdatesSucceed();
        AtomicReference<EnrolmentService.Enrolment> answer = new AtomicReference<>();

        String printed = capturingStdout(() -> answer.set(service.start(TOKEN)));

        ArgumentCaptor<CreateVirtualMfaDeviceRequest> create = ArgumentCaptor.forClass(CreateVirtualMfaDeviceRequest.class);
        verify(iam).createVirtualMFADevice(create.capture());
        assertEquals(USER, create.getValue().virtualMFADeviceName());
        assertEquals(Map.of("ManagedBy", "iam-onboarding", "OnboardingId", ONBOARDING_ID),
                create.getValue().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));

        UpdateItemRequest recorded = invitationUpdates(1).get(0);
        assertEquals(TOKEN_HASH, recorded.key().get("tokenHash").s());
        assertEquals(SERIAL, recorded.expressionAttributeValues().get(":serial").s());
        assertTrue(recorded.updateExpression().contains("ADD #starts :one"), recorded.updateExpression());
        assertTrue(recorded.conditionExpression().contains("#starts < :maxStarts"), recorded.conditionExpression());

        EnrolmentService.Enrolment enrolment = answer.get();
        assertEquals(USER, enrolment.userName());
        assertEquals(SEED, enrolment.secret());
        assertEquals(EXPIRES, enrolment.expiresAt());
        assertEquals("otpauth://totp/Amazon%20Web%20Services:jane.doe@example-corp?secret=" + SEED
                + "&issuer=Amazon%20Web%20Services", QrPng.decodeBase64Png(enrolment.qrCodePng()));

        assertTrue(printed.contains("enrolment started"), printed);
        assertFalse(printed.contains(SEED), "the seed must never be logged");
        assertFalse(printed.contains(TOKEN), "the token must never be logged");
        assertFalse(printed.contains(enrolment.qrCodePng()), "the QR code must never be logged");
    }

    @Test
    void aLeftoverDeviceNamedAfterTheUserIsReplacedWhenIamSaysItExists() {
        activeInvitation(null, 0);
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenThrow(AwsExceptions.entityAlreadyExists()).thenReturn(newDevice());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        invitationUpdatesSucceed();

        assertEquals(SEED, service.start(TOKEN).secret());

        // The user's ARN is arn:aws:iam::123456789012:user/onboarded/jane.doe: the device's ARN has no path.
        ArgumentCaptor<DeleteVirtualMfaDeviceRequest> delete = ArgumentCaptor.forClass(DeleteVirtualMfaDeviceRequest.class);
        InOrder order = inOrder(iam);
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        order.verify(iam).deleteVirtualMFADevice(delete.capture());
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        assertEquals("arn:aws:iam::123456789012:mfa/jane.doe", delete.getValue().serialNumber());
    }

    @Test
    void noDeviceIsDeletedBlindly() {
        // Deleting a device that does not exist is an AccessDenied under a ResourceTag condition, in AWS too.
        activeInvitation(null, 0);
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(newDevice());
        invitationUpdatesSucceed();

        service.start(TOKEN);

        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
    }

    @Test
    void startDeletesTheUnenabledDeviceAnEarlierVisitMadeBeforeMakingANewOne() {
        String earlier = "arn:aws:iam::123456789012:mfa/jane.doe-earlier-visit";
        activeInvitation(earlier, 1);
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder().build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class)))
                .thenReturn(DeleteVirtualMfaDeviceResponse.builder().build());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(newDevice());
        invitationUpdatesSucceed();

        service.start(TOKEN);

        ArgumentCaptor<DeleteVirtualMfaDeviceRequest> deletes = ArgumentCaptor.forClass(DeleteVirtualMfaDeviceRequest.class);
        InOrder order = inOrder(iam);
        order.verify(iam).deleteVirtualMFADevice(deletes.capture());
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        assertEquals(List.of(earlier), deletes.getAllValues().stream().map(DeleteVirtualMfaDeviceRequest::serialNumber).toList());
        assertEquals(SERIAL, invitationUpdates(1).get(0).expressionAttributeValues().get(":serial").s());
    }

    @Test
    void aDeviceTheHireEnabledAlreadyIsKeptAndThePageAsksOnlyForCodesAndThePassword() {
        // IAM accepted the codes, then refused the password; the hire reloads the page.
        activeInvitation(SERIAL, 1);
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber(SERIAL).enableDate(NOW).build()).build());

        EnrolmentService.Enrolment enrolment = service.start(TOKEN);

        assertTrue(enrolment.deviceRegistered());
        assertEquals(null, enrolment.secret(), "no key: the device has it already");
        assertEquals(null, enrolment.qrCodePng());
        ArgumentCaptor<ListMfaDevicesRequest> list = ArgumentCaptor.forClass(ListMfaDevicesRequest.class);
        verify(iam).listMFADevices(list.capture());
        assertEquals(USER, list.getValue().userName());
        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
    }

    @Test
    void whenTheInvitationEndedMeanwhileTheNewDeviceIsDeletedAndTheLinkIsRefused() {
        activeInvitation(null, 0);
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class))).thenThrow(AwsExceptions.noSuchEntity());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(newDevice());
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());

        refused(404, "InvitationNotFound", () -> service.start(TOKEN));

        InOrder order = inOrder(iam);
        order.verify(iam).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        order.verify(iam).deleteVirtualMFADevice(argThat((DeleteVirtualMfaDeviceRequest d) -> SERIAL.equals(d.serialNumber())));
    }

    @Test
    void aThrottledCreateIsRetryableAndRecordsNoDevice() {
        activeInvitation(null, 0);
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class))).thenThrow(AwsExceptions.noSuchEntity());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenThrow(AwsExceptions.throttling());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> service.start(TOKEN));

        assertFalse(e.getMessage().contains(TOKEN));
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void startForAUserOfAnotherOnboardingMakesNoDevice() {
        OwnUsers.madeBy(iam, "onb-someone-else", USER);
        activeInvitation(null, 0);

        assertThrows(PermanentStepException.class, () -> service.start(TOKEN));

        verify(iam, never()).createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class));
        verify(iam, never()).deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class));
    }

    // ======================= complete =======================

    @ParameterizedTest
    @CsvSource(value = {
            "12345, 050471",
            "081804, 5047",
            "0818045, 050471",
            "abcdef, 050471",
            "081 80, 050471",
            "'081804 ', 050471",
            "NULL, 050471",
            "081804, NULL"}, nullValues = "NULL")
    void codesThatAreNotTwoSixDigitNumbersAreRefusedWithoutAnIamCall(String code1, String code2) {
        activeInvitation(SERIAL, 1);

        refused(400, "InvalidCodes", () -> service.complete(TOKEN, code1, code2, PASSWORD));

        verifyNoInteractions(iam, sfn, statusDb);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void fullWidthDigitsAreNotCodes() {
        activeInvitation(SERIAL, 1);

        refused(400, "InvalidCodes", () -> service.complete(TOKEN, "\uFF10\uFF18\uFF11\uFF18\uFF10\uFF14", CODE2, PASSWORD));

        verifyNoInteractions(iam, sfn);
    }

    @Test
    void completeBeforeAnyVisitAsksToScanTheQrCodeFirst() {
        activeInvitation(null, 0);

        refused(409, "EnrolmentNotStarted", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verifyNoInteractions(iam, sfn);
    }

    @Test
    void completeWithAMalformedTokenLooksNothingUp() {
        refused(400, "InvalidToken", () -> service.complete("not-a-token", CODE1, CODE2, PASSWORD));

        verifyNoInteractions(invitationsDb, iam, sfn, statusDb);
    }

    @Test
    void anExpiredInvitationCannotBeCompleted() {
        invitationIs(invitationItem(TOKEN_HASH, "ACTIVE", NOW, 0, 1, SERIAL));

        refused(410, "InvitationExpired", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verifyNoInteractions(iam, sfn);
    }

    @Test
    void completeEnablesTheDeviceSetsThePasswordResumesTheWorkflowAndUsesTheInvitation() throws Exception {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        loginProfileCreated();
        workflowResumes();
        invitationUpdatesSucceed();
        AtomicReference<Map<String, Object>> answer = new AtomicReference<>();

        String printed = capturingStdout(() -> answer.set(service.complete(TOKEN, CODE1, CODE2, PASSWORD)));

        assertEquals(Map.of("status", "ENROLLED", "userName", USER), answer.get());

        ArgumentCaptor<EnableMfaDeviceRequest> enable = ArgumentCaptor.forClass(EnableMfaDeviceRequest.class);
        verify(iam).enableMFADevice(enable.capture());
        assertEquals(USER, enable.getValue().userName());
        assertEquals(SERIAL, enable.getValue().serialNumber());
        assertEquals(CODE1, enable.getValue().authenticationCode1());
        assertEquals(CODE2, enable.getValue().authenticationCode2());

        ArgumentCaptor<CreateLoginProfileRequest> profile = ArgumentCaptor.forClass(CreateLoginProfileRequest.class);
        verify(iam).createLoginProfile(profile.capture());
        assertEquals(USER, profile.getValue().userName());
        assertEquals(PASSWORD, profile.getValue().password());
        assertEquals(Boolean.FALSE, profile.getValue().passwordResetRequired());
        verify(iam, never()).updateLoginProfile(any(UpdateLoginProfileRequest.class));

        ArgumentCaptor<SendTaskSuccessRequest> success = ArgumentCaptor.forClass(SendTaskSuccessRequest.class);
        verify(sfn).sendTaskSuccess(success.capture());
        assertEquals(TASK_TOKEN, success.getValue().taskToken());
        String output = success.getValue().output();
        JsonNode json = Json.MAPPER.readTree(output);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("invitationId", "mfaSerial", "enrolledAt"), fields);
        assertEquals("inv-" + TOKEN_HASH.substring(0, 8), json.get("invitationId").asText());
        assertEquals(SERIAL, json.get("mfaSerial").asText());
        assertEquals("2026-06-02T10:00:00Z", json.get("enrolledAt").asText());
        for (String secret : List.of(PASSWORD, TOKEN, TOKEN_HASH, SEED, CODE1, CODE2, TASK_TOKEN)) {
            assertFalse(output.contains(secret), "the workflow's output must hold identifiers only");
        }

        assertEquals("USED", endedAs(invitationUpdates(1).get(0)));

        UpdateItemRequest resumed = statusUpdates().get(0);
        assertEquals(STATUS_TABLE, resumed.tableName());
        assertEquals(ONBOARDING_ID, resumed.key().get("id").s());
        assertTrue(resumed.updateExpression().startsWith("SET #status = :running"), resumed.updateExpression());
        assertEquals("RUNNING", resumed.expressionAttributeValues().get(":running").s());

        InOrder order = inOrder(iam, sfn, invitationsDb, statusDb);
        order.verify(iam).getAccountPasswordPolicy(any(GetAccountPasswordPolicyRequest.class));
        order.verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
        order.verify(iam).createLoginProfile(any(CreateLoginProfileRequest.class));
        order.verify(sfn).sendTaskSuccess(any(SendTaskSuccessRequest.class));
        order.verify(invitationsDb).updateItem(any(UpdateItemRequest.class));
        order.verify(statusDb).updateItem(any(UpdateItemRequest.class));

        assertTrue(printed.contains("hire enrolled"), printed);
        for (String secret : List.of(PASSWORD, TOKEN, TASK_TOKEN)) {
            assertFalse(printed.contains(secret), "a secret reached the log");
        }
    }

    @Test
    void aLoginProfileThatExistsAlreadyGetsTheChosenPassword() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(AwsExceptions.entityAlreadyExists());
        when(iam.updateLoginProfile(any(UpdateLoginProfileRequest.class))).thenReturn(UpdateLoginProfileResponse.builder().build());
        workflowResumes();
        invitationUpdatesSucceed();

        service.complete(TOKEN, CODE1, CODE2, PASSWORD);

        ArgumentCaptor<UpdateLoginProfileRequest> update = ArgumentCaptor.forClass(UpdateLoginProfileRequest.class);
        verify(iam).updateLoginProfile(update.capture());
        assertEquals(USER, update.getValue().userName());
        assertEquals(PASSWORD, update.getValue().password());
        assertEquals(Boolean.FALSE, update.getValue().passwordResetRequired());
        verify(sfn).sendTaskSuccess(any(SendTaskSuccessRequest.class));
    }

    @Test
    void aPasswordIamRefusesOnTheUpdateOfAnExistingProfileIsAPasswordRefusalAndTheWorkflowWaits() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(AwsExceptions.entityAlreadyExists());
        when(iam.updateLoginProfile(any(UpdateLoginProfileRequest.class))).thenThrow(
                Fixtures.<IamException>error(PasswordPolicyViolationException.builder(), "PasswordPolicyViolation", 400));

        EnrolmentService.EnrolmentRefused refused = assertThrows(EnrolmentService.EnrolmentRefused.class,
                () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        assertEquals(400, refused.status());
        assertEquals("PasswordRefused", refused.code());
        verify(sfn, never()).sendTaskSuccess(any(SendTaskSuccessRequest.class));
    }

    @Test
    void aPasswordAgainstTheAccountPolicyIsRefusedBeforeTheDeviceIsEnabled() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        String weak = "weakpass1";

        EnrolmentRefused refused = refused(400, "PasswordRefused", () -> service.complete(TOKEN, CODE1, CODE2, weak));

        @SuppressWarnings("unchecked")
        List<String> rules = (List<String>) refused.details().get("rules");
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("minimumLength")), rules.toString());
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("requireUppercase")), rules.toString());
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("requireSymbols")), rules.toString());
        assertFalse(refused.getMessage().contains(weak));
        assertFalse(refused.details().toString().contains(weak));
        // Order: the account's policy is checked locally before anything changes in IAM.
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verifyNoInteractions(sfn, statusDb);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void noPasswordAtAllIsRefusedAsTooShort() {
        activeInvitation(SERIAL, 1);
        accountPolicy();

        EnrolmentRefused refused = refused(400, "PasswordRefused", () -> service.complete(TOKEN, CODE1, CODE2, null));

        assertTrue(refused.details().get("rules").toString().contains("minimumLength"));
        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
    }

    @Test
    void aPasswordIamRefusesAfterTheDeviceIsEnabledIsRefusedAndTheWorkflowWaits() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        when(iam.createLoginProfile(any(CreateLoginProfileRequest.class))).thenThrow(
                Fixtures.<IamException>error(PasswordPolicyViolationException.builder(), "PasswordPolicyViolation", 400));

        EnrolmentRefused refused = refused(400, "PasswordRefused", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        assertFalse(refused.getMessage().contains(PASSWORD));
        // Order: IAM's own check (e.g. password reuse) comes with CreateLoginProfile, after EnableMFADevice.
        InOrder order = inOrder(iam);
        order.verify(iam).enableMFADevice(any(EnableMfaDeviceRequest.class));
        order.verify(iam).createLoginProfile(any(CreateLoginProfileRequest.class));
        verifyNoInteractions(sfn, statusDb);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void wrongCodesCountAnAttemptAndSayHowManyAreLeft() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(
                Fixtures.<IamException>error(InvalidAuthenticationCodeException.builder(), "InvalidAuthenticationCode", 403));
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder()
                .attributes(Map.of("attempts", AttributeValue.fromN("1"))).build());

        EnrolmentRefused refused = refused(400, "InvalidCodes", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        assertEquals(Map.of("attemptsLeft", 4), refused.details());
        UpdateItemRequest counted = invitationUpdates(1).get(0);
        assertEquals(TOKEN_HASH, counted.key().get("tokenHash").s());
        assertEquals("ADD #attempts :one", counted.updateExpression());
        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verifyNoInteractions(sfn, statusDb);
    }

    @Test
    void theFifthWrongPairOfCodesVoidsTheInvitation() {
        invitationIs(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 4, 1, SERIAL));
        accountPolicy();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(
                Fixtures.<IamException>error(InvalidAuthenticationCodeException.builder(), "InvalidAuthenticationCode", 403));
        when(invitationsDb.updateItem(any(UpdateItemRequest.class)))
                .thenReturn(UpdateItemResponse.builder().attributes(Map.of("attempts", AttributeValue.fromN("5"))).build())
                .thenReturn(UpdateItemResponse.builder().build());

        refused(429, "TooManyAttempts", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        List<UpdateItemRequest> updates = invitationUpdates(2);
        assertEquals("ADD #attempts :one", updates.get(0).updateExpression());
        assertEquals("VOID", endedAs(updates.get(1)));
        verifyNoInteractions(sfn);
    }

    @Test
    void aRepeatedSubmitAfterTheDeviceWasEnabledFinishesTheEnrolment() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(AwsExceptions.entityAlreadyExists());
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber(SERIAL).enableDate(NOW).build()).build());
        loginProfileCreated();
        workflowResumes();
        invitationUpdatesSucceed();

        assertEquals("ENROLLED", service.complete(TOKEN, CODE1, CODE2, PASSWORD).get("status"));

        ArgumentCaptor<ListMfaDevicesRequest> list = ArgumentCaptor.forClass(ListMfaDevicesRequest.class);
        verify(iam).listMFADevices(list.capture());
        assertEquals(USER, list.getValue().userName());
        assertEquals("USED", endedAs(invitationUpdates(1).get(0)));
    }

    @Test
    void alreadyExistsForADeviceTheUserDoesNotHaveIsRetryableAndSetsNoPassword() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(AwsExceptions.entityAlreadyExists());
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class))).thenReturn(ListMfaDevicesResponse.builder()
                .mfaDevices(MFADevice.builder().userName(USER).serialNumber("arn:aws:iam::123456789012:mfa/other").build()).build());

        assertThrows(RetryableStepException.class, () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verifyNoInteractions(sfn);
    }

    @Test
    void aWaitThatTimedOutMeansTheInvitationExpiredAndIsVoided() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        loginProfileCreated();
        when(sfn.sendTaskSuccess(any(SendTaskSuccessRequest.class))).thenThrow(
                Fixtures.<software.amazon.awssdk.services.sfn.model.SfnException>error(TaskTimedOutException.builder(), "TaskTimedOut", 400));
        invitationUpdatesSucceed();

        refused(410, "InvitationExpired", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        assertEquals("VOID", endedAs(invitationUpdates(1).get(0)));
        verifyNoInteractions(statusDb);
    }

    @Test
    void aTaskThatWasResumedAlreadyStillCompletesTheEnrolment() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        enableSucceeds();
        loginProfileCreated();
        when(sfn.sendTaskSuccess(any(SendTaskSuccessRequest.class))).thenThrow(
                Fixtures.<software.amazon.awssdk.services.sfn.model.SfnException>error(InvalidTokenException.builder(), "InvalidToken", 400));
        invitationUpdatesSucceed();

        assertEquals("ENROLLED", service.complete(TOKEN, CODE1, CODE2, PASSWORD).get("status"));

        assertEquals("USED", endedAs(invitationUpdates(1).get(0)));
        statusUpdates();
    }

    @Test
    void aSecondCompleteOnAUsedInvitationIsRefusedLikeAnUnknownLink() {
        invitationIs(invitationItem(TOKEN_HASH, "USED", EXPIRES, 0, 1, SERIAL));

        refused(404, "InvitationNotFound", () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verifyNoInteractions(iam, sfn, statusDb);
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void completeForAUserOfAnotherOnboardingEnablesNothing() {
        OwnUsers.madeBy(iam, "onb-someone-else", USER);
        activeInvitation(SERIAL, 1);
        accountPolicy();

        assertThrows(PermanentStepException.class, () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verify(iam, never()).enableMFADevice(any(EnableMfaDeviceRequest.class));
        verify(iam, never()).createLoginProfile(any(CreateLoginProfileRequest.class));
        verifyNoInteractions(sfn);
    }

    @Test
    void aThrottledEnableIsRetryableAndCountsNoAttempt() {
        activeInvitation(SERIAL, 1);
        accountPolicy();
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class))).thenThrow(AwsExceptions.throttling());

        assertThrows(RetryableStepException.class, () -> service.complete(TOKEN, CODE1, CODE2, PASSWORD));

        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
        verifyNoInteractions(sfn);
    }
}
