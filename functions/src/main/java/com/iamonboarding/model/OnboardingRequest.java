package com.iamonboarding.model;

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

    public boolean wantsConsoleAccess() {
        return consoleAccess == null || consoleAccess;
    }

    public boolean wantsProgrammaticAccess() {
        return programmaticAccess == null || programmaticAccess;
    }
}
