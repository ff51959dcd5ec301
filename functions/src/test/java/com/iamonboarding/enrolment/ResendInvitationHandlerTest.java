package com.iamonboarding.enrolment;

import static com.iamonboarding.enrolment.Fixtures.EMAIL;
import static com.iamonboarding.enrolment.Fixtures.ENROLMENT_URL;
import static com.iamonboarding.enrolment.Fixtures.ONBOARDING_ID;
import static com.iamonboarding.enrolment.Fixtures.TABLE;
import static com.iamonboarding.enrolment.Fixtures.TASK_TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN_HASH;
import static com.iamonboarding.enrolment.Fixtures.USER;
import static com.iamonboarding.enrolment.Fixtures.invitationItem;
import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

@ExtendWith(MockitoExtension.class)
class ResendInvitationHandlerTest {

    static final Instant NOW = Instant.parse("2026-06-03T08:30:00Z");
    static final String STATUS_TABLE = "iam-onboarding-status";
    static final String OLDER_HASH = Fixtures.sha256Hex("an even older token");
    static final Pattern LINK = Pattern.compile(Pattern.quote(ENROLMENT_URL + "#") + "(\\S+)");

    @Mock
    DynamoDbClient invitationsDb;
    @Mock
    DynamoDbClient statusDb;

    SfnClient sfn;
    SesV2Client ses;
    ResendInvitationHandler handler;

    @BeforeEach
    void setUp() {
        sfn = SdkMocks.client(SfnClient.class);
        ses = SdkMocks.client(SesV2Client.class);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        handler = new ResendInvitationHandler(new InvitationStore(invitationsDb, TABLE, clock), new InvitationMail(ses, "onboarding@example.com"),
                sfn, new StatusTable(statusDb, STATUS_TABLE, clock, Log.forFunction("test")), Duration.ofHours(72));
    }

    static APIGatewayProxyRequestEvent post(String id) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withResource("/onboardings/{id}/invitation")
                .withPathParameters(Map.of("id", id));
    }

    private void statusIs(String status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(ONBOARDING_ID));
        item.put("workflow", AttributeValue.fromS("onboarding"));
        item.put("attempt", AttributeValue.fromN("1"));
        item.put("status", AttributeValue.fromS(status));
        item.put("updatedAt", AttributeValue.fromS("2026-06-02T10:00:00Z"));
        when(statusDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(item).build());
    }

    /** The onboarding's invitations: the current one (TOKEN_HASH, ACTIVE) and one an earlier resend voided. */
    private void invitationsAre() {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(
                Map.of("tokenHash", AttributeValue.fromS(OLDER_HASH)), Map.of("tokenHash", AttributeValue.fromS(TOKEN_HASH))).build());
        Map<String, Map<String, AttributeValue>> items = Map.of(
                OLDER_HASH, invitationItem(OLDER_HASH, "VOID", Instant.parse("2026-06-02T09:00:00Z"), 0, 0, null),
                TOKEN_HASH, invitationItem(TOKEN_HASH, "ACTIVE", Instant.parse("2026-06-05T10:00:00Z"), 0, 1, null));
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenAnswer(call -> GetItemResponse.builder()
                .item(items.get(call.<GetItemRequest>getArgument(0).key().get("tokenHash").s())).build());
    }

    private void resendSucceeds() {
        when(sfn.sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class))).thenReturn(SendTaskHeartbeatResponse.builder().build());
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
        when(invitationsDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        when(ses.sendEmail(any(SendEmailRequest.class))).thenReturn(SendEmailResponse.builder().messageId("mail-2").build());
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private void nothingWasResent() {
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
        verify(invitationsDb, never()).putItem(any(PutItemRequest.class));
        verifyNoInteractions(ses);
    }

    @Test
    void anUnknownOnboardingIsNotFound() throws Exception {
        when(statusDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("OnboardingNotFound", body(response).get("code").asText());
        ArgumentCaptor<GetItemRequest> read = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(statusDb).getItem(read.capture());
        assertEquals(STATUS_TABLE, read.getValue().tableName());
        assertEquals(ONBOARDING_ID, read.getValue().key().get("id").s());
        verifyNoInteractions(invitationsDb, sfn, ses);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RUNNING", "SUCCEEDED", "FAILED"})
    void anOnboardingThatIsNotWaitingForItsHireGetsNoNewInvitation(String status) throws Exception {
        statusIs(status);

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("NotWaitingForHire", body(response).get("code").asText());
        verifyNoInteractions(invitationsDb, sfn, ses);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-id", "onb-", "onb-has space", "onb-../../etc"})
    void aMalformedIdIsABadRequest(String id) throws Exception {
        APIGatewayProxyResponseEvent response = handler.handle(post(id), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidOnboardingId", body(response).get("code").asText());
        verifyNoInteractions(statusDb, invitationsDb, sfn, ses);
    }

    @Test
    void aWaitingOnboardingWithoutAnyInvitationIsAConflict() throws Exception {
        statusIs("WAITING_FOR_HIRE");
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(409, response.getStatusCode());
        verifyNoInteractions(sfn, ses);
    }

    @Test
    void extendsTheWaitFirstThenVoidsTheOldLinkAndMailsANewOne() throws Exception {
        statusIs("WAITING_FOR_HIRE");
        invitationsAre();
        resendSucceeds();
        AtomicReference<APIGatewayProxyResponseEvent> response = new AtomicReference<>();

        String printed = capturingStdout(() -> response.set(handler.handle(post(ONBOARDING_ID), null)));

        InOrder order = inOrder(sfn, invitationsDb, ses);
        order.verify(sfn).sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class));
        order.verify(invitationsDb).updateItem(any(UpdateItemRequest.class));
        order.verify(invitationsDb).putItem(any(PutItemRequest.class));
        order.verify(ses).sendEmail(any(SendEmailRequest.class));

        ArgumentCaptor<SendTaskHeartbeatRequest> heartbeat = ArgumentCaptor.forClass(SendTaskHeartbeatRequest.class);
        verify(sfn).sendTaskHeartbeat(heartbeat.capture());
        assertEquals(TASK_TOKEN, heartbeat.getValue().taskToken(), "the stored task token of the waiting Task");

        ArgumentCaptor<UpdateItemRequest> voided = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(invitationsDb).updateItem(voided.capture());
        assertEquals(TOKEN_HASH, voided.getValue().key().get("tokenHash").s(), "only the active invitation is voided");
        assertEquals("VOID", voided.getValue().expressionAttributeValues().get(":ended").s());

        ArgumentCaptor<SendEmailRequest> mail = ArgumentCaptor.forClass(SendEmailRequest.class);
        verify(ses).sendEmail(mail.capture());
        assertEquals(List.of(EMAIL), mail.getValue().destination().toAddresses());
        Matcher link = LINK.matcher(mail.getValue().content().simple().body().text().data());
        assertTrue(link.find());
        String token = link.group(1);
        assertEquals(43, token.length());

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(invitationsDb).putItem(put.capture());
        Map<String, AttributeValue> item = put.getValue().item();
        assertEquals(Fixtures.sha256Hex(token), item.get("tokenHash").s());
        assertNotEquals(TOKEN_HASH, item.get("tokenHash").s(), "a new token, not the old one again");
        assertEquals(TASK_TOKEN, item.get("taskToken").s(), "the new invitation resumes the same Task");
        assertEquals(ONBOARDING_ID, item.get("onboardingId").s());
        assertEquals(USER, item.get("userName").s());
        assertEquals("ACTIVE", item.get("status").s());
        assertEquals("0", item.get("attempts").n());
        assertEquals("0", item.get("starts").n());
        assertEquals("2026-06-06T08:30:00Z", item.get("expiresAt").s(), "now + the full validity again");
        assertEquals(EMAIL, item.get("email").s());
        assertEquals(ENROLMENT_URL, item.get("enrolmentUrl").s());

        assertEquals(202, response.get().getStatusCode());
        JsonNode body = body(response.get());
        assertEquals(ONBOARDING_ID, body.get("onboardingId").asText());
        assertEquals("WAITING_FOR_HIRE", body.get("status").asText());
        assertEquals("2026-06-06T08:30:00Z", body.get("invitationExpiresAt").asText());
        assertFalse(response.get().getBody().contains(token), "the answer never carries the token");
        assertFalse(response.get().getBody().contains(TASK_TOKEN));
        assertFalse(response.get().getBody().contains(item.get("tokenHash").s()));

        ArgumentCaptor<UpdateItemRequest> waiting = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(statusDb).updateItem(waiting.capture());
        assertEquals(ONBOARDING_ID, waiting.getValue().key().get("id").s());
        assertEquals("2026-06-06T08:30:00Z", waiting.getValue().expressionAttributeValues().get(":expiry").s());

        assertTrue(printed.contains("invitation sent again"), printed);
        assertFalse(printed.contains(token), "the token must never be logged");
        assertFalse(printed.contains(TASK_TOKEN), "the task token must never be logged");
    }

    @Test
    void aWaitThatTimedOutIsAConflictAndNothingIsResent() throws Exception {
        statusIs("WAITING_FOR_HIRE");
        invitationsAre();
        when(sfn.sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class))).thenThrow(
                Fixtures.<SfnException>error(TaskTimedOutException.builder(), "TaskTimedOut", 400));

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("NotWaitingForHire", body(response).get("code").asText());
        nothingWasResent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidToken", "TaskDoesNotExist"})
    void aTaskThatHasEndedIsAConflictToo(String code) throws Exception {
        statusIs("WAITING_FOR_HIRE");
        invitationsAre();
        SfnException ended = code.equals("InvalidToken")
                ? Fixtures.error(InvalidTokenException.builder(), code, 400)
                : Fixtures.error(TaskDoesNotExistException.builder(), code, 400);
        when(sfn.sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class))).thenThrow(ended);

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(409, response.getStatusCode());
        nothingWasResent();
    }

    @Test
    void aThrottledHeartbeatIsServiceUnavailable() throws Exception {
        statusIs("WAITING_FOR_HIRE");
        invitationsAre();
        when(sfn.sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class))).thenThrow(
                Fixtures.<SfnException>error(SfnException.builder(), "ThrottlingException", 400));

        APIGatewayProxyResponseEvent response = handler.handle(post(ONBOARDING_ID), null);

        assertEquals(503, response.getStatusCode());
        assertEquals("2", response.getHeaders().get("Retry-After"));
        nothingWasResent();
    }
}
