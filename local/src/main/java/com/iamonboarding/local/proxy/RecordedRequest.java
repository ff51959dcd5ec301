package com.iamonboarding.local.proxy;

import java.time.Instant;
import java.util.Map;

/**
 * One AWS API request that passed through the local Lambda endpoint. {@code parameters} holds the
 * request's parameters (a JSON body as a map, or the flat form fields of a query-protocol call; for
 * REST calls also the query fields and the {@code x-amz-*} headers IAM conditions read, by their
 * lower-case names) and can contain secrets: it stays in memory for tests and is never printed
 * ({@link #toString()} leaves it out).
 */
public record RecordedRequest(Instant at, String service, String action, String method, String path,
                              Map<String, Object> parameters, String accessKeyId, Answer answer) {

    public RecordedRequest(Instant at, String service, String action, String method, String path, Map<String, Object> parameters) {
        this(at, service, action, method, path, parameters, null, new Answer());
    }

    /** A request signed with {@code accessKeyId} (the SigV4 credential's key id; not a secret). */
    public RecordedRequest(Instant at, String service, String action, String method, String path, Map<String, Object> parameters,
                           String accessKeyId) {
        this(at, service, action, method, path, parameters, accessKeyId, new Answer());
    }

    /** How the request was answered, once it was: the HTTP status and when (0 and null before). */
    public static final class Answer {
        private volatile int status;
        private volatile Instant at;

        public void set(int status, Instant at) {
            this.at = at;
            this.status = status;
        }

        public int status() {
            return status;
        }

        public Instant at() {
            return at;
        }

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** A parameter as text, or null; flat query names such as {@code Tags.member.1.Key} work too. */
    public String parameter(String name) {
        Object value = parameters.get(name);
        return value == null ? null : String.valueOf(value);
    }

    @Override
    public String toString() {
        return service + ":" + action + " (" + method + " " + path + ")";
    }
}
