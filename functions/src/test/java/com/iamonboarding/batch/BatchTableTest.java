package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

@ExtendWith(MockitoExtension.class)
class BatchTableTest {

    private static final String TABLE = "iam-onboarding-status";
    private static final String ID = "bat-0123456789abcdef0123456789abcdef";
    private static final String FILE = "s3://iam-onboarding-local-intakebucket/batches/cohort.csv";
    private static final Instant PLANNED_AT = Instant.parse("2027-01-15T09:00:00.123456Z");
    private static final Instant COMPLETED_AT = Instant.parse("2027-01-15T09:42:10Z");
    private static final List<BatchReport.Line> LINES = List.of(
            new BatchReport.Line(2, "onboard", "ann.lee", "onb-ann", BatchReport.Status.RUNNING, null, null, null),
            new BatchReport.Line(3, null, "bad name", null, BatchReport.Status.INVALID, null, "ValidationFailed", "userName:pattern"),
            new BatchReport.Line(4, "offboard", "dan.orr", null, BatchReport.Status.FAILED, "PlanBatch", "NotManagedByIamOnboarding", null),
            new BatchReport.Line(5, "onboard", "eve.kim", "onb-eve", BatchReport.Status.SUCCEEDED, null, null, null,
                    "2027-01-15T09:01:00Z", "2027-01-15T09:01:30Z"));

    @Mock
    DynamoDbClient dynamoDb;
    @Captor
    ArgumentCaptor<PutItemRequest> put;
    @Captor
    ArgumentCaptor<UpdateItemRequest> update;
    @Captor
    ArgumentCaptor<GetItemRequest> get;

    private BatchTable at(Instant now) {
        return new BatchTable(dynamoDb, TABLE, Clock.fixed(now, ZoneOffset.UTC));
    }

    private void holds(Map<String, AttributeValue> item) {
        when(dynamoDb.getItem(get.capture())).thenReturn(GetItemResponse.builder().item(item).build());
    }

    @Test
    void aPlannedBatchIsRunningWithItsLinesAndReadsBackAsWritten() throws Exception {
        when(dynamoDb.putItem(put.capture())).thenReturn(PutItemResponse.builder().build());

        at(PLANNED_AT).planned(ID, FILE, "SKIP", LINES);

        PutItemRequest written = put.getValue();
        assertEquals(TABLE, written.tableName());
        Map<String, AttributeValue> item = written.item();
        assertEquals(AttributeValue.fromS(ID), item.get("id"));
        assertEquals(AttributeValue.fromS("batch"), item.get("workflow"));
        assertEquals(AttributeValue.fromS("RUNNING"), item.get("status"));
        assertEquals(AttributeValue.fromS(FILE), item.get("file"));
        assertEquals(AttributeValue.fromS("SKIP"), item.get("onInvalidRows"));
        assertEquals(AttributeValue.fromS("2027-01-15T09:00:00.123Z"), item.get("startedAt"), "milliseconds, like the status records");
        assertEquals(AttributeValue.fromS("2027-01-15T09:00:00.123Z"), item.get("updatedAt"));
        assertEquals(AttributeValue.fromN("1834563600"), item.get("expiresAt"), "kept 400 days, like the rows' records");
        assertEquals(Json.MAPPER.readTree("""
                [{"row": 2, "action": "onboard", "userName": "ann.lee", "id": "onb-ann", "status": "RUNNING"},
                 {"row": 3, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
                 {"row": 4, "action": "offboard", "userName": "dan.orr", "status": "FAILED", "failedStep": "PlanBatch",
                  "errorCode": "NotManagedByIamOnboarding"},
                 {"row": 5, "action": "onboard", "userName": "eve.kim", "id": "onb-eve", "status": "SUCCEEDED",
                  "startedAt": "2027-01-15T09:01:00Z", "stoppedAt": "2027-01-15T09:01:30Z"}]
                """), Json.MAPPER.readTree(item.get("lines").s()));
        assertEquals(null, written.conditionExpression(), "a second delivery writes the same plan again");

        holds(item);
        Optional<BatchRecord> read = at(COMPLETED_AT).read(ID);

        assertEquals(Optional.of(new BatchRecord(ID, "RUNNING", FILE, "SKIP", "2027-01-15T09:00:00.123Z", Optional.empty(), LINES,
                Optional.empty(), Optional.empty(), Optional.empty())), read);
        assertEquals(TABLE, get.getValue().tableName());
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), get.getValue().key());
        assertTrue(get.getValue().consistentRead(), "a report written right after the plan sees it");
    }

    @Test
    void aCompletedBatchIsUpdatedOnlyIfItExistsAndReadsBackWithItsReport() {
        when(dynamoDb.putItem(put.capture())).thenReturn(PutItemResponse.builder().build());
        when(dynamoDb.updateItem(update.capture())).thenReturn(UpdateItemResponse.builder().build());
        at(PLANNED_AT).planned(ID, FILE, "REJECT", LINES);

        at(COMPLETED_AT).completed(ID, new BatchRecord.ReportLocation(
                "s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.csv",
                "s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.json"));

        UpdateItemRequest completed = update.getValue();
        assertEquals(TABLE, completed.tableName());
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), completed.key());
        assertEquals("attribute_exists(id)", completed.conditionExpression(), "never creates a batch the plan did not write");
        assertEquals("SET #status = :completed, stoppedAt = :now, updatedAt = :now, reportCsv = :csv, reportJson = :json",
                completed.updateExpression());
        assertEquals(Map.of("#status", "status"), completed.expressionAttributeNames());
        assertEquals(Map.of(
                ":completed", AttributeValue.fromS("COMPLETED"),
                ":now", AttributeValue.fromS("2027-01-15T09:42:10Z"),
                ":csv", AttributeValue.fromS("s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.csv"),
                ":json", AttributeValue.fromS("s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.json")),
                completed.expressionAttributeValues());

        // The item as DynamoDB holds it after the update: the planned item with the SET applied.
        Map<String, AttributeValue> item = new HashMap<>(put.getValue().item());
        Map<String, AttributeValue> values = completed.expressionAttributeValues();
        item.put("status", values.get(":completed"));
        item.put("stoppedAt", values.get(":now"));
        item.put("updatedAt", values.get(":now"));
        item.put("reportCsv", values.get(":csv"));
        item.put("reportJson", values.get(":json"));
        holds(item);

        assertEquals(Optional.of(new BatchRecord(ID, "COMPLETED", FILE, "REJECT", "2027-01-15T09:00:00.123Z",
                Optional.of("2027-01-15T09:42:10Z"), LINES, Optional.of(new BatchRecord.ReportLocation(
                        "s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.csv",
                        "s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.json")),
                Optional.empty(), Optional.empty())), at(COMPLETED_AT).read(ID));
    }

    @Test
    void aFailedBatchHasNoLinesAndSaysWhy() {
        when(dynamoDb.putItem(put.capture())).thenReturn(PutItemResponse.builder().build());

        at(PLANNED_AT).failed(ID, FILE, "REJECT", "FileTooLarge", "the file has 3000000 bytes; a batch takes at most 2097152");

        Map<String, AttributeValue> item = put.getValue().item();
        assertEquals(AttributeValue.fromS("FAILED"), item.get("status"));
        assertEquals(AttributeValue.fromS("[]"), item.get("lines"));
        assertEquals(AttributeValue.fromS("FileTooLarge"), item.get("error"));
        assertEquals(AttributeValue.fromS("2027-01-15T09:00:00.123Z"), item.get("stoppedAt"));
        assertEquals(AttributeValue.fromN("1834563600"), item.get("expiresAt"));

        holds(item);
        assertEquals(Optional.of(new BatchRecord(ID, "FAILED", FILE, "REJECT", "2027-01-15T09:00:00.123Z",
                Optional.of("2027-01-15T09:00:00.123Z"), List.of(), Optional.empty(), Optional.of("FileTooLarge"),
                Optional.of("the file has 3000000 bytes; a batch takes at most 2097152"))), at(COMPLETED_AT).read(ID));
    }

    @Test
    void anItemOfAnotherWorkflowIsNoBatch() {
        holds(Map.of("id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("onboarding"),
                "status", AttributeValue.fromS("SUCCEEDED"), "lines", AttributeValue.fromS("[]")));

        assertEquals(Optional.empty(), at(COMPLETED_AT).read(ID));
    }

    @Test
    void noItemIsNoBatch() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        assertEquals(Optional.empty(), at(COMPLETED_AT).read(ID));
    }

    @Test
    void linesThatDoNotParseFailTheRead() {
        holds(Map.of("id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("batch"), "lines", AttributeValue.fromS("[{")));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> at(COMPLETED_AT).read(ID));

        assertTrue(e.getMessage().contains(ID), e.getMessage());
    }

    @Test
    void writesFailLoudly() {
        ProvisionedThroughputExceededException throttled = (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException
                .builder().statusCode(400).message("throughput")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build();
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(throttled);
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(ConditionalCheckFailedException.builder().statusCode(400)
                .message("The conditional request failed").build());

        assertThrows(ProvisionedThroughputExceededException.class, () -> at(PLANNED_AT).planned(ID, FILE, "REJECT", LINES));
        assertThrows(ConditionalCheckFailedException.class, () -> at(COMPLETED_AT).completed(ID,
                new BatchRecord.ReportLocation("s3://b/reports/x/report.csv", "s3://b/reports/x/report.json")));
        verify(dynamoDb).updateItem(any(UpdateItemRequest.class));
    }
}
