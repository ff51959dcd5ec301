package com.iamonboarding.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Asks again and again, briefly pausing in between, until there is an answer or the time is up. */
public final class Poll {

    public static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** The first present answer of {@code probe}; a TimeoutException-like IllegalStateException after {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return until(what, timeout, INTERVAL, probe);
    }

    /** The same, pausing {@code interval} between probes (shorter for a probe that costs next to nothing). */
    public static <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
    }
}
