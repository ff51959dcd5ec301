package com.iamonboarding.notify;

import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.OnboardingState;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Publishes OnboardingCompleted to the project's event bus. EventBridge delivers at least once and a
 * retried step publishes again, so consumers de-duplicate on {@code detail.onboardingId}.
 */
public class OnboardingEventPublisher {

    public static final String COMPLETED = "OnboardingCompleted";

    private static final Log LOG = Log.forFunction("Notify");

    private final EventPublisher events;

    public OnboardingEventPublisher(EventBridgeClient events, String eventBusName) {
        this.events = new EventPublisher(events, eventBusName);
    }

    public NotifyResult publishCompleted(OnboardingState state) {
        OnboardingCompletedDetail detail = OnboardingCompletedDetail.from(state);
        String eventId = events.publish(COMPLETED, detail, detail.userArn);
        LOG.info(state.onboardingId, "OnboardingCompleted published", "eventId", eventId,
                "eventBusName", events.eventBusName());
        return new NotifyResult(eventId);
    }
}
