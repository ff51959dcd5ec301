package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class UserResult {
    public String userName;
    public String userArn;
    public String path;
    /** The boundary CreateUser set: every hire has one. */
    public String permissionsBoundaryArn;
    public boolean created;

    public UserResult() {
    }
}
