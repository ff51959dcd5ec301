package com.iamonboarding.model;

import java.util.ArrayList;
import java.util.List;

/** Output of AssignAccess: what the user was given. */
public class AccessResult {
    public String accessProfile;
    public List<String> groups = new ArrayList<>();
    public List<String> policyArns = new ArrayList<>();

    public AccessResult() {
    }
}
