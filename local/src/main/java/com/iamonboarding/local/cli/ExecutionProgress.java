package com.iamonboarding.local.cli;

import com.iamonboarding.local.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Follows an execution: reports each state as the execution enters it, until the execution stops. */
public final class ExecutionProgress {

    /** A state the execution entered, {@code at} after the execution started. */
    public record Entered(String state, String type, Duration at) {
    }

    static final Duration STATUS_INTERVAL = Duration.ofMillis(25);

    private final SfnClient sfn;

    public ExecutionProgress(SfnClient sfn) {
        this.sfn = sfn;
    }

    public DescribeExecutionResponse follow(String executionArn, Duration timeout, Consumer<Entered> entered) {
        Set<Long> reported = new HashSet<>();
        // The end is noticed within STATUS_INTERVAL; the history, a heavier read that grows with the
        // execution, is read for the progress lines every Poll.INTERVAL, and once more at the end.
        long[] lastRead = {0};
        DescribeExecutionResponse finished = Poll.until("execution " + executionArn + " to finish", timeout, STATUS_INTERVAL, () -> {
            if (System.nanoTime() - lastRead[0] >= Poll.INTERVAL.toNanos()) {
                lastRead[0] = System.nanoTime();
                report(history(executionArn), reported, entered);
            }
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            return execution.status() == ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(execution);
        });
        report(history(executionArn), reported, entered);
        return finished;
    }

    public List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn).includeExecutionData(true))
                .events().stream().toList();
    }

    private static void report(List<HistoryEvent> events, Set<Long> reported, Consumer<Entered> entered) {
        Instant start = events.isEmpty() ? Instant.now() : events.get(0).timestamp();
        for (HistoryEvent event : events) {
            String type = event.typeAsString();
            if (type != null && type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null
                    && reported.add(event.id())) {
                entered.accept(new Entered(event.stateEnteredEventDetails().name(),
                        type.substring(0, type.length() - "StateEntered".length()),
                        Duration.between(start, event.timestamp())));
            }
        }
    }
}
