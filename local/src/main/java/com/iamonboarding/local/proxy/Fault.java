package com.iamonboarding.local.proxy;

import java.util.Objects;

/**
 * What the local Lambda endpoint does to a request instead of, or besides, passing it to the
 * emulator. The named errors take the code and status of the service that is asked, in its protocol
 * ({@link AwsErrorResponses}); {@link #error} is any AWS error a test names itself.
 */
public record Fault(Kind kind, int status, String errorCode, String message) {

    public enum Kind {
        /** The AWS error {@code status}/{@code errorCode}; the request is not applied. */
        ERROR(false),
        /** The service's throttling error: IAM {@code Throttling} 400, S3 {@code SlowDown} 503, JSON services {@code ThrottlingException} 400. */
        THROTTLING(false),
        /** The service's internal error: IAM {@code ServiceFailure} 500, S3 {@code InternalError} 500, JSON services {@code InternalFailure} 500. */
        SERVER_ERROR(false),
        /** The service's not-found error: IAM {@code NoSuchEntity} 404, S3 {@code NoSuchKey} 404, JSON services {@code ResourceNotFoundException} 400. */
        NO_SUCH_ENTITY(false),
        /** The connection is closed without any answer; the request is not applied. */
        DROPPED_CONNECTION(false),
        /**
         * The request is applied at once, but its answer is held back beyond the functions' SDK attempt
         * timeout: the caller gives up on a call that did happen. (Holding the request instead would let
         * it land at a random moment after the caller's retry, which no test could rely on.)
         */
        SLOW_RESPONSE(true),
        /** The request is applied, then answered with the service's internal error: the response is lost. */
        FAIL_AFTER_APPLY(true),
        /**
         * The request waits a random time of up to {@code status} milliseconds before it is applied and
         * answered as usual: concurrent requests then reach the emulator in varying orders.
         */
        JITTER(true),
        /** The request waits exactly {@code status} milliseconds, then is applied and answered as usual: a slow call. */
        DELAY(true);

        private final boolean applies;

        Kind(boolean applies) {
            this.applies = applies;
        }

        /** True when the request still reaches the emulator (and so takes effect). */
        public boolean applies() {
            return applies;
        }
    }

    private static final String INJECTED = "injected by the local stack's fault injection";

    public Fault {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? INJECTED : message;
    }

    public static Fault error(int status, String errorCode, String message) {
        return new Fault(Kind.ERROR, status, Objects.requireNonNull(errorCode, "errorCode"), message);
    }

    public static Fault throttling() {
        return new Fault(Kind.THROTTLING, 0, null, null);
    }

    public static Fault serverError() {
        return new Fault(Kind.SERVER_ERROR, 0, null, null);
    }

    public static Fault noSuchEntity() {
        return new Fault(Kind.NO_SUCH_ENTITY, 0, null, null);
    }

    public static Fault droppedConnection() {
        return new Fault(Kind.DROPPED_CONNECTION, 0, null, null);
    }

    public static Fault slowResponse() {
        return new Fault(Kind.SLOW_RESPONSE, 0, null, null);
    }

    /** Up to {@code maxMillis} of random delay before the request goes on (the bound is kept in {@code status}). */
    public static Fault jitter(int maxMillis) {
        return new Fault(Kind.JITTER, maxMillis, null, null);
    }

    /** {@code millis} of delay before the request goes on (kept in {@code status}). */
    public static Fault delay(int millis) {
        return new Fault(Kind.DELAY, millis, null, null);
    }

    public static Fault failAfterApply() {
        return new Fault(Kind.FAIL_AFTER_APPLY, 0, null, null);
    }

    /** Short and secret-free, for log lines and test names: "THROTTLING", "ERROR 403 AccessDenied". */
    public String describe() {
        return kind == Kind.ERROR ? kind + " " + status + " " + errorCode : kind.name();
    }
}
