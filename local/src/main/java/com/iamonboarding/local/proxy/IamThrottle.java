package com.iamonboarding.local.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * IAM's request rate limit, which moto does not have: a token bucket on IAM write actions, so that a
 * cohort run locally meets {@code Throttling} the way it would on a busy account, and the state
 * machine's retries with backoff (not luck) get every row through. Real IAM limits mutating calls far
 * more tightly than reads, and a step's idempotency checks are reads; throttling those too would
 * measure something AWS does not do, so reads always pass.
 *
 * <p>The bucket holds up to {@code burst} tokens and gains {@code ratePerSecond} of them a second;
 * every write takes one, and a write that finds none is answered with IAM's own throttling error
 * without reaching the emulator, so it has no effect. The bucket starts full, as an idle account's is.
 * A rate of 0 turns the throttle off, which is the default.
 */
public final class IamThrottle {

    /** Requests per second (a decimal number; 0 or unset: off). */
    public static final String RATE_PROPERTY = "iamonboarding.local.iamWriteRate";
    /** Bucket capacity (a whole number of requests; unset: the rate's whole part, at least 1). */
    public static final String BURST_PROPERTY = "iamonboarding.local.iamWriteBurst";

    /**
     * The verbs of IAM's mutating actions. IAM names every action verb first ({@code CreateUser},
     * {@code AttachUserPolicy}, {@code ResyncMFADevice}), so the verb alone tells a write from a read
     * ({@code List...}, {@code Get...}, {@code Generate...}, {@code Simulate...}). This list is the
     * one place that decides what the throttle counts.
     */
    private static final List<String> WRITE_VERBS = List.of("Create", "Delete", "Put", "Attach", "Detach", "Add", "Remove",
            "Update", "Enable", "Deactivate", "Tag", "Untag", "Set", "Change", "Resync", "Upload");

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double ratePerSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    /** Guarded by {@code this}. */
    private double tokens;
    /** Guarded by {@code this}: the clock reading {@link #tokens} was last brought up to date at. */
    private long refilledAt;

    /**
     * @param ratePerSecond tokens gained a second; 0 turns the throttle off
     * @param burst         the most tokens the bucket holds, so the most writes that can go at once after a pause
     * @param nanoClock     a monotonic clock in nanoseconds ({@code System::nanoTime}); tests pass a fake one
     */
    public IamThrottle(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the IAM write rate must be 0 (off) or a positive number of requests per second, not "
                    + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("the IAM write burst must be at least 1 request, not " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** A throttle of {@code ratePerSecond} with the default burst, on the system's monotonic clock. */
    public static IamThrottle perSecond(double ratePerSecond) {
        return new IamThrottle(ratePerSecond, defaultBurst(ratePerSecond), System::nanoTime);
    }

    /** A throttle that lets every request through (it still counts the IAM writes it sees). */
    public static IamThrottle off() {
        return perSecond(0);
    }

    /** The throttle the system properties {@value #RATE_PROPERTY} and {@value #BURST_PROPERTY} ask for; off when unset. */
    public static IamThrottle fromProperty() {
        return fromProperties(System.getProperties());
    }

    /** As {@link #fromProperty()}, from {@code properties}; a value that is not a number is refused, naming the property. */
    public static IamThrottle fromProperties(Properties properties) {
        String rateText = properties.getProperty(RATE_PROPERTY);
        if (rateText == null || rateText.isBlank()) {
            return off();
        }
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RATE_PROPERTY + " must be a number of requests per second, not '" + rateText + "'", e);
        }
        String burstText = properties.getProperty(BURST_PROPERTY);
        if (burstText == null || burstText.isBlank()) {
            return perSecond(rate);
        }
        try {
            return new IamThrottle(rate, Integer.parseInt(burstText.trim()), System::nanoTime);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BURST_PROPERTY + " must be a whole number of requests, not '" + burstText + "'", e);
        }
    }

    /**
     * One second's worth of requests, so that a steady caller at the rate never waits, and at least one
     * token, without which a rate below 1/s could never admit anything.
     */
    static int defaultBurst(double ratePerSecond) {
        return Math.max(1, (int) Math.min(Integer.MAX_VALUE, Math.floor(ratePerSecond)));
    }

    /** True for the IAM actions that change something, the ones real IAM rate-limits hardest. */
    public static boolean isWrite(String action) {
        if (action == null) {
            return false;
        }
        for (String verb : WRITE_VERBS) {
            if (action.startsWith(verb)) {
                return true;
            }
        }
        return false;
    }

    /** Empty to let {@code request} go on; IAM's {@code Throttling} error for a write that finds the bucket empty. */
    Optional<AwsErrorResponses.AwsError> admit(RecordedRequest request) {
        if (!"iam".equals(request.service()) || !isWrite(request.action())) {
            return Optional.empty();
        }
        if (!enabled() || take()) {
            admitted.incrementAndGet();
            return Optional.empty();
        }
        throttled.incrementAndGet();
        return Optional.of(AwsErrorResponses.errorFor(Fault.throttling(), request, false));
    }

    /** Takes a token if there is one, after adding those gained since the last call. */
    synchronized boolean take() {
        long now = nanoClock.getAsLong();
        // A difference of nanoTime readings, which stays right when the readings overflow.
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public boolean enabled() {
        return ratePerSecond > 0;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int burst() {
        return burst;
    }

    /** IAM writes that went on to the emulator (all of them while the throttle is off). */
    public long admitted() {
        return admitted.get();
    }

    /** IAM writes answered with {@code Throttling} instead. */
    public long throttled() {
        return throttled.get();
    }

    /** For log lines and benchmark output: "2.5/s, burst 2", or "off". */
    public String describe() {
        return enabled() ? String.format(Locale.ROOT, "%s/s, burst %d", stripZeros(ratePerSecond), burst) : "off";
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) && value < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return "IAM write throttle " + describe();
    }
}
