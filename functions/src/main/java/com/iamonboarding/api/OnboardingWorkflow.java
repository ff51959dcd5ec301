package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The onboarding state machine as the API sees it: the executions of one onboarding id, named after
 * it. The first attempt is named {@code <id>}, a new attempt after a failed, timed-out or aborted
 * one {@code <id>.<n>} ('.' cannot occur in an id, so names never collide). Step Functions keeps a
 * finished execution's name for 90 days; without attempts, the same request sent again after a
 * failure could not run again for that long. SDK errors other than the ones handled here propagate
 * to the handler, which maps them to 503/500.
 */
public class OnboardingWorkflow {

    static final int HISTORY_PAGE_SIZE = 25;
    static final int HISTORY_MAX_PAGES = 4;
    static final String FAILED_STATE_SUFFIX = "Failed";
    static final String SEAL_FIELD = "seal";

    private final SfnClient sfn;
    private final String stateMachineArn;

    public OnboardingWorkflow(SfnClient sfn, String stateMachineArn) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalStateException("STATE_MACHINE_ARN is not a state machine ARN");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** Attempts of one id beyond this are refused: a request that failed this often needs a person. */
    public static final int MAX_ATTEMPTS = 20;
    static final String ATTEMPT_SEPARATOR = ".";

    /** Told about each attempt {@link #start} makes: the status table records it before it runs. */
    public interface AttemptListener {
        /** Attempt {@code attempt} is about to be started (or found started, for a replayed request). */
        void starting(int attempt);

        /** Starting attempt {@code attempt} failed: no execution of it runs. */
        void notStarted(int attempt);
    }

    /** What StartExecution led to: a new attempt, or the running or succeeded one with the same request. */
    public record Started(String executionArn, String status, int attempt) {
    }

    /** The request has failed {@link #MAX_ATTEMPTS} times: no further attempt is started. */
    public static class AttemptsExhaustedException extends RuntimeException {
        AttemptsExhaustedException(String message) {
            super(message);
        }
    }

    /** The execution name is taken by an execution with a different input (or by one that has finished). */
    public static class IdempotencyConflictException extends RuntimeException {
        IdempotencyConflictException(String message) {
            super(message);
        }
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** arn:...:stateMachine:Name becomes arn:...:execution:Name:id (the first attempt). */
    public String executionArn(String onboardingId) {
        return executionArn(onboardingId, 1);
    }

    /** The execution ARN of attempt {@code attempt} (1 is the first) of {@code onboardingId}. */
    public String executionArn(String onboardingId, int attempt) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName(onboardingId, attempt);
    }

    public static String executionName(String onboardingId, int attempt) {
        return attempt == 1 ? onboardingId : onboardingId + ATTEMPT_SEPARATOR + attempt;
    }

    /**
     * Starts {@code onboardingId}, or finds it started. Step Functions answers StartExecution of a
     * taken name with ExecutionAlreadyExists (or, for the same input while it runs, with the running
     * execution). An attempt of the same request that runs or succeeded is the answer, so a client
     * retry is never mistaken for a conflict and never starts a second onboarding; an attempt that
     * failed, timed out or was aborted is followed by a new attempt; a different request under the
     * same id is a conflict.
     */
    public Started start(String onboardingId, String input, AttemptListener listener) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String name = executionName(onboardingId, attempt);
            listener.starting(attempt);
            try {
                StartExecutionResponse response = sfn.startExecution(StartExecutionRequest.builder()
                        .stateMachineArn(stateMachineArn).name(name).input(input).build());
                return new Started(response.executionArn(), ExecutionStatus.RUNNING.toString(), attempt);
            } catch (ExecutionAlreadyExistsException e) {
                DescribeExecutionResponse existing = existing(onboardingId, attempt);
                if (!sameRequest(existing.input(), input)) {
                    throw new IdempotencyConflictException("onboarding " + onboardingId
                            + " already exists for a different request; send a new " + OnboardingIds.IDEMPOTENCY_KEY_HEADER);
                }
                if (existing.status() == ExecutionStatus.RUNNING || existing.status() == ExecutionStatus.SUCCEEDED
                        || existing.status() == ExecutionStatus.PENDING_REDRIVE) {
                    return new Started(existing.executionArn(), existing.statusAsString(), attempt);
                }
            } catch (SdkException e) {
                listener.notStarted(attempt);
                throw e;
            }
        }
        throw new AttemptsExhaustedException(onboardingId + " has failed " + MAX_ATTEMPTS + " times");
    }

    private DescribeExecutionResponse existing(String onboardingId, int attempt) {
        try {
            return sfn.describeExecution(DescribeExecutionRequest.builder()
                    .executionArn(executionArn(onboardingId, attempt)).build());
        } catch (SdkException e) {
            // Taken, yet it cannot be read: without comparing, the conservative answer is the conflict.
            throw new IdempotencyConflictException("onboarding " + onboardingId + " is taken");
        }
    }

    /**
     * Whether two execution inputs are the same request: the seal is left out, since a resent request
     * is sealed again at another time.
     */
    static boolean sameRequest(String a, String b) {
        try {
            JsonNode left = Json.MAPPER.readTree(a);
            JsonNode right = Json.MAPPER.readTree(b);
            if (left == null || right == null || !left.isObject() || !right.isObject()) {
                return false;
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) left).remove(SEAL_FIELD);
            ((com.fasterxml.jackson.databind.node.ObjectNode) right).remove(SEAL_FIELD);
            return left.equals(right);
        } catch (Exception e) {
            return false;
        }
    }

    /** The latest attempt of this onboarding, or empty when there is none. */
    public Optional<DescribeExecutionResponse> describe(String onboardingId) {
        List<DescribeExecutionResponse> all = attempts(onboardingId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every attempt of this onboarding, the first first; empty when it was never started. */
    public List<DescribeExecutionResponse> attempts(String onboardingId) {
        List<DescribeExecutionResponse> attempts = new ArrayList<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                attempts.add(sfn.describeExecution(DescribeExecutionRequest.builder()
                        .executionArn(executionArn(onboardingId, attempt)).build()));
            } catch (ExecutionDoesNotExistException e) {
                break;
            }
        }
        return attempts;
    }

    /** The state the execution entered last (its current step while it runs). */
    public Optional<String> latestStateEntered(String executionArn) {
        return latestStateEntered(executionArn, event -> true);
    }

    /**
     * The step whose failure routed to compensation: the {@code <Step>Failed} Pass state the Catch
     * led to, without the suffix. Only Pass states count: Fail states such as OnboardingFailed end in
     * the same word.
     */
    public Optional<String> failedStep(String executionArn) {
        return latestStateEntered(executionArn, event -> event.type() == HistoryEventType.PASS_STATE_ENTERED
                        && event.stateEnteredEventDetails().name().endsWith(FAILED_STATE_SUFFIX)
                        && event.stateEnteredEventDetails().name().length() > FAILED_STATE_SUFFIX.length())
                .map(name -> name.substring(0, name.length() - FAILED_STATE_SUFFIX.length()));
    }

    private Optional<String> latestStateEntered(String executionArn, Predicate<HistoryEvent> wanted) {
        String nextToken = null;
        for (int page = 0; page < HISTORY_MAX_PAGES; page++) {
            // Newest first, and without execution data: only the state names are needed.
            GetExecutionHistoryResponse history = sfn.getExecutionHistory(GetExecutionHistoryRequest.builder()
                    .executionArn(executionArn).reverseOrder(true).includeExecutionData(false)
                    .maxResults(HISTORY_PAGE_SIZE).nextToken(nextToken).build());
            for (HistoryEvent event : history.events()) {
                if (event.stateEnteredEventDetails() != null && event.stateEnteredEventDetails().name() != null
                        && wanted.test(event)) {
                    return Optional.of(event.stateEnteredEventDetails().name());
                }
            }
            nextToken = history.nextToken();
            if (nextToken == null) {
                break;
            }
        }
        return Optional.empty();
    }
}
