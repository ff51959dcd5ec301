package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class AliasResult {
    public String accountAlias;
    public String signInUrl;
    public boolean created;

    public AliasResult() {
    }
}
