package com.iamonboarding.offboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.notify.NotifyResult;

/**
 * The offboarding state machine's state: the request, its id, and what each step added under its
 * ResultPath. Identifiers and action lists only; an offboarding handles no secret at all.
 */
public class OffboardingState {
    public String offboardingId;
    public OffboardingRequest request;
    public OffboardingPlan plan;
    public ExecutedActions disabled;
    public ExecutedActions deleted;
    public NotifyResult notification;
    /** Set by a Catch: {"Error": ..., "Cause": ...}. */
    public JsonNode error;

    public String userName() {
        return request == null ? null : request.userName;
    }
}
