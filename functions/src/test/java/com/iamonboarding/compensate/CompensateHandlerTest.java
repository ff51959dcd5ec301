package com.iamonboarding.compensate;

import com.iamonboarding.deprovisioning.DeprovisioningReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.Json;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.testsupport.States;
import com.iamonboarding.enrolment.InvitationStore;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

@ExtendWith(MockitoExtension.class)
class CompensateHandlerTest {

    @Mock
    RollbackService rollback;
    @Mock
    EventBridgeClient events;
    @Mock
    DynamoDbClient dynamoDb;

    private CompensateHandler handler() {
        return new CompensateHandler(rollback, new EventPublisher(events, "bus"), Seals.accepting(), Statuses.empty(),
                new InvitationStore(dynamoDb, "invitations", Clock.systemUTC()));
    }

    private OnboardingState failedAt(String step) throws Exception {
        OnboardingState state = States.load("state-developer.json");
        state.failedStep = step;
        state.error = Json.MAPPER.readTree("{\"Error\":\"com.iamonboarding.common.PermanentStepException\","
                + "\"Cause\":\"{\\\"errorType\\\":\\\"com.iamonboarding.common.PermanentStepException\\\","
                + "\\\"errorMessage\\\":\\\"IAM user jane.doe already exists\\\"}\"}");
        return state;
    }

    private static DeprovisioningReport remaining(String what, boolean retryable) {
        DeprovisioningReport report = new DeprovisioningReport();
        report.remaining.add(what);
        report.retryable = retryable;
        return report;
    }

    private void eventsAreAccepted() {
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("evt-1").build()).build());
    }

    private PutEventsRequestEntry published() {
        ArgumentCaptor<PutEventsRequest> sent = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(events).putEvents(sent.capture());
        assertEquals(1, sent.getValue().entries().size());
        return sent.getValue().entries().get(0);
    }

    @Test
    void namesTheFailedStepAndTheOriginalMessage() throws Exception {
        DeprovisioningReport report = new DeprovisioningReport();
        report.removed.add("IAM user jane.doe");
        when(rollback.removeOnboarding("onb-3f6c1a9e2b7d4c80a1e5f9d2c4b6a8e0", "jane.doe")).thenReturn(report);

        CompensationResult result = handler().handle(failedAt("EnrollMfa"), null);

        assertEquals("EnrollMfaFailed", result.error);
        assertTrue(result.cause.startsWith("EnrollMfa failed: IAM user jane.doe already exists."), result.cause);
        assertTrue(result.cause.contains("Rolled back: IAM user jane.doe"));
        verify(events, never()).putEvents(any(PutEventsRequest.class));
    }

    @Test
    void transientLeftoversAreRetriedWithoutAnEvent() throws Exception {
        when(rollback.removeOnboarding(any(), any())).thenReturn(remaining("iam:DeleteUser failed: Throttling (HTTP 400)", true));

        assertThrows(RetryableStepException.class, () -> handler().handle(failedAt("CreateUser"), null));
        verify(events, never()).putEvents(any(PutEventsRequest.class));
    }

    @Test
    void permanentLeftoversPublishRollbackIncompleteAndListWhatRemains() throws Exception {
        when(rollback.removeOnboarding(any(), any())).thenReturn(remaining("iam:DeleteUser failed: AccessDenied (HTTP 403)", false));
        eventsAreAccepted();

        RollbackIncompleteException e = assertThrows(RollbackIncompleteException.class,
                () -> handler().handle(failedAt("AssignAccess"), null));

        assertTrue(e.getMessage().contains("AccessDenied"));
        PutEventsRequestEntry entry = published();
        assertEquals("OnboardingRollbackIncomplete", entry.detailType());
        assertEquals("iam-onboarding", entry.source());
        assertEquals("bus", entry.eventBusName());
        assertTrue(entry.detail().contains("AssignAccess"));
    }

    @Test
    void onTheLastAttemptTransientLeftoversAreReportedWithTheEventNotRetried() throws Exception {
        when(rollback.removeOnboarding(any(), any())).thenReturn(remaining("iam:DeleteUser failed: Throttling (HTTP 400)", true));
        eventsAreAccepted();
        OnboardingState state = failedAt("EnrollMfa");
        state.finalRollbackAttempt = true;

        RollbackIncompleteException e = assertThrows(RollbackIncompleteException.class, () -> handler().handle(state, null));

        assertTrue(e.getMessage().contains("remaining: iam:DeleteUser failed: Throttling"), e.getMessage());
        assertFalse(e.getMessage().contains("will retry"), e.getMessage());
        JsonNode detail = Json.MAPPER.readTree(published().detail());
        assertEquals("OnboardingRollbackIncomplete", published().detailType());
        assertEquals("iam:DeleteUser failed: Throttling (HTTP 400)", detail.get("remaining").get(0).asText());
    }

    @Test
    void anEventEventBridgeRejectsStillFailsTheRollbackWithWhatRemains() throws Exception {
        when(rollback.removeOnboarding(any(), any())).thenReturn(remaining("iam:DeleteUser failed: AccessDenied (HTTP 403)", false));
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().errorCode("InternalFailure").build()).build());

        RollbackIncompleteException e = assertThrows(RollbackIncompleteException.class,
                () -> handler().handle(failedAt("AssignAccess"), null));

        assertTrue(e.getMessage().contains("AccessDenied"));
    }

    @Test
    void anUnsealedStateRollsNothingBack() throws Exception {
        OnboardingState forged = failedAt("CreateUser");
        forged.seal = null;

        assertThrows(SealRejectedException.class, () -> handler().handle(forged, null));

        verifyNoInteractions(rollback, events);
    }

    @Test
    void plainTextCausesAreKept() throws Exception {
        assertEquals("States.Timeout", CompensateHandler.originalCause(Json.MAPPER.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"\"}")));
        assertEquals("task timed out", CompensateHandler.originalCause(Json.MAPPER.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"task timed out\"}")));
    }
    @Test
    void aSelfServiceRollbackVoidsTheOpenInvitationBeforeRemovingTheUser() throws Exception {
        OnboardingState state = failedAt("AssignAccess");
        state.request.handover = "SELF_SERVICE";
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder()
                .items(Map.of("tokenHash", AttributeValue.fromS("hash-1"))).build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.ofEntries(
                Map.entry("tokenHash", AttributeValue.fromS("hash-1")), Map.entry("invitationId", AttributeValue.fromS("inv-1")),
                Map.entry("onboardingId", AttributeValue.fromS(state.onboardingId)),
                Map.entry("userName", AttributeValue.fromS("jane.doe")), Map.entry("taskToken", AttributeValue.fromS("task-token")),
                Map.entry("expiresAt", AttributeValue.fromS("2030-01-01T00:00:00Z")), Map.entry("status", AttributeValue.fromS("ACTIVE")),
                Map.entry("email", AttributeValue.fromS("jane.doe@example.com")),
                Map.entry("enrolmentUrl", AttributeValue.fromS("https://example.com/enrol")))).build());
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
        DeprovisioningReport report = new DeprovisioningReport();
        report.removed.add("IAM user jane.doe");
        when(rollback.removeOnboarding(state.onboardingId, "jane.doe")).thenReturn(report);

        handler().handle(state, null);

        ArgumentCaptor<QueryRequest> query = ArgumentCaptor.forClass(QueryRequest.class);
        verify(dynamoDb).query(query.capture());
        assertEquals("ByOnboarding", query.getValue().indexName());
        assertEquals(state.onboardingId, query.getValue().expressionAttributeValues().get(":onboarding").s());
        ArgumentCaptor<UpdateItemRequest> voided = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(dynamoDb).updateItem(voided.capture());
        assertEquals("hash-1", voided.getValue().key().get("tokenHash").s());
        assertEquals("VOID", voided.getValue().expressionAttributeValues().get(":ended").s());
        assertTrue(voided.getValue().conditionExpression().contains("#status = :active"), "only an active invitation is voided");
    }

    @Test
    void anOperatorRollbackReadsNoInvitations() throws Exception {
        OnboardingState state = failedAt("AssignAccess");
        state.request.handover = "OPERATOR";
        when(rollback.removeOnboarding(state.onboardingId, "jane.doe")).thenReturn(new DeprovisioningReport());

        handler().handle(state, null);

        verifyNoInteractions(dynamoDb);
    }
}
