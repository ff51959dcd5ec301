package com.iamonboarding.offboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.notify.NotifyResult;
import com.iamonboarding.seal.Seal;
import com.iamonboarding.seal.SealedInput;

/**
 * The offboarding state machine's state: the request, its id, and what each step added under its
 * ResultPath. Identifiers and action lists only; an offboarding handles no secret at all.
 */
public class OffboardingState implements SealedInput {
    /** The workflow name the API seals offboarding states with. */
    public static final String WORKFLOW = "offboarding";

    public String offboardingId;
    public OffboardingRequest request;
    /** Put there by StartOffboarding; every step checks it before it does anything. */
    public Seal seal;
    public OffboardingPlan plan;
    public ExecutedActions disabled;
    public ExecutedActions deleted;
    public NotifyResult notification;
    /** Set by a Catch: {"Error": ..., "Cause": ...}. */
    public JsonNode error;

    public String userName() {
        return request == null ? null : request.userName;
    }

    @Override
    public String sealedId() {
        return offboardingId;
    }

    @Override
    public Object sealedRequest() {
        return request;
    }

    @Override
    public Seal seal() {
        return seal;
    }
}
