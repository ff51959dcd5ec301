package com.iamonboarding.notify;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes OnboardingCompleted to the project's event bus. EventBridge delivers at least once and a
 * retried step publishes again, so consumers de-duplicate on {@code detail.onboardingId}.
 */
public class OnboardingEventPublisher {

    public static final String SOURCE = "iam-onboarding";
    public static final String COMPLETED = "OnboardingCompleted";

    private static final Log LOG = Log.forFunction("Notify");

    private final EventBridgeClient events;
    private final String eventBusName;

    public OnboardingEventPublisher(EventBridgeClient events, String eventBusName) {
        this.events = events;
        this.eventBusName = eventBusName;
    }

    public NotifyResult publishCompleted(OnboardingState state) {
        OnboardingCompletedDetail detail = OnboardingCompletedDetail.from(state);
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(SOURCE)
                .detailType(COMPLETED)
                .detail(Json.write(detail));
        if (detail.userArn != null) {
            entry.resources(detail.userArn);
        }
        PutEventsResponse response;
        try {
            response = events.putEvents(PutEventsRequest.builder().entries(entry.build()).build());
        } catch (SdkException e) {
            throw AwsErrors.classify("events:PutEvents " + eventBusName, e);
        }
        PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
        if ((response.failedEntryCount() != null && response.failedEntryCount() > 0)
                || result == null || result.eventId() == null) {
            // Only the error code: EventBridge's message could quote the entry.
            String code = result == null || result.errorCode() == null ? "Unknown" : result.errorCode();
            throw new RetryableStepException("events:PutEvents " + eventBusName + " rejected the event: " + code);
        }
        LOG.info(state.onboardingId, "OnboardingCompleted published", "eventId", result.eventId(),
                "eventBusName", eventBusName);
        return new NotifyResult(result.eventId());
    }
}
