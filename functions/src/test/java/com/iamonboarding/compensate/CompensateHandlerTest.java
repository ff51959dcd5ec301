package com.iamonboarding.compensate;

import com.iamonboarding.deprovisioning.DeprovisioningReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.Json;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.testsupport.States;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

@ExtendWith(MockitoExtension.class)
class CompensateHandlerTest {

    @Mock
    RollbackService deprovisioning;
    @Mock
    EventBridgeClient events;

    private OnboardingState failedAt(String step) throws Exception {
        OnboardingState state = States.load("state-developer.json");
        state.failedStep = step;
        state.error = Json.MAPPER.readTree("{\"Error\":\"com.iamonboarding.common.PermanentStepException\","
                + "\"Cause\":\"{\\\"errorType\\\":\\\"com.iamonboarding.common.PermanentStepException\\\","
                + "\\\"errorMessage\\\":\\\"IAM user jane.doe already exists\\\"}\"}");
        return state;
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesTheFailedStepAndTheOriginalMessage() throws Exception {
        DeprovisioningReport report = new DeprovisioningReport();
        report.removed.add("IAM user jane.doe");
        when(deprovisioning.removeOnboarding("onb-3f6c1a9e2b7d4c80a1e5f9d2c4b6a8e0", "jane.doe")).thenReturn(report);

        CompensationResult result = new CompensateHandler(deprovisioning, events, "bus").handle(failedAt("EnrollMfa"), null);

        assertEquals("EnrollMfaFailed", result.error);
        assertTrue(result.cause.startsWith("EnrollMfa failed: IAM user jane.doe already exists."), result.cause);
        assertTrue(result.cause.contains("Rolled back: IAM user jane.doe"));
        verify(events, never()).putEvents(any(Consumer.class));
    }

    @Test
    void transientLeftoversAreRetried() throws Exception {
        DeprovisioningReport report = new DeprovisioningReport();
        report.remaining.add("iam:DeleteUser failed: Throttling (HTTP 400)");
        report.retryable = true;
        when(deprovisioning.removeOnboarding(any(), any())).thenReturn(report);

        assertThrows(RetryableStepException.class,
                () -> new CompensateHandler(deprovisioning, events, "bus").handle(failedAt("CreateUser"), null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void permanentLeftoversPublishRollbackIncompleteAndListWhatRemains() throws Exception {
        DeprovisioningReport report = new DeprovisioningReport();
        report.remaining.add("iam:DeleteUser failed: AccessDenied (HTTP 403)");
        when(deprovisioning.removeOnboarding(any(), any())).thenReturn(report);
        when(events.putEvents(any(Consumer.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(0).build());

        RollbackIncompleteException e = assertThrows(RollbackIncompleteException.class,
                () -> new CompensateHandler(deprovisioning, events, "bus").handle(failedAt("AssignAccess"), null));

        assertTrue(e.getMessage().contains("AccessDenied"));
        ArgumentCaptor<Consumer<PutEventsRequest.Builder>> sent = ArgumentCaptor.forClass(Consumer.class);
        verify(events).putEvents(sent.capture());
        PutEventsRequest.Builder request = PutEventsRequest.builder();
        sent.getValue().accept(request);
        assertEquals("OnboardingRollbackIncomplete", request.build().entries().get(0).detailType());
        assertTrue(request.build().entries().get(0).detail().contains("AssignAccess"));
    }

    @Test
    void plainTextCausesAreKept() throws Exception {
        assertEquals("States.Timeout", CompensateHandler.originalCause(Json.MAPPER.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"\"}")));
        assertEquals("task timed out", CompensateHandler.originalCause(Json.MAPPER.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"task timed out\"}")));
    }
}
