package com.iamonboarding.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.iamonboarding.common.Json;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Batches, one item each in the status table beside the onboardings and offboardings they run
 * (ids {@code bat-...}, so each role's {@code dynamodb:LeadingKeys} condition keeps it to its own
 * kind), with the same TTL. Unlike a row's status, a batch's record is the batch's own state, not a
 * cache: {@code GET /batches/{id}} and the report are built from it, so its writes fail loudly.
 */
public class BatchTable {

    public static final String ID_PREFIX = "bat-";
    static final String WORKFLOW = "batch";
    private static final TypeReference<List<BatchReport.Line>> LINES = new TypeReference<>() {
    };

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public BatchTable(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /**
     * The batch is planned: RUNNING with every row's planned line. A second delivery of the planning
     * step writes the same plan again (the lines are derived from the file), so the last write wins.
     */
    public void planned(String batchId, String file, String onInvalidRows, List<BatchReport.Line> lines) {
        Map<String, AttributeValue> item = item(batchId, BatchRecord.RUNNING, file, onInvalidRows);
        item.put("lines", s(Json.write(lines)));
        dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    /**
     * POST /batches accepted the batch: RUNNING with no line yet, so that GET answers it at once
     * (its first step then records the plan). Empty when this request recorded it, which it also
     * does over a batch whose execution could not be started ({@link #NOT_STARTED}). A replayed
     * request (the same Idempotency-Key) changes nothing and gets the record it found, for the
     * caller to compare with what it asked for.
     */
    public Optional<BatchRecord> accepted(String batchId, String file, String onInvalidRows) {
        Map<String, AttributeValue> item = item(batchId, BatchRecord.RUNNING, file, onInvalidRows);
        item.put("lines", s("[]"));
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(id) OR #error = :notStarted")
                    .expressionAttributeNames(Map.of("#error", "error"))
                    .expressionAttributeValues(Map.of(":notStarted", s(NOT_STARTED))).build());
            return Optional.empty();
        } catch (ConditionalCheckFailedException replayed) {
            return read(batchId);
        }
    }

    /** The error of a batch whose execution POST /batches could not start: the same request may try again. */
    public static final String NOT_STARTED = "NotStarted";

    /** The batch itself failed before any row ran (the file was refused): {@code code} and {@code message} say why. */
    public void failed(String batchId, String file, String onInvalidRows, String code, String message) {
        Map<String, AttributeValue> item = item(batchId, BatchRecord.FAILED, file, onInvalidRows);
        item.put("stoppedAt", s(now()));
        item.put("lines", s("[]"));
        item.put("error", s(code));
        item.put("message", s(message));
        dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    private Map<String, AttributeValue> item(String batchId, String status, String file, String onInvalidRows) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(batchId));
        item.put("workflow", s(WORKFLOW));
        item.put("status", s(status));
        item.put("file", s(file));
        item.put("onInvalidRows", s(onInvalidRows));
        item.put("startedAt", s(now()));
        item.put("updatedAt", s(now()));
        item.put("expiresAt", expiresAt());
        return item;
    }

    /** The report is written: the batch is COMPLETED. */
    public void completed(String batchId, BatchRecord.ReportLocation report) {
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of("id", s(batchId)))
                .updateExpression("SET #status = :completed, stoppedAt = :now, updatedAt = :now, reportCsv = :csv, reportJson = :json")
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":completed", s(BatchRecord.COMPLETED), ":now", s(now()),
                        ":csv", s(report.csv()), ":json", s(report.json())))
                .build());
    }

    /** The batch's record, read consistently; empty when there is none. */
    public Optional<BatchRecord> read(String batchId) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder().tableName(table).key(Map.of("id", s(batchId)))
                .consistentRead(true).build());
        if (!response.hasItem() || response.item().isEmpty() || !WORKFLOW.equals(text(response.item(), "workflow").orElse(null))) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        List<BatchReport.Line> lines;
        try {
            lines = Json.MAPPER.readValue(text(item, "lines").orElse("[]"), LINES);
        } catch (Exception e) {
            throw new IllegalStateException("batch " + batchId + " holds lines that do not parse", e);
        }
        Optional<BatchRecord.ReportLocation> report = text(item, "reportCsv")
                .map(csv -> new BatchRecord.ReportLocation(csv, text(item, "reportJson").orElse(null)));
        return Optional.of(new BatchRecord(batchId, text(item, "status").orElse(BatchRecord.RUNNING), text(item, "file").orElse(""),
                text(item, "onInvalidRows").orElse(BatchPlan.OnInvalidRows.REJECT.name()), text(item, "startedAt").orElse(""),
                text(item, "stoppedAt"), lines, report, text(item, "error"), text(item, "message")));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(StatusTable.KEPT).getEpochSecond()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
