package com.iamonboarding.offboarding;

/**
 * A validated offboarding request with defaults applied; it travels in the state machine input under
 * {@code $.request}. {@code reason} becomes the user's OffboardingReason tag, so it is tag-safe text.
 */
public class OffboardingRequest {
    public String userName;
    public OffboardingMode mode = OffboardingMode.DISABLE;
    public String reason;
    /** Offboard a user this project did not create (not under USER_PATH or without ManagedBy=iam-onboarding). */
    public Boolean force = Boolean.FALSE;
    /** Only plan: list the actions, change nothing. */
    public Boolean dryRun = Boolean.FALSE;

    public OffboardingMode modeOrDefault() {
        return mode == null ? OffboardingMode.DISABLE : mode;
    }

    public boolean isForced() {
        return Boolean.TRUE.equals(force);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
