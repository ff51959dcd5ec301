package com.iamonboarding.local.proxy;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One injected fault: for the first {@code times} requests of {@code action} that mention
 * {@code scope} (see {@link RequestScope}; null: every request of the action), do {@link #fault()}.
 * {@link #hits()} counts the requests it took, so a test can prove its fault really happened.
 */
public final class FaultRule {

    /** As many times as the action is asked: a permanent fault. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private final String action;
    private final String scope;
    private final Fault fault;
    private final AtomicInteger remaining;
    private final AtomicInteger hits = new AtomicInteger();

    FaultRule(String action, String scope, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault needs at least one request to act on, not " + times);
        }
        this.action = Objects.requireNonNull(action, "action");
        this.scope = scope;
        this.fault = Objects.requireNonNull(fault, "fault");
        this.remaining = new AtomicInteger(times);
    }

    public String action() {
        return action;
    }

    public String scope() {
        return scope;
    }

    public Fault fault() {
        return fault;
    }

    /** How many requests this rule has answered so far. */
    public int hits() {
        return hits.get();
    }

    /** True once the rule has used up its requests (never for {@link #ALWAYS}). */
    public boolean exhausted() {
        return remaining.get() == 0;
    }

    boolean appliesTo(RecordedRequest request) {
        return action.equals(request.action()) && (scope == null || RequestScope.mentions(request, scope));
    }

    /** Takes one of the remaining requests; false when there is none left (another request may have taken the last). */
    boolean claim() {
        int before = remaining.getAndUpdate(n -> n > 0 && n != ALWAYS ? n - 1 : n);
        if (before <= 0) {
            return false;
        }
        hits.incrementAndGet();
        return true;
    }

    @Override
    public String toString() {
        return fault.describe() + " on " + action + (scope == null ? "" : " for " + scope);
    }
}
