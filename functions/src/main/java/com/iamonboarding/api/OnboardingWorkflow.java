package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
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
 * The onboarding state machine as the API sees it: one execution per onboarding id, named after it.
 * SDK errors other than the ones handled here propagate to the handler, which maps them to 503/500.
 */
public class OnboardingWorkflow {

    static final int HISTORY_PAGE_SIZE = 25;
    static final int HISTORY_MAX_PAGES = 4;
    static final String FAILED_STATE_SUFFIX = "Failed";

    private final SfnClient sfn;
    private final String stateMachineArn;

    public OnboardingWorkflow(SfnClient sfn, String stateMachineArn) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalStateException("STATE_MACHINE_ARN is not a state machine ARN");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** What StartExecution led to: a new or the already running execution with the same input. */
    public record Started(String executionArn, String status) {
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

    /** arn:...:stateMachine:Name becomes arn:...:execution:Name:id. */
    public String executionArn(String onboardingId) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + onboardingId;
    }

    /**
     * Starts the execution named {@code onboardingId}. Step Functions answers a repeated call with
     * the same name and input with the running execution, and ExecutionAlreadyExists when the input
     * differs or when that execution has already finished; in the latter case the same request gets
     * the finished execution back, so a client retry is never mistaken for a conflict.
     */
    public Started start(String onboardingId, String input) {
        try {
            StartExecutionResponse response = sfn.startExecution(StartExecutionRequest.builder()
                    .stateMachineArn(stateMachineArn).name(onboardingId).input(input).build());
            return new Started(response.executionArn(), ExecutionStatus.RUNNING.toString());
        } catch (ExecutionAlreadyExistsException e) {
            return sameInputExecution(onboardingId, input)
                    .orElseThrow(() -> new IdempotencyConflictException("onboarding " + onboardingId
                            + " already exists for a different request; send a new " + OnboardingIds.IDEMPOTENCY_KEY_HEADER));
        }
    }

    private Optional<Started> sameInputExecution(String onboardingId, String input) {
        DescribeExecutionResponse existing;
        try {
            existing = sfn.describeExecution(DescribeExecutionRequest.builder()
                    .executionArn(executionArn(onboardingId)).build());
        } catch (SdkException e) {
            // Cannot compare: the conservative answer is the conflict Step Functions reported.
            return Optional.empty();
        }
        if (!sameJson(existing.input(), input)) {
            return Optional.empty();
        }
        return Optional.of(new Started(existing.executionArn(), existing.statusAsString()));
    }

    private static boolean sameJson(String a, String b) {
        try {
            JsonNode left = Json.MAPPER.readTree(a);
            return left != null && left.equals(Json.MAPPER.readTree(b));
        } catch (Exception e) {
            return false;
        }
    }

    /** The execution of this onboarding, or empty when there is none. */
    public Optional<DescribeExecutionResponse> describe(String onboardingId) {
        try {
            return Optional.of(sfn.describeExecution(DescribeExecutionRequest.builder()
                    .executionArn(executionArn(onboardingId)).build()));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
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
