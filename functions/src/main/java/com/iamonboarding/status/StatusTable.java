package com.iamonboarding.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.ThrottledStepException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The status of every onboarding and offboarding, one item per id, written by the workflow as it
 * goes so that a status read is one GetItem instead of Step Functions calls (whose account quotas,
 * 15 DescribeExecution/s and 20 GetExecutionHistory/s by default, an HR system polling a few hundred
 * hires would exhaust, throttling the workflows that share them).
 *
 * <ul>
 *   <li>The API, before it starts attempt n: {@link #begin} (RUNNING; an earlier attempt moves to
 *       {@code earlierAttempts}); {@link #abandon} when the start then fails.</li>
 *   <li>Each step, once its seal is verified: {@link #stepStarted}, while the step works.</li>
 *   <li>The step that ends the workflow: {@link #succeeded} with the result view, {@link #failed}
 *       with the failed step, error and cause.</li>
 *   <li>The status API, when the table lacks a record (an execution started before this table
 *       existed) or holds one that stopped being written: it reads Step Functions once and
 *       {@link #remember}s the answer once it is final.</li>
 * </ul>
 * The record only speeds up reads: every write is best effort (a failure is logged, never fails the
 * step), and a write for an id that has no record, or whose record has ended, changes nothing.
 * Records expire {@link #KEPT} after their last write (TTL on {@code expiresAt}).
 */
public class StatusTable {

    public static final String ENVIRONMENT_VARIABLE = "STATUS_TABLE";
    public static final Duration KEPT = Duration.ofDays(400);

    static final String ID = "id";
    static final String WORKFLOW = "workflow";
    static final String ATTEMPT = "attempt";
    static final String STATUS = "status";
    static final String STARTED_AT = "startedAt";
    static final String STOPPED_AT = "stoppedAt";
    static final String CURRENT_STEP = "currentStep";
    static final String FAILED_STEP = "failedStep";
    static final String ERROR = "error";
    static final String CAUSE = "cause";
    static final String RESULT = "result";
    static final String EARLIER_ATTEMPTS = "earlierAttempts";
    static final String UPDATED_AT = "updatedAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String INVITATION_EXPIRES_AT = "invitationExpiresAt";

    /** While a record is in one of these, the workflow may still write it. */
    private static final String STILL_RUNNING = "attribute_exists(#id) AND #status IN (:running, :waiting)";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Log log;

    public StatusTable(DynamoDbClient dynamoDb, String table, Clock clock, Log log) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.log = log;
    }

    public static StatusTable fromEnvironment(FunctionEnvironment env, DynamoDbClient dynamoDb, Log log) {
        return new StatusTable(dynamoDb, env.require(ENVIRONMENT_VARIABLE), Clock.systemUTC(), log);
    }

    /** The record of {@code id}, read consistently; empty when there is none. Errors propagate (the caller falls back). */
    public Optional<StatusRecord> read(String id) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder().tableName(table).key(key(id)).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(StatusRecord.fromItem(response.item())) : Optional.empty();
    }

    /** BatchGetItem takes at most this many keys per call. */
    static final int BATCH_GET_LIMIT = 100;
    /** Unprocessed keys (throttling) are asked for again this many times before the read gives up. */
    static final int BATCH_GET_ROUNDS = 5;

    /**
     * The records of {@code ids} (a batch's rows), read consistently with BatchGetItem, 100 keys per
     * call; ids without a record are absent from the answer. Keys DynamoDB leaves unprocessed are
     * asked for again, a bounded number of times, then the read is a {@link ThrottledStepException};
     * SDK errors propagate.
     */
    public Map<String, StatusRecord> readMany(Collection<String> ids) {
        Map<String, StatusRecord> records = new HashMap<>();
        List<String> distinct = ids.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + BATCH_GET_LIMIT))
                    .stream().map(StatusTable::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 0; round < BATCH_GET_ROUNDS && !request.isEmpty(); round++) {
                BatchGetItemResponse response = dynamoDb.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                response.responses().getOrDefault(table, List.of()).stream().map(StatusRecord::fromItem)
                        .forEach(record -> records.put(record.id(), record));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
            if (!request.isEmpty()) {
                // Throttled all along: the caller's step is retried with backoff by its state machine.
                throw new ThrottledStepException("DynamoDB left status records unread after " + BATCH_GET_ROUNDS + " rounds");
            }
        }
        return records;
    }

    /**
     * Attempt {@code attempt} of {@code id} is about to start: RUNNING from now. A replayed request
     * (the record already at this attempt) changes nothing; attempt n > 1 first moves attempt n-1,
     * which has ended, to {@code earlierAttempts}.
     */
    public void begin(String id, String workflow, int attempt) {
        ArrayNode earlier = Json.MAPPER.createArrayNode();
        if (attempt > 1) {
            Optional<StatusRecord> previous = bestEffort(id, "read", () -> read(id)).flatMap(r -> r);
            if (previous.isPresent() && previous.get().attempt() >= attempt) {
                return;
            }
            previous.ifPresent(p -> {
                earlier.addAll(p.earlierAttempts());
                if (p.attempt() == attempt - 1) {
                    ObjectNode summary = Json.MAPPER.createObjectNode().put("attempt", p.attempt());
                    summary.setAll(p.attemptView());
                    earlier.add(summary);
                }
            });
        }
        String now = timestamp();
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(id));
        item.put(WORKFLOW, s(workflow));
        item.put(ATTEMPT, n(attempt));
        item.put(STATUS, s(StatusRecord.RUNNING));
        item.put(STARTED_AT, s(now));
        item.put(UPDATED_AT, s(now));
        item.put(EXPIRES_AT, expiresAt());
        if (!earlier.isEmpty()) {
            item.put(EARLIER_ATTEMPTS, s(Json.write(earlier)));
        }
        bestEffort(id, "begin", () -> dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id) OR #attempt < :attempt")
                .expressionAttributeNames(Map.of("#id", ID, "#attempt", ATTEMPT))
                .expressionAttributeValues(Map.of(":attempt", n(attempt))).build()));
    }

    /** The start of attempt {@code attempt} failed: no execution runs, so its record must not say one does. */
    public void abandon(String id, int attempt) {
        bestEffort(id, "abandon", () -> dynamoDb.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(id))
                .conditionExpression("#attempt = :attempt AND " + STILL_RUNNING)
                .expressionAttributeNames(Map.of("#id", ID, "#attempt", ATTEMPT, "#status", STATUS))
                .expressionAttributeValues(Map.of(":attempt", n(attempt), ":running", s(StatusRecord.RUNNING),
                        ":waiting", s(StatusRecord.WAITING_FOR_HIRE))).build()));
    }

    /** {@code step} started: the status API shows it as the current step (of parallel branches, the one that started last). */
    public void stepStarted(String id, String step) {
        update(id, "step started", "SET #currentStep = :step, #updatedAt = :now, #expiresAt = :expires",
                Map.of("#currentStep", CURRENT_STEP, "#updatedAt", UPDATED_AT, "#expiresAt", EXPIRES_AT),
                Map.of(":step", s(step)));
    }

    /** The hire was invited: the onboarding waits for them until {@code invitationExpiresAt}. */
    public void waiting(String id, Instant invitationExpiresAt) {
        update(id, "waiting", "SET #status = :waiting, #invitationExpiresAt = :expiry, #updatedAt = :now, #expiresAt = :expires"
                        + " REMOVE #currentStep",
                Map.of("#invitationExpiresAt", INVITATION_EXPIRES_AT, "#updatedAt", UPDATED_AT, "#expiresAt", EXPIRES_AT,
                        "#currentStep", CURRENT_STEP),
                Map.of(":expiry", s(invitationExpiresAt.toString())));
    }

    /** The hire enrolled: the onboarding runs again. */
    public void resumed(String id) {
        update(id, "resumed", "SET #status = :running, #updatedAt = :now, #expiresAt = :expires REMOVE #invitationExpiresAt",
                Map.of("#invitationExpiresAt", INVITATION_EXPIRES_AT, "#updatedAt", UPDATED_AT, "#expiresAt", EXPIRES_AT),
                Map.of());
    }

    /** The workflow's last step succeeded: {@code result} is what the status API shows (identifiers only). */
    public void succeeded(String id, ObjectNode result) {
        update(id, "succeeded", "SET #status = :succeeded, #stoppedAt = :now, #result = :result, #updatedAt = :now,"
                        + " #expiresAt = :expires REMOVE #currentStep, #invitationExpiresAt",
                Map.of("#stoppedAt", STOPPED_AT, "#result", RESULT, "#updatedAt", UPDATED_AT, "#expiresAt", EXPIRES_AT,
                        "#currentStep", CURRENT_STEP, "#invitationExpiresAt", INVITATION_EXPIRES_AT),
                Map.of(":succeeded", s(StatusRecord.SUCCEEDED), ":result", s(Json.write(result))));
    }

    /** The workflow ends FAILED with the error and cause the execution fails with. */
    public void failed(String id, String failedStep, String error, String cause) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":failed", s(StatusRecord.FAILED));
        values.put(":error", s(error));
        values.put(":cause", s(cause));
        String expression = "SET #status = :failed, #stoppedAt = :now, #error = :error, #cause = :cause, #updatedAt = :now,"
                + " #expiresAt = :expires";
        Map<String, String> names = new HashMap<>(Map.of("#stoppedAt", STOPPED_AT, "#error", ERROR, "#cause", CAUSE,
                "#updatedAt", UPDATED_AT, "#expiresAt", EXPIRES_AT, "#currentStep", CURRENT_STEP,
                "#invitationExpiresAt", INVITATION_EXPIRES_AT));
        if (failedStep != null) {
            expression += ", #failedStep = :failedStep";
            names.put("#failedStep", FAILED_STEP);
            values.put(":failedStep", s(failedStep));
        }
        update(id, "failed", expression + " REMOVE #currentStep, #invitationExpiresAt", names, values);
    }

    /**
     * The status API read {@code answer} from Step Functions and it is final (every attempt ended):
     * keep it, so that the next read needs no Step Functions call. A record the workflow has written
     * since (a newer attempt) is kept instead.
     */
    public void remember(String id, String workflow, String idField, ObjectNode answer) {
        int attempt = answer.path("attempt").asInt(1);
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(id));
        item.put(WORKFLOW, s(workflow));
        item.put(ATTEMPT, n(attempt));
        item.put(STATUS, s(answer.path("status").asText()));
        for (String field : List.of(STARTED_AT, STOPPED_AT, FAILED_STEP, ERROR, CAUSE)) {
            if (answer.path(field).isTextual()) {
                item.put(field, s(answer.path(field).asText()));
            }
        }
        if (answer.path("result").isObject()) {
            item.put(RESULT, s(Json.write(answer.path("result"))));
        }
        if (answer.path("earlierAttempts").isArray() && !answer.path("earlierAttempts").isEmpty()) {
            item.put(EARLIER_ATTEMPTS, s(Json.write(answer.path("earlierAttempts"))));
        }
        item.put(UPDATED_AT, s(timestamp()));
        item.put(EXPIRES_AT, expiresAt());
        bestEffort(id, "remember", () -> dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id) OR (#attempt <= :attempt AND #status = :running)")
                .expressionAttributeNames(Map.of("#id", ID, "#attempt", ATTEMPT, "#status", STATUS))
                .expressionAttributeValues(Map.of(":attempt", n(attempt), ":running", s(StatusRecord.RUNNING),
                        ":waiting", s(StatusRecord.WAITING_FOR_HIRE))).build()));
    }

    private void update(String id, String what, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#id", ID);
        allNames.put("#status", STATUS);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":running", s(StatusRecord.RUNNING));
        allValues.put(":waiting", s(StatusRecord.WAITING_FOR_HIRE));
        if (expression.contains(":now")) {
            allValues.put(":now", s(timestamp()));
        }
        if (expression.contains(":expires")) {
            allValues.put(":expires", expiresAt());
        }
        bestEffort(id, what, () -> dynamoDb.updateItem(UpdateItemRequest.builder().tableName(table).key(key(id))
                .updateExpression(expression).conditionExpression(STILL_RUNNING)
                .expressionAttributeNames(allNames).expressionAttributeValues(allValues).build()));
    }

    /** A status write never fails the work it reports on; one that finds no running record is simply not needed. */
    private <T> Optional<T> bestEffort(String id, String what, java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (ConditionalCheckFailedException notRunning) {
            return Optional.empty();
        } catch (SdkException e) {
            log.warn(id, "status " + what + " not written", "errorType", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private String timestamp() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private AttributeValue expiresAt() {
        return n(clock.instant().plus(KEPT).getEpochSecond());
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The table's clock: what "stale" is measured against. */
    public Instant now() {
        return clock.instant();
    }
}
