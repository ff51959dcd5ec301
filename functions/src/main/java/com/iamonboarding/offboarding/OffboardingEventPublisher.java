package com.iamonboarding.offboarding;

import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.notify.NotifyResult;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Publishes OffboardingCompleted to the project's event bus (the same bus and source as
 * OnboardingCompleted). A retried step publishes again, so consumers de-duplicate on
 * {@code detail.offboardingId}.
 */
public class OffboardingEventPublisher {

    public static final String COMPLETED = "OffboardingCompleted";

    private static final Log LOG = Log.forFunction("NotifyOffboarded");

    private final EventPublisher events;

    public OffboardingEventPublisher(EventBridgeClient events, String eventBusName) {
        this.events = new EventPublisher(events, eventBusName);
    }

    public NotifyResult publishCompleted(OffboardingState state) {
        if (state == null || state.offboardingId == null || state.request == null || state.plan == null || state.plan.tags == null) {
            throw new PermanentStepException("NotifyOffboarded needs offboardingId, request and plan in its input");
        }
        OffboardingCompletedDetail detail = OffboardingCompletedDetail.from(state);
        String eventId = events.publish(COMPLETED, detail, detail.userArn);
        LOG.info(state.offboardingId, "OffboardingCompleted published", "eventId", eventId,
                "userName", detail.userName, "removed", detail.removed.size());
        return new NotifyResult(eventId);
    }
}
