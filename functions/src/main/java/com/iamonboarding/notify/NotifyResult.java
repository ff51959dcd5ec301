package com.iamonboarding.notify;

/** Output of Notify: the id EventBridge gave the OnboardingCompleted event. */
public class NotifyResult {
    public String eventId;

    public NotifyResult() {
    }

    public NotifyResult(String eventId) {
        this.eventId = eventId;
    }
}
