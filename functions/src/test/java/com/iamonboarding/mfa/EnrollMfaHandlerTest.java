package com.iamonboarding.mfa;

import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static com.iamonboarding.mfa.MfaEnrollmentServiceTest.CURRENT_CODE;
import static com.iamonboarding.mfa.MfaEnrollmentServiceTest.PREVIOUS_CODE;
import static com.iamonboarding.mfa.MfaEnrollmentServiceTest.QR_KEY;
import static com.iamonboarding.mfa.MfaEnrollmentServiceTest.SERIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.testsupport.Leases;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

@ExtendWith(MockitoExtension.class)
class EnrollMfaHandlerTest {

    private static final String STATE = """
            {"onboardingId": "ob-1234",
             "request": {"employeeId": "E1", "userName": "jdoe", "email": "jdoe@example.com",
                         "accessProfile": "developer", "consoleAccess": true, "programmaticAccess": true},
             "seal": %s,
             "alias": {"accountAlias": "aws-example", "signInUrl": "https://aws-example.signin.aws.amazon.com/console"},
             "user": {"userName": "jdoe", "userArn": "arn:aws:iam::123456789012:user/onboarded/jdoe", "path": "/onboarded/"}}
            """.formatted(Seals.json());

    @Mock
    IamClient iam;
    @Mock
    S3Client s3;

    @Test
    void returnsOnlyIdentifiersAndNeverPrintsTheSeedOrTheCodes() throws Exception {
        when(iam.listMFADevices(any(ListMfaDevicesRequest.class)))
                .thenReturn(ListMfaDevicesResponse.builder().mfaDevices(List.of()).isTruncated(false).build());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class)))
                .thenReturn(MfaEnrollmentServiceTest.newDevice());
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().build());
        when(iam.enableMFADevice(any(EnableMfaDeviceRequest.class)))
                .thenReturn(EnableMfaDeviceResponse.builder().build());
        EnrollMfaHandler handler = new EnrollMfaHandler(MfaEnrollmentServiceTest.newService(iam, s3), Seals.accepting(), Statuses.empty(), Leases.free());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String printed = capturingStdout(() -> handler.handleRequest(
                new ByteArrayInputStream(STATE.getBytes(StandardCharsets.UTF_8)), output, null));

        // The secrets really were generated and used in this run...
        ArgumentCaptor<EnableMfaDeviceRequest> enable = ArgumentCaptor.forClass(EnableMfaDeviceRequest.class);
        verify(iam).enableMFADevice(enable.capture());
        assertEquals(PREVIOUS_CODE, enable.getValue().authenticationCode1());
        assertEquals(CURRENT_CODE, enable.getValue().authenticationCode2());
        // ...and appear neither in the output nor in the logs.
        String json = output.toString(StandardCharsets.UTF_8);
        MfaEnrollmentServiceTest.assertNoSecretIn(json);
        MfaEnrollmentServiceTest.assertNoSecretIn(printed);
        assertTrue(printed.contains("MFA device enabled"), "the run logged: " + printed);

        JsonNode result = Json.MAPPER.readTree(json);
        assertEquals(Map.of("serialNumber", SERIAL, "qrCodeBucket", MfaEnrollmentServiceTest.BUCKET, "qrCodeS3Key", QR_KEY),
                Json.MAPPER.convertValue(result, Map.class));
    }

    @Test
    void anInputWithoutUserNameIsPermanentAndCallsNothing() {
        EnrollMfaHandler handler = new EnrollMfaHandler(MfaEnrollmentServiceTest.newService(iam, s3), Seals.accepting(), Statuses.empty(), Leases.free());
        String noUser = "{\"onboardingId\": \"ob-1234\", \"request\": {\"employeeId\": \"E1\"}, \"seal\": " + Seals.json() + "}";

        assertThrows(PermanentStepException.class, () -> handler.handleRequest(
                new ByteArrayInputStream(noUser.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
        verifyNoInteractions(iam, s3);
    }

    @Test
    void anInputWithoutOnboardingIdIsRejectedAsUnsealed() {
        EnrollMfaHandler handler = new EnrollMfaHandler(MfaEnrollmentServiceTest.newService(iam, s3), Seals.accepting(), Statuses.empty(), Leases.free());

        com.iamonboarding.model.OnboardingState state = new com.iamonboarding.model.OnboardingState();
        state.request = new com.iamonboarding.model.OnboardingRequest();
        state.request.userName = "jdoe";
        state.seal = Seals.VALID;
        assertThrows(SealRejectedException.class, () -> handler.handle(state, null));
        verifyNoInteractions(iam, s3);
    }

    @Test
    void theEnvironmentConstructorNeedsTheBucketTheKeyAndTheAlias() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "QR_BUCKET", "qr-bucket",
                "KMS_KEY_ID", "alias/iam-onboarding", "ACCOUNT_ALIAS", "aws-example", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status", "LEASE_TABLE", "leases");
        assertEquals(com.iamonboarding.model.OnboardingState.class,
                new EnrollMfaHandler(new FunctionEnvironment(env)).inputType());

        Map<String, String> noBucket = Map.of("AWS_REGION", "eu-west-1", "KMS_KEY_ID", "k", "ACCOUNT_ALIAS", "a");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EnrollMfaHandler(new FunctionEnvironment(noBucket)));
        assertTrue(e.getMessage().contains("QR_BUCKET"));
    }
}
