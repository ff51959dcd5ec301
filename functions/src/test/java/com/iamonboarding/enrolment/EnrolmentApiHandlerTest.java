package com.iamonboarding.enrolment;

import static com.iamonboarding.enrolment.EnrolmentServiceTest.EXPIRES;
import static com.iamonboarding.enrolment.EnrolmentServiceTest.SEED;
import static com.iamonboarding.enrolment.Fixtures.SERIAL;
import static com.iamonboarding.enrolment.Fixtures.TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN_HASH;
import static com.iamonboarding.enrolment.Fixtures.USER;
import static com.iamonboarding.enrolment.Fixtures.invitationItem;
import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.testsupport.AwsExceptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetAccountPasswordPolicyResponse;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The two public routes over a real EnrolmentService: what reaches the browser and what reaches the log. */
@ExtendWith(MockitoExtension.class)
class EnrolmentApiHandlerTest {

    static final String PASSWORD = "Correct-Horse-Battery-9";

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
        service = EnrolmentServiceTest.serviceOver(invitationsDb, statusDb, iam, sfn);
    }

    static APIGatewayProxyRequestEvent post(String body) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(body);
    }

    static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void startAnswersTheQrCodeAndTheSecretToTheBrowserButNeverLogsThem() throws Exception {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 0, 0, null)).build());
        when(iam.deleteVirtualMFADevice(any(DeleteVirtualMfaDeviceRequest.class))).thenThrow(AwsExceptions.noSuchEntity());
        when(iam.createVirtualMFADevice(any(CreateVirtualMfaDeviceRequest.class))).thenReturn(CreateVirtualMfaDeviceResponse.builder()
                .virtualMFADevice(VirtualMFADevice.builder().serialNumber(SERIAL).base32StringSeed(SdkBytes.fromUtf8String(SEED)).build())
                .build());
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
        AtomicReference<APIGatewayProxyResponseEvent> response = new AtomicReference<>();

        String printed = capturingStdout(() -> response.set(
                new EnrolmentStartHandler(service).handle(post("{\"token\":\"" + TOKEN + "\"}"), null)));

        assertEquals(200, response.get().getStatusCode());
        assertEquals("no-store", response.get().getHeaders().get("Cache-Control"));
        assertEquals("no-referrer", response.get().getHeaders().get("Referrer-Policy"));
        JsonNode body = body(response.get());
        assertEquals(USER, body.get("userName").asText());
        assertEquals(SEED, body.get("secret").asText());
        assertEquals(EXPIRES.toString(), body.get("expiresAt").asText());
        assertTrue(QrPng.decodeBase64Png(body.get("qrCodePng").asText()).contains("secret=" + SEED));
        assertFalse(printed.contains(SEED), "the seed must never be logged");
        assertFalse(printed.contains(TOKEN), "the token must never be logged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"" + "x" + "\"", "null"})
    void aBodyThatIsNotOneJsonObjectIsABadRequest(String body) throws Exception {
        APIGatewayProxyResponseEvent response = new EnrolmentStartHandler(service).handle(post(body), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidJson", body(response).get("code").asText());
        assertEquals("no-referrer", response.getHeaders().get("Referrer-Policy"));
        verifyNoInteractions(invitationsDb, iam);
    }

    @Test
    void aRefusalKeepsItsStatusCodeAndDetailsAndLogsNoSecret() throws Exception {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 0, 1, SERIAL)).build());
        when(iam.getAccountPasswordPolicy(any(GetAccountPasswordPolicyRequest.class))).thenReturn(GetAccountPasswordPolicyResponse.builder()
                .passwordPolicy(software.amazon.awssdk.services.iam.model.PasswordPolicy.builder().minimumPasswordLength(30).build()).build());
        AtomicReference<APIGatewayProxyResponseEvent> response = new AtomicReference<>();
        String request = Json.write(Map.of("token", TOKEN, "code1", "081804", "code2", "050471", "password", PASSWORD));

        String printed = capturingStdout(() -> response.set(new EnrolmentCompleteHandler(service).handle(post(request), null)));

        assertEquals(400, response.get().getStatusCode());
        JsonNode body = body(response.get());
        assertEquals("PasswordRefused", body.get("code").asText());
        assertTrue(body.get("rules").isArray() && body.get("rules").get(0).asText().startsWith("minimumLength"), body.toString());
        assertEquals("no-referrer", response.get().getHeaders().get("Referrer-Policy"));
        assertFalse(response.get().getBody().contains(PASSWORD));
        assertTrue(printed.contains("PasswordRefused"), printed);
        assertFalse(printed.contains(PASSWORD), "the password must never be logged");
        assertFalse(printed.contains(TOKEN), "the token must never be logged");
    }

    @Test
    void aBusyServiceIsA503WithRetryAfter() throws Exception {
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenThrow(
                Fixtures.<software.amazon.awssdk.services.dynamodb.model.DynamoDbException>error(
                        software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder(), "ThrottlingException", 400));

        APIGatewayProxyResponseEvent response = new EnrolmentStartHandler(service)
                .handle(post("{\"token\":\"" + TOKEN + "\"}"), null);

        assertEquals(503, response.getStatusCode());
        assertEquals("2", response.getHeaders().get("Retry-After"));
        assertEquals("ServiceUnavailable", body(response).get("code").asText());
    }

    @Test
    void aTokenThatIsNotTextIsTreatedAsMissing() throws Exception {
        APIGatewayProxyResponseEvent response = new EnrolmentStartHandler(service).handle(post("{\"token\": 12345}"), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidToken", body(response).get("code").asText());
        verifyNoInteractions(invitationsDb);
    }
}
