package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class UserResult {
    public String userName;
    public String userArn;
    public String path;
    public boolean created;

    public UserResult() {
    }
}
