package com.iamonboarding.local.proxy;

import java.util.Optional;

/**
 * A step of the proxy that may refuse a request before it reaches the emulator (the local IAM
 * authorisation), and that learns what the emulator applied. {@link #OPEN} refuses nothing.
 */
public interface RequestGate {

    RequestGate OPEN = request -> Optional.empty();

    /** Empty to let the request go on; otherwise the AWS error to answer instead, as the service would. */
    Optional<AwsErrorResponses.AwsError> admit(RecordedRequest request);

    /** The emulator applied {@code request} and answered it with success. */
    default void applied(RecordedRequest request) {
    }
}
