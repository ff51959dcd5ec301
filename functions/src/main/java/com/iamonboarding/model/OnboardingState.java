package com.iamonboarding.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state machine's state as every step sees it: the request, the onboarding id, and the
 * identifiers each earlier step added under its own ResultPath. Only identifiers ever live here.
 */
public class OnboardingState {
    public String onboardingId;
    public OnboardingRequest request;
    public AliasResult alias;
    public UserResult user;
    public LoginProfileResult loginProfile;
    public AccessResult access;
    public MfaResult mfa;
    public AccessKeyResult accessKey;
    /** Set by a Catch: {"Error": ..., "Cause": ...}. */
    public JsonNode error;
    /** Set by the Pass state that a Catch routes to: the step that failed. */
    public String failedStep;

    public String userName() {
        return request == null ? null : request.userName;
    }
}
