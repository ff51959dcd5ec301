package com.iamonboarding.seal;

/**
 * What the API puts beside an execution's request: when it was sealed and the KMS HMAC over the
 * workflow, the id, that time and the request. Not a secret, but useless to anyone without
 * {@code kms:GenerateMac} on the seal key, which only the API functions have.
 */
public record Seal(String issuedAt, String mac) {
}
