package com.iamonboarding.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated onboarding request, with defaults applied. It travels in the state machine input
 * under {@code $.request}; it holds no secret.
 */
public class OnboardingRequest {
    public String employeeId;
    public String userName;
    public String email;
    public String displayName;
    public String department;
    public String accessProfile;
    public Boolean consoleAccess = Boolean.TRUE;
    public Boolean programmaticAccess = Boolean.TRUE;
    public Map<String, String> tags = new LinkedHashMap<>();
    /**
     * Who hands the hire their credentials: {@link #SELF_SERVICE} (the hire enrols their own MFA
     * device and chooses their password through a one-time link) or {@link #OPERATOR} (the backend
     * makes both and an operator hands them over).
     */
    public String handover;
    /** Where the invitation link points (set by the API, never by the caller): SELF_SERVICE only. */
    public String enrolmentUrl;
    /** How long an invitation is valid, in seconds (set by the API from the stack's parameter): SELF_SERVICE only. */
    public Integer invitationValiditySeconds;

    public static final String SELF_SERVICE = "SELF_SERVICE";
    public static final String OPERATOR = "OPERATOR";

    public boolean wantsConsoleAccess() {
        return consoleAccess == null || consoleAccess;
    }

    public boolean wantsProgrammaticAccess() {
        return programmaticAccess == null || programmaticAccess;
    }

    @JsonIgnore
    public boolean isSelfService() {
        return SELF_SERVICE.equals(handover);
    }
}
