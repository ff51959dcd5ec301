package com.iamonboarding.common;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every AWS call inside the invocation's time: an SDK call may take up to
 * {@link AwsClients#API_CALL_TIMEOUT}, so one is not started when less than that (plus
 * {@link #RESERVE} to fail cleanly) is left before Lambda's timeout. The call fails at once with
 * a timeout, which {@link AwsErrors} makes a {@link RetryableStepException}: the state machine
 * retries the step, instead of meeting Lambda's own timeout halfway through a call.
 *
 * <p>{@link JsonHandler} starts the deadline of each invocation from
 * {@link Context#getRemainingTimeInMillis()} on the invoking thread, and ends it afterwards; the
 * interceptor is on every client {@link AwsClients} builds.
 */
public final class InvocationDeadline implements ExecutionInterceptor {

    /** Time kept back to turn a refused call into the step's error and return it. */
    static final Duration RESERVE = Duration.ofSeconds(1);

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    static void begin(Context context) {
        if (context != null && context.getRemainingTimeInMillis() > 0) {
            DEADLINE_NANOS.set(System.nanoTime() + Duration.ofMillis(context.getRemainingTimeInMillis()).toNanos());
        } else {
            DEADLINE_NANOS.remove();
        }
    }

    static void end() {
        DEADLINE_NANOS.remove();
    }

    /** Time left in the invocation on this thread; empty outside an invocation (tests, the local stack's own clients). */
    static Optional<Duration> remaining() {
        Long deadline = DEADLINE_NANOS.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
    }

    /** The shortest time an invocation must have left to start one AWS call. */
    public static Duration neededPerCall() {
        return AwsClients.API_CALL_TIMEOUT.plus(RESERVE);
    }

    @Override
    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                ExecutionAttributes executionAttributes) {
        Optional<Duration> left = remaining();
        if (left.isPresent() && left.get().compareTo(neededPerCall()) < 0) {
            SdkRequest request = context.request();
            throw ApiCallTimeoutException.builder()
                    .message(request.getClass().getSimpleName() + " not started: " + left.get().toMillis()
                            + " ms left in this invocation, a call may take " + AwsClients.API_CALL_TIMEOUT.toMillis() + " ms")
                    .build();
        }
    }
}
