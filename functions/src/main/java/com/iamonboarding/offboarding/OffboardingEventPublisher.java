package com.iamonboarding.offboarding;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.notify.NotifyResult;
import com.iamonboarding.notify.OnboardingEventPublisher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes OffboardingCompleted to the project's event bus (the same bus and source as
 * OnboardingCompleted). A retried step publishes again, so consumers de-duplicate on
 * {@code detail.offboardingId}.
 */
public class OffboardingEventPublisher {

    public static final String COMPLETED = "OffboardingCompleted";

    private static final Log LOG = Log.forFunction("NotifyOffboarded");

    private final EventBridgeClient events;
    private final String eventBusName;

    public OffboardingEventPublisher(EventBridgeClient events, String eventBusName) {
        this.events = events;
        this.eventBusName = eventBusName;
    }

    public NotifyResult publishCompleted(OffboardingState state) {
        if (state == null || state.offboardingId == null || state.request == null || state.plan == null || state.plan.tags == null) {
            throw new PermanentStepException("NotifyOffboarded needs offboardingId, request and plan in its input");
        }
        OffboardingCompletedDetail detail = OffboardingCompletedDetail.from(state);
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(OnboardingEventPublisher.SOURCE)
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
        if ((response.failedEntryCount() != null && response.failedEntryCount() > 0) || result == null || result.eventId() == null) {
            String code = result == null || result.errorCode() == null ? "Unknown" : result.errorCode();
            throw new RetryableStepException("events:PutEvents " + eventBusName + " rejected the event: " + code);
        }
        LOG.info(state.offboardingId, "OffboardingCompleted published", "eventId", result.eventId(),
                "userName", detail.userName, "removed", detail.removed.size());
        return new NotifyResult(result.eventId());
    }
}
