package com.iamonboarding.enrolment;

import static com.iamonboarding.enrolment.Fixtures.EMAIL;
import static com.iamonboarding.enrolment.Fixtures.ENROLMENT_URL;
import static com.iamonboarding.enrolment.Fixtures.ONBOARDING_ID;
import static com.iamonboarding.enrolment.Fixtures.SIGN_IN_URL;
import static com.iamonboarding.enrolment.Fixtures.TABLE;
import static com.iamonboarding.enrolment.Fixtures.TASK_TOKEN;
import static com.iamonboarding.enrolment.Fixtures.USER;
import static com.iamonboarding.enrolment.Fixtures.invitationItem;
import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.testsupport.HandlerRuns;
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.testsupport.Seals;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

@ExtendWith(MockitoExtension.class)
class InviteHireHandlerTest {

    static final Instant NOW = Instant.parse("2026-06-02T10:00:00Z");
    static final String SENDER = "onboarding@example.com";
    static final String EARLIER_HASH = Fixtures.sha256Hex("the token of an earlier delivery of this step");
    static final Pattern LINK = Pattern.compile(Pattern.quote(ENROLMENT_URL + "#") + "(\\S+)");

    @Mock
    DynamoDbClient invitationsDb;
    @Mock
    DynamoDbClient statusDb;

    SesV2Client ses;
    IamClient iam;
    InviteHireHandler handler;

    @BeforeEach
    void setUp() {
        ses = SdkMocks.client(SesV2Client.class);
        iam = SdkMocks.client(IamClient.class);
        OwnUsers.madeBy(iam, ONBOARDING_ID, USER);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        handler = new InviteHireHandler(new InvitationStore(invitationsDb, TABLE, clock), new InvitationMail(ses, SENDER),
                OwnUsers.check(iam), Seals.accepting(), new StatusTable(statusDb, "iam-onboarding-status", clock, Log.forFunction("test")));
    }

    static ObjectNode state() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"onboardingId": "%s",
                 "request": {"employeeId": "E-1042", "userName": "%s", "email": "%s", "displayName": "Jane Doe",
                             "accessProfile": "developer", "handover": "SELF_SERVICE",
                             "enrolmentUrl": "%s", "invitationValiditySeconds": 259200},
                 "seal": %s,
                 "alias": {"accountAlias": "example-corp", "signInUrl": "%s", "created": false},
                 "taskToken": "%s"}
                """.formatted(ONBOARDING_ID, USER, EMAIL, ENROLMENT_URL, Seals.json(), SIGN_IN_URL, TASK_TOKEN));
    }

    static byte[] bytes(JsonNode json) {
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }

    private void anEarlierInvitationIsActive() {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder()
                .items(Map.of("tokenHash", AttributeValue.fromS(EARLIER_HASH), "onboardingId", AttributeValue.fromS(ONBOARDING_ID)))
                .build());
        when(invitationsDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(invitationItem(EARLIER_HASH, "ACTIVE", NOW.plusSeconds(3600), 0, 0, null)).build());
        when(invitationsDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
    }

    private void storingAndMailingSucceed() {
        when(invitationsDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        when(ses.sendEmail(any(SendEmailRequest.class))).thenReturn(SendEmailResponse.builder().messageId("mail-1").build());
    }

    private SendEmailRequest theMail() {
        ArgumentCaptor<SendEmailRequest> mail = ArgumentCaptor.forClass(SendEmailRequest.class);
        verify(ses).sendEmail(mail.capture());
        return mail.getValue();
    }

    private static String text(SendEmailRequest mail) {
        return mail.content().simple().body().text().data();
    }

    private static String tokenIn(SendEmailRequest mail) {
        Matcher link = LINK.matcher(text(mail));
        assertTrue(link.find(), "the mail carries the link " + ENROLMENT_URL + "#<token>");
        return link.group(1);
    }

    private PutItemRequest thePut() {
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(invitationsDb).putItem(put.capture());
        return put.getValue();
    }

    @Test
    void voidsTheEarlierInvitationStoresANewOneAndMailsItsLink() throws Exception {
        anEarlierInvitationIsActive();
        storingAndMailingSucceed();
        AtomicReference<JsonNode> output = new AtomicReference<>();

        String printed = capturingStdout(() -> output.set(HandlerRuns.run(handler, bytes(state()))));

        InOrder order = inOrder(invitationsDb, ses);
        order.verify(invitationsDb).updateItem(any(UpdateItemRequest.class));
        order.verify(invitationsDb).putItem(any(PutItemRequest.class));
        order.verify(ses).sendEmail(any(SendEmailRequest.class));

        ArgumentCaptor<UpdateItemRequest> voided = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(invitationsDb).updateItem(voided.capture());
        assertEquals(EARLIER_HASH, voided.getValue().key().get("tokenHash").s());
        assertEquals("VOID", voided.getValue().expressionAttributeValues().get(":ended").s());

        SendEmailRequest mail = theMail();
        String token = tokenIn(mail);
        assertEquals(43, token.length(), "the whole token follows the #");
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);

        Map<String, AttributeValue> item = thePut().item();
        assertEquals(Fixtures.sha256Hex(token), item.get("tokenHash").s(), "the store keys the invitation by the hash of the mailed token");
        assertFalse(thePut().toString().contains(token), "the token itself is not stored");
        assertEquals(TASK_TOKEN, item.get("taskToken").s());
        assertEquals(ONBOARDING_ID, item.get("onboardingId").s());
        assertEquals(USER, item.get("userName").s());
        assertEquals("ACTIVE", item.get("status").s());
        assertEquals("2026-06-05T10:00:00Z", item.get("expiresAt").s(), "now + invitationValiditySeconds (72 h)");
        assertEquals(EMAIL, item.get("email").s());
        assertEquals("Jane Doe", item.get("displayName").s());
        assertEquals(SIGN_IN_URL, item.get("signInUrl").s());
        assertEquals(ENROLMENT_URL, item.get("enrolmentUrl").s());

        List<String> fields = new ArrayList<>();
        output.get().fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("invitationId", "expiresAt"), fields);
        assertEquals(item.get("invitationId").s(), output.get().get("invitationId").asText());
        assertEquals("2026-06-05T10:00:00Z", output.get().get("expiresAt").asText());
        String answer = Json.write(output.get());
        assertFalse(answer.contains(token), "the step's output must not carry the token");
        assertFalse(answer.contains(TASK_TOKEN), "the step's output must not carry the task token");

        assertTrue(printed.contains("hire invited"), printed);
        assertFalse(printed.contains(token), "the token must never be logged");
        assertFalse(printed.contains(TASK_TOKEN), "the task token must never be logged");
    }

    @Test
    void theMailGoesToTheHireFromTheSenderWithTheLinkAndNothingElseSecret() throws Exception {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());
        storingAndMailingSucceed();

        handler.handle(Json.MAPPER.treeToValue(state(), InviteHireInput.class), null);

        SendEmailRequest mail = theMail();
        assertEquals(SENDER, mail.fromEmailAddress());
        assertEquals(List.of(EMAIL), mail.destination().toAddresses());
        assertEquals("Set up your AWS sign-in", mail.content().simple().subject().data());
        String token = tokenIn(mail);
        String body = text(mail);
        assertTrue(body.contains(InvitationMail.link(ENROLMENT_URL, token)));
        assertTrue(body.contains(ENROLMENT_URL + "#" + token + "\n"), "the link ends at the token");
        assertTrue(body.startsWith("Hello Jane Doe,"), body);
        assertTrue(body.contains("user name " + USER), body);
        assertTrue(body.contains(SIGN_IN_URL), body);
        assertTrue(body.contains("2026-06-05 10:00 UTC"), body);
        assertFalse(body.contains(TASK_TOKEN));
        assertFalse(body.contains(thePut().item().get("tokenHash").s()));
        verify(invitationsDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void theWaitIsRecordedWithTheInvitationsExpiry() throws Exception {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());
        storingAndMailingSucceed();

        handler.handle(Json.MAPPER.treeToValue(state(), InviteHireInput.class), null);

        ArgumentCaptor<UpdateItemRequest> writes = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(statusDb, org.mockito.Mockito.atLeastOnce()).updateItem(writes.capture());
        UpdateItemRequest waiting = writes.getAllValues().stream()
                .filter(w -> w.updateExpression().startsWith("SET #status = :waiting")).findFirst().orElseThrow();
        assertEquals(ONBOARDING_ID, waiting.key().get("id").s());
        assertEquals("WAITING_FOR_HIRE", waiting.expressionAttributeValues().get(":waiting").s());
        assertEquals("2026-06-05T10:00:00Z", waiting.expressionAttributeValues().get(":expiry").s());
    }

    @Test
    void twoDeliveriesMailDifferentTokens() throws Exception {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());
        storingAndMailingSucceed();

        handler.handle(Json.MAPPER.treeToValue(state(), InviteHireInput.class), null);
        handler.handle(Json.MAPPER.treeToValue(state(), InviteHireInput.class), null);

        ArgumentCaptor<SendEmailRequest> mails = ArgumentCaptor.forClass(SendEmailRequest.class);
        verify(ses, org.mockito.Mockito.times(2)).sendEmail(mails.capture());
        assertFalse(tokenIn(mails.getAllValues().get(0)).equals(tokenIn(mails.getAllValues().get(1))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskToken", "blankTaskToken", "request.enrolmentUrl", "request.email", "request.invitationValiditySeconds"})
    void aStateWithoutWhatTheInvitationNeedsFailsPermanentlyBeforeAnythingIsWritten(String missing) throws Exception {
        ObjectNode state = state();
        switch (missing) {
            case "taskToken" -> state.remove("taskToken");
            case "blankTaskToken" -> state.put("taskToken", "  ");
            default -> ((ObjectNode) state.get("request")).remove(missing.substring("request.".length()));
        }
        InviteHireInput input = Json.MAPPER.treeToValue(state, InviteHireInput.class);

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> handler.handle(input, null));

        assertFalse(e.getMessage().contains(TASK_TOKEN));
        verifyNoInteractions(invitationsDb, ses);
    }

    @Test
    void anUnsealedStateInvitesNobody() throws Exception {
        ObjectNode state = state();
        state.remove("seal");
        InviteHireInput input = Json.MAPPER.treeToValue(state, InviteHireInput.class);

        assertThrows(SealRejectedException.class, () -> handler.handle(input, null));

        verifyNoInteractions(invitationsDb, ses, statusDb);
    }

    @Test
    void aUserOfAnotherOnboardingIsNotInvited() throws Exception {
        OwnUsers.madeBy(iam, "onb-someone-else", USER);

        assertThrows(PermanentStepException.class,
                () -> handler.handle(Json.MAPPER.treeToValue(state(), InviteHireInput.class), null));

        verifyNoInteractions(invitationsDb, ses);
    }

    @Test
    void aThrottledMailIsRetryableAndLogsNoToken() throws Exception {
        when(invitationsDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());
        when(invitationsDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        when(ses.sendEmail(any(SendEmailRequest.class))).thenThrow(
                Fixtures.<SesV2Exception>error(TooManyRequestsException.builder(), "TooManyRequestsException", 429));
        InviteHireInput input = Json.MAPPER.treeToValue(state(), InviteHireInput.class);

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> handler.handle(input, null));

        assertTrue(e.getMessage().contains("ses:SendEmail"), e.getMessage());
        String token = tokenIn(theMail());
        assertFalse(e.getMessage().contains(token));
        verify(statusDb, never()).updateItem(org.mockito.ArgumentMatchers.<UpdateItemRequest>argThat(
                w -> w.updateExpression().contains(":waiting") && w.updateExpression().startsWith("SET #status")));
    }
}
