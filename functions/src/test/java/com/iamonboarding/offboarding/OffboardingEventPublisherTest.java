package com.iamonboarding.offboarding;

import static com.iamonboarding.offboarding.OffboardingStepHandlersTest.invoke;
import static com.iamonboarding.offboarding.OffboardingStepHandlersTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

@ExtendWith(MockitoExtension.class)
class OffboardingEventPublisherTest {

    @Mock
    EventBridgeClient events;

    @Test
    void publishesOffboardingCompletedWithEverythingRemovedThroughTheHandler() throws Exception {
        ArgumentCaptor<PutEventsRequest> sent = ArgumentCaptor.forClass(PutEventsRequest.class);
        when(events.putEvents(sent.capture())).thenReturn(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("evt-1").build()).build());

        JsonNode result = invoke(new NotifyOffboardedHandler(new OffboardingEventPublisher(events, "bus"), Seals.accepting(), Statuses.empty()),
                sample("NotifyOffboardedFunction"));

        assertEquals("evt-1", result.get("eventId").asText());
        PutEventsRequestEntry entry = sent.getValue().entries().get(0);
        assertEquals("bus", entry.eventBusName());
        assertEquals("iam-onboarding", entry.source());
        assertEquals("OffboardingCompleted", entry.detailType());
        assertEquals("arn:aws:iam::123456789012:user/onboarded/jane.doe", entry.resources().get(0));
        JsonNode detail = Json.MAPPER.readTree(entry.detail());
        assertEquals("off-leaver-2025-0131-jane", detail.get("offboardingId").asText());
        assertEquals("DELETE", detail.get("mode").asText());
        assertEquals("2025-01-31T17:00:00Z", detail.get("offboardedAt").asText());
        assertTrue(detail.get("userDeleted").asBoolean());
        assertEquals(11, detail.get("removed").size(), "DisableAccess's and DeleteIdentity's actions");
        assertEquals("iam:DeleteUser", detail.at("/removed/10/action").asText());
    }

    @Test
    void aRejectedEntryIsRetriedAndAnSdkErrorIsClassified() throws Exception {
        OffboardingState state = Json.MAPPER.readValue(sample("NotifyOffboardedFunction"), OffboardingState.class);
        when(events.putEvents(any(PutEventsRequest.class)))
                .thenReturn(PutEventsResponse.builder().failedEntryCount(1)
                        .entries(PutEventsResultEntry.builder().errorCode("ThrottlingException").build()).build())
                .thenThrow(EventBridgeException.builder().statusCode(400).message("denied")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build());
        OffboardingEventPublisher publisher = new OffboardingEventPublisher(events, "bus");

        RetryableStepException rejected = assertThrows(RetryableStepException.class, () -> publisher.publishCompleted(state));
        assertTrue(rejected.getMessage().endsWith("ThrottlingException"));
        assertThrows(PermanentStepException.class, () -> publisher.publishCompleted(state));
    }

    @Test
    void aStateWithoutPlanIsRefused() {
        OffboardingState state = new OffboardingState();
        state.offboardingId = "off-1";

        assertThrows(PermanentStepException.class, () -> new OffboardingEventPublisher(events, "bus").publishCompleted(state));
        verifyNoInteractions(events);
    }

    @Test
    void aDisableOnlyRunDoesNotClaimTheUserWasDeleted() throws Exception {
        OffboardingState state = Json.MAPPER.readValue(sample("NotifyOffboardedFunction"), OffboardingState.class);
        state.deleted = null;
        state.request.mode = OffboardingMode.DISABLE;
        ArgumentCaptor<PutEventsRequest> sent = ArgumentCaptor.forClass(PutEventsRequest.class);
        when(events.putEvents(sent.capture())).thenReturn(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("evt-2").build()).build());

        new OffboardingEventPublisher(events, "bus").publishCompleted(state);

        JsonNode detail = Json.MAPPER.readTree(sent.getValue().entries().get(0).detail());
        assertFalse(detail.get("userDeleted").asBoolean());
        assertEquals(5, detail.get("removed").size());
        verify(events).putEvents(any(PutEventsRequest.class));
    }
}
