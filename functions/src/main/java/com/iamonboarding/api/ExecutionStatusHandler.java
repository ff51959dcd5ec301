package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusRecord;
import com.iamonboarding.status.StatusTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * GET /{noun}s/{id} for a workflow whose executions are named after their ids: the status, the step
 * it is in or failed at, the error and cause as far as Step Functions knows them (never a type or a
 * stack trace), and once it succeeded what the subclass's result view copies out of the output.
 *
 * <p>The answer comes from the {@link StatusTable} record the workflow writes as it goes: one
 * GetItem, no Step Functions call. Step Functions is read (DescribeExecution for each attempt, the
 * history for the current or failed step) only when the table has no record (an execution started
 * before the table existed), when the record says RUNNING but no step has written it for
 * {@link #STALE_AFTER} (an execution that timed out or was aborted between steps writes nothing
 * more), or when the table cannot be read. A final answer read that way is written to the table, so
 * each execution is read from Step Functions at most once.
 */
public abstract class ExecutionStatusHandler extends ApiHandler {

    public static final String ID_PARAMETER = "id";
    /** A step's failure ends the execution with the error "<Step>Failed". */
    private static final Pattern STEP_FAILED_ERROR = Pattern.compile("([A-Z][A-Za-z0-9]*)Failed");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("([a-z_][A-Za-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    /** Longer than any healthy gap between two steps' writes (retries back off for at most 30 s). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private final OnboardingWorkflow workflow;
    private final StatusTable status;
    private final String noun;
    private final String capitalizedNoun;
    private final String idPrefix;

    /** {@code noun} names one run in messages ("onboarding"); its ids are {@code idPrefix} and a name. */
    protected ExecutionStatusHandler(OnboardingWorkflow workflow, StatusTable status, String noun, String idPrefix, Log log) {
        super(log);
        this.workflow = workflow;
        this.status = status;
        this.noun = noun;
        this.capitalizedNoun = noun.substring(0, 1).toUpperCase(Locale.ROOT) + noun.substring(1);
        this.idPrefix = idPrefix;
    }

    /** Whether {@code id} has the shape of an id this API hands out. */
    protected abstract boolean isValidId(String id);

    /** The part of a succeeded execution's output (a JSON object) that the response may show. */
    protected abstract ObjectNode result(JsonNode output);

    /** The step a stopped execution failed at, read from its history, when its error does not name it. */
    protected abstract Optional<String> failedStepInHistory(OnboardingWorkflow workflow, String executionArn);

    @Override
    protected final APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        Optional<String> id = ApiRequests.pathParameter(event, ID_PARAMETER);
        if (id.isEmpty() || !isValidId(id.get())) {
            return ApiResponses.error(400, "Invalid" + capitalizedNoun + "Id",
                    "the " + noun + " id must be " + idPrefix + " followed by 1-64 characters of A-Z a-z 0-9 _ -");
        }
        Optional<StatusRecord> record = record(id.get());
        if (record.isPresent() && record.get().answers(status.now(), STALE_AFTER)) {
            log.info(id.get(), "status read", "status", record.get().status(), "attempt", record.get().attempt(), "source", "status table");
            return ApiResponses.json(200, Json.MAPPER.convertValue(record.get().answer(noun + "Id"), Map.class));
        }
        List<DescribeExecutionResponse> attempts;
        try {
            attempts = workflow.attempts(id.get());
        } catch (SdkException e) {
            log.warn(id.get(), "DescribeExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("DescribeExecution", e);
        }
        if (attempts.isEmpty()) {
            return ApiResponses.error(404, capitalizedNoun + "NotFound", "there is no " + noun + " " + id.get());
        }
        DescribeExecutionResponse latest = attempts.get(attempts.size() - 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(noun + "Id", id.get());
        body.putAll(view(id.get(), latest));
        body.put("attempt", attempts.size());
        if (attempts.size() > 1) {
            // The earlier attempts failed (a new one starts only then): say where and why, briefly.
            List<Map<String, Object>> earlier = new ArrayList<>();
            for (int i = 0; i < attempts.size() - 1; i++) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("attempt", i + 1);
                summary.putAll(view(id.get(), attempts.get(i)));
                earlier.add(summary);
            }
            body.put("earlierAttempts", earlier);
        }
        log.info(id.get(), "status read", "status", latest.statusAsString(), "attempt", attempts.size(), "source", "step functions");
        if (latest.status() != ExecutionStatus.RUNNING && latest.status() != ExecutionStatus.PENDING_REDRIVE) {
            status.remember(id.get(), noun, noun + "Id", Json.MAPPER.valueToTree(body));
        }
        return ApiResponses.json(200, body);
    }

    private Optional<StatusRecord> record(String id) {
        try {
            return status.read(id);
        } catch (SdkException e) {
            log.warn(id, "status table not read; asking Step Functions", "errorType", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Status, times and, by status, the current step, the result, or where and why it stopped. */
    private Map<String, Object> view(String id, DescribeExecutionResponse execution) {
        Map<String, Object> body = new LinkedHashMap<>();
        String status = execution.statusAsString();
        body.put("status", status);
        body.put("startedAt", execution.startDate() == null ? null : execution.startDate().toString());
        body.put("stoppedAt", execution.stopDate() == null ? null : execution.stopDate().toString());
        switch (status) {
            case "RUNNING" -> history(id, () -> workflow.latestStateEntered(execution.executionArn()))
                    .ifPresent(step -> body.put("currentStep", step));
            case "SUCCEEDED" -> outputObject(execution.output()).map(this::result).ifPresent(result -> body.put("result", result));
            default -> {
                // FAILED, TIMED_OUT, ABORTED: say where and why, as far as Step Functions knows.
                failedStep(id, execution).ifPresent(step -> body.put("failedStep", step));
                Optional.ofNullable(execution.error()).map(ExecutionStatusHandler::errorName).ifPresent(e -> body.put("error", e));
                Optional.ofNullable(execution.cause()).map(ExecutionStatusHandler::causeText).ifPresent(c -> body.put("cause", c));
            }
        }
        body.values().removeIf(Objects::isNull);
        return body;
    }

    private Optional<String> failedStep(String id, DescribeExecutionResponse execution) {
        if (execution.error() != null) {
            Matcher named = STEP_FAILED_ERROR.matcher(execution.error());
            if (named.matches()) {
                return Optional.of(named.group(1));
            }
        }
        return history(id, () -> failedStepInHistory(workflow, execution.executionArn()));
    }

    /** The history only adds detail: when it cannot be read the status is still worth answering. */
    private Optional<String> history(String id, Supplier<Optional<String>> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            log.warn(id, "GetExecutionHistory failed", "errorType", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> outputObject(String executionOutput) {
        try {
            JsonNode output = executionOutput == null ? null : Json.MAPPER.readTree(executionOutput);
            return output != null && output.isObject() ? Optional.of(output) : Optional.empty();
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }

    /** A Java exception's error name is its class name; show the simple name only (States.* names stay whole). */
    private static String errorName(String error) {
        return JAVA_CLASS_NAME.matcher(error).matches() ? error.substring(error.lastIndexOf('.') + 1) : error;
    }

    /** A Lambda error arrives as its JSON payload; show its message only, never its type or stack trace. */
    private static String causeText(String cause) {
        try {
            JsonNode payload = Json.MAPPER.readTree(cause);
            if (payload != null && payload.isObject()) {
                JsonNode message = payload.get("errorMessage");
                return message != null && message.isTextual() ? message.asText() : "the step failed";
            }
        } catch (Exception plainText) {
            // Not JSON: the compensation's own sentence.
        }
        return cause;
    }
}
