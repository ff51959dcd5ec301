package com.iamonboarding.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import com.iamonboarding.testsupport.StdoutCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

@ExtendWith(MockitoExtension.class)
class NotifyHandlerTest {

    @Mock
    EventBridgeClient events;

    @Test
    void readsTheStateAndWritesTheEventId() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder()
                .failedEntryCount(0).entries(PutEventsResultEntry.builder().eventId("evt-42").build()).build());
        NotifyHandler handler = new NotifyHandler(new OnboardingEventPublisher(events, "default"), Seals.accepting(), Statuses.empty(), "stack");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(
                OnboardingEventPublisherTest.FULL_STATE.getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals(Map.of("status", "PUBLISHED", "eventId", "evt-42"), Json.MAPPER.readValue(out.toByteArray(), Map.class));
        ArgumentCaptor<PutEventsRequest> put = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(events).putEvents(put.capture());
        assertEquals("default", put.getValue().entries().get(0).eventBusName());
        assertTrue(put.getValue().entries().get(0).detail().contains("\"onboardingId\":\"ob-1234\""));
    }

    @Test
    void anInputWithoutOnboardingIdIsPermanentAndPublishesNothing() {
        NotifyHandler handler = new NotifyHandler(new OnboardingEventPublisher(events, "default"), Seals.accepting(), Statuses.empty(), "stack");

        assertThrows(PermanentStepException.class, () -> handler.handle(new OnboardingState(), null));
        verifyNoInteractions(events);
    }

    @Test
    void theEnvironmentConstructorNeedsTheBusName() {
        assertEquals(OnboardingState.class, new NotifyHandler(new FunctionEnvironment(
                Map.of("AWS_REGION", "eu-west-1", "EVENT_BUS_NAME", "default", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status"))).inputType());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new NotifyHandler(new FunctionEnvironment(Map.of("AWS_REGION", "eu-west-1", "SEAL_KEY_ID", Seals.KEY_ARN, "STATUS_TABLE", "status"))));
        assertTrue(e.getMessage().contains("EVENT_BUS_NAME"));
    }

    @Test
    void aNotificationThatCouldNotBePublishedIsReportedWithAMetricAndTheOnboardingSucceeds() throws Exception {
        NotifyHandler handler = new NotifyHandler(new OnboardingEventPublisher(events, "default"), Seals.accepting(), Statuses.empty(), "prod-stack");
        OnboardingState state = Json.MAPPER.readValue(OnboardingEventPublisherTest.FULL_STATE, OnboardingState.class);
        state.notificationError = Json.MAPPER.readTree("{\"Error\":\"com.iamonboarding.common.RetryableStepException\","
                + "\"Cause\":\"events:PutEvents default rejected the event: ThrottlingException\"}");

        NotifyResult[] result = new NotifyResult[1];
        String printed = StdoutCapture.capturingStdout(() -> result[0] = handler.handle(state, null));

        assertEquals("FAILED", result[0].status);
        assertEquals("com.iamonboarding.common.RetryableStepException", result[0].error);
        verifyNoInteractions(events);
        JsonNode line = Json.MAPPER.readTree(printed.lines().filter(l -> l.contains("NotificationFailures")).findFirst().orElseThrow());
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("ob-1234", line.get("correlationId").asText());
        assertEquals(1, line.get("NotificationFailures").asInt());
        assertEquals("prod-stack", line.get("Stack").asText());
        JsonNode metric = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("iam-onboarding", metric.get("Namespace").asText());
        assertEquals("NotificationFailures", metric.get("Metrics").get(0).get("Name").asText());
        assertEquals("Stack", metric.get("Dimensions").get(0).get(0).asText());
    }
}
