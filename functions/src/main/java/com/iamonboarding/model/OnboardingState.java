package com.iamonboarding.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.seal.Seal;
import com.iamonboarding.seal.SealedInput;

/**
 * The state machine's state as every step sees it: the request, the onboarding id, and the
 * identifiers each earlier step added under its own ResultPath. Only identifiers ever live here.
 */
public class OnboardingState implements SealedInput {
    /** The workflow name the API seals onboarding states with. */
    public static final String WORKFLOW = "onboarding";

    public String onboardingId;
    public OnboardingRequest request;
    /** Put there by StartOnboarding; every step checks it before it does anything. */
    public Seal seal;
    public AliasResult alias;
    public UserResult user;
    public LoginProfileResult loginProfile;
    public AccessResult access;
    public MfaResult mfa;
    public AccessKeyResult accessKey;
    /** SELF_SERVICE: set when the hire has enrolled their MFA device and chosen their password. */
    public EnrolmentResult enrolment;
    /** Set by a Catch: {"Error": ..., "Cause": ...}. */
    public JsonNode error;
    /** Set by the Pass state that a Catch routes to: the step that failed. */
    public String failedStep;
    /** Set by Notify's Catch: the notification that could not be published, reported by Notify's last run. */
    public JsonNode notificationError;
    /** Set once the rollback's retries are spent: its last run reports what remains instead of asking for a retry. */
    public Boolean finalRollbackAttempt;

    public String userName() {
        return request == null ? null : request.userName;
    }

    @Override
    public String sealedId() {
        return onboardingId;
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
