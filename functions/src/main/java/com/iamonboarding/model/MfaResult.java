package com.iamonboarding.model;

/** Output of one step: identifiers only. */
public class MfaResult {
    public String serialNumber;
    public String qrCodeBucket;
    public String qrCodeS3Key;

    public MfaResult() {
    }
}
