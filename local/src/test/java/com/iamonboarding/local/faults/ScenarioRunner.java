package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Runs fault scenarios through the shared stack, several at a time (each fault is scoped to its own
 * user, so they do not meet each other's faults), checks each one's end state, and keeps the results
 * for a one-line summary.
 */
final class ScenarioRunner implements AutoCloseable {

    /** What became of one scenario; {@code failure} is null when it behaved as it must. */
    record Result(FaultScenario scenario, String userName, String status, String failedStep, int faultHits,
                  Duration duration, Throwable failure) {

        /** Fails the calling test with the scenario's failure, if it had one. */
        void assertAsExpected() {
            if (failure != null) {
                throw new AssertionError(scenario.name() + " (user " + userName + ", execution " + status
                        + (failedStep == null ? "" : " at " + failedStep) + ", fault met " + faultHits + " times): "
                        + failure.getMessage(), failure);
            }
        }

        String outcome() {
            if (failure != null) {
                return "not as expected";
            }
            return scenario.permanent() ? "failed naming the faulted step and rolled back completely" : "completed with one clean run's resources";
        }
    }

    static final String RETRYABLE = "com.iamonboarding.common.RetryableStepException";
    /** A throttled call is retried under its own name, with more patience than other transient failures. */
    static final String THROTTLED = "com.iamonboarding.common.ThrottledStepException";
    /** How often a function's SDK client sends a throttled call before the step fails (the README, "Retries"). */
    static final int CLIENT_ATTEMPTS_OF_A_THROTTLED_CALL = 5;
    static final String PERMANENT = "com.iamonboarding.common.PermanentStepException";

    private final FaultInjection faults = SharedStack.get().lambdaEndpoint().faults();
    private final ExecutorService pool;
    private final int parallelism;
    private final List<Result> results = new ArrayList<>();
    private final Instant started = Instant.now();

    ScenarioRunner(int parallelism) {
        this.parallelism = parallelism;
        this.pool = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "fault-scenario");
            thread.setDaemon(true);
            return thread;
        });
    }

    CompletableFuture<Result> submit(FaultScenario scenario) {
        return CompletableFuture.supplyAsync(() -> record(run(scenario)), pool);
    }

    /** Runs the scenario on the calling thread. */
    Result runHere(FaultScenario scenario) {
        return record(run(scenario));
    }

    private Result run(FaultScenario scenario) {
        String userName = Requests.userName(scenario.userNamePurpose());
        FaultRule rule = faults.inject(scenario.action(), scenario.scope().apply(userName), scenario.times(), scenario.fault());
        FaultRule rollbackRule = scenario.rollbackAction() == null ? null
                : faults.inject(scenario.rollbackAction(), userName, 1, scenario.rollbackFault());
        Instant start = Instant.now();
        OnboardingRunner.Outcome outcome = null;
        Throwable failure = null;
        try {
            outcome = LightOnboardings.run(Requests.request(userName, FaultScenario.PROFILE, true, true));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            faults.remove(rule);
            if (rollbackRule != null) {
                faults.remove(rollbackRule);
            }
        }
        if (failure == null) {
            failure = verify(scenario, userName, rule, rollbackRule, outcome);
        }
        return new Result(scenario, userName, outcome == null ? "none" : outcome.status(),
                outcome == null ? null : outcome.failedStep(), rule.hits(), Duration.between(start, Instant.now()), failure);
    }

    private static Throwable verify(FaultScenario scenario, String userName, FaultRule rule, FaultRule rollbackRule,
                                    OnboardingRunner.Outcome outcome) {
        try {
            assertTrue(rule.hits() >= 1, "the fault was met");
            assertTrue(rollbackRule == null || rollbackRule.hits() == 1, "the rollback met its fault");
            List<HistoryEvent> history = new ExecutionProgress(SharedStack.sfn()).history(outcome.executionArn());
            if (scenario.permanent()) {
                assertEquals("FAILED", outcome.status(), () -> "the onboarding fails: " + outcome.onboarding());
                assertEquals(scenario.step(), outcome.failedStep(), () -> "the failure names the step: " + outcome.onboarding());
                assertTrue(taskFailures(history, scenario.step(), PERMANENT) >= 1, "the step failed with " + PERMANENT);
                if (rollbackRule != null && absorbedByTheClient(scenario.rollbackFault(), 1)) {
                    assertEquals(0, taskFailures(history, "Compensate", RETRYABLE), "the rollback's client sent the throttled call again itself");
                } else if (rollbackRule != null) {
                    assertTrue(taskFailures(history, "Compensate", RETRYABLE) >= 1, "the rollback was retried");
                }
                NothingLeft.assertNothingLeftOf(outcome.onboardingId(), userName);
            } else {
                assertEquals(scenario.times(), rule.hits(), "the fault was met as often as asked");
                if (absorbedByTheClient(scenario.fault(), scenario.times())) {
                    assertEquals(0, taskFailures(history, scenario.step(), THROTTLED) + taskFailures(history, scenario.step(), RETRYABLE),
                            "the function's client sent the throttled call again itself: the step did not fail");
                } else if (scenario.fault().kind() == Fault.Kind.THROTTLING) {
                    assertTrue(taskFailures(history, scenario.step(), THROTTLED) >= 1,
                            "throttled beyond the client's attempts, the step failed with " + THROTTLED + " and the state machine retried it");
                } else {
                    assertTrue(taskFailures(history, scenario.step(), RETRYABLE) >= scenario.times(),
                            "the step failed with " + RETRYABLE + " and the state machine retried it");
                }
                CleanRun.assertExactlyOneCleanRun(userName, FaultScenario.PROFILE, true, true, outcome);
            }
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /**
     * How many attempts of the Task state {@code state} failed with {@code error}. Branches of a
     * Parallel state interleave their events, so each event belongs to the state its chain of
     * {@code previousEventId}s leads back to, not to the state entered last.
     */
    /** A call throttled fewer times than the functions' clients attempt it never fails its step (AwsClients). */
    static boolean absorbedByTheClient(Fault fault, int times) {
        return fault.kind() == Fault.Kind.THROTTLING && times < CLIENT_ATTEMPTS_OF_A_THROTTLED_CALL;
    }

    static long taskFailures(List<HistoryEvent> history, String state, String error) {
        Map<Long, String> stateOf = new java.util.HashMap<>();
        long failures = 0;
        for (HistoryEvent event : history) {
            String owner = event.stateEnteredEventDetails() != null ? event.stateEnteredEventDetails().name()
                    : stateOf.get(event.previousEventId());
            if (owner != null) {
                stateOf.put(event.id(), owner);
            }
            if (event.type() == HistoryEventType.TASK_FAILED && state.equals(owner)
                    && error.equals(event.taskFailedEventDetails().error())) {
                failures++;
            }
        }
        return failures;
    }

    private synchronized Result record(Result result) {
        results.add(result);
        return result;
    }

    /** "fault scenarios: 49 ran in 80 s, 6 at a time: 45 completed with one clean run's resources, ...". */
    synchronized String summary(String what) {
        Map<String, Long> outcomes = results.stream().collect(Collectors.groupingBy(Result::outcome, TreeMap::new, Collectors.counting()));
        String counts = outcomes.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String unexpected = results.stream().filter(r -> r.failure() != null).map(r -> r.scenario().name())
                .collect(Collectors.joining("; "));
        String longest = results.stream().max(Comparator.comparing(Result::duration))
                .map(r -> "; longest " + r.duration().toMillis() / 1000.0 + " s: " + r.scenario().name()).orElse("");
        return what + ": " + results.size() + " fault scenarios ran in " + Duration.between(started, Instant.now()).toSeconds()
                + " s, " + parallelism + " at a time: " + (counts.isEmpty() ? "none" : counts)
                + (unexpected.isEmpty() ? "" : " (" + unexpected + ")") + longest;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
