package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class LoginProfileResult {
    public String secretArn;

    public LoginProfileResult() {
    }
}
