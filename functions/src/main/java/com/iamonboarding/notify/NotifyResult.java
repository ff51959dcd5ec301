package com.iamonboarding.notify;

/**
 * Output of Notify: whether OnboardingCompleted reached the bus, and the id EventBridge gave it. A
 * notification that could not be published does not undo a working identity: the onboarding
 * succeeds with {@code status} {@value #FAILED} and the error's name.
 */
public class NotifyResult {
    public static final String PUBLISHED = "PUBLISHED";
    public static final String FAILED = "FAILED";

    public String status;
    public String eventId;
    public String error;

    public NotifyResult() {
    }

    public NotifyResult(String eventId) {
        this.status = PUBLISHED;
        this.eventId = eventId;
    }

    public static NotifyResult failed(String error) {
        NotifyResult result = new NotifyResult();
        result.status = FAILED;
        result.error = error;
        return result;
    }
}
