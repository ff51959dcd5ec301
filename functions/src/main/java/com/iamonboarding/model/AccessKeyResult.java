package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class AccessKeyResult {
    public String accessKeyId;
    public String secretArn;

    public AccessKeyResult() {
    }
}
