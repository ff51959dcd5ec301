package com.iamonboarding.common;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts one event from {@value #SOURCE} on the project's event bus and returns its id. An entry
 * EventBridge rejects (PutEvents succeeds with a FailedEntryCount) is a RetryableStepException.
 */
public class EventPublisher {

    public static final String SOURCE = "iam-onboarding";

    private final EventBridgeClient events;
    private final String eventBusName;

    public EventPublisher(EventBridgeClient events, String eventBusName) {
        this.events = events;
        this.eventBusName = eventBusName;
    }

    public String eventBusName() {
        return eventBusName;
    }

    /** {@code detail} is written as JSON; {@code resourceArn} may be null. */
    public String publish(String detailType, Object detail, String resourceArn) {
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(SOURCE)
                .detailType(detailType)
                .detail(Json.write(detail));
        if (resourceArn != null) {
            entry.resources(resourceArn);
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
        return result.eventId();
    }
}
