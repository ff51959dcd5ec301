package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.status.StatusTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class BatchReporterTest {

    private static final String TABLE = "iam-onboarding-status";
    private static final String BUCKET = "iam-onboarding-local-intakebucket";
    private static final String BUS = "iam-onboarding-events";
    private static final String ID = "bat-0123456789abcdef0123456789abcdef";
    private static final String FILE = "s3://iam-onboarding-local-intakebucket/batches/cohort-2027-01.csv";
    private static final String CSV_URI = "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.csv";
    private static final String JSON_URI = "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.json";
    /** As PlanBatch recorded them: two rows started, one invalid, one leaver refused at planning. */
    private static final String PLANNED_LINES = """
            [{"row": 2, "action": "onboard", "userName": "ann.lee", "id": "onb-ann", "status": "RUNNING"},
             {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "onb-bob", "status": "RUNNING"},
             {"row": 4, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
             {"row": 5, "action": "offboard", "userName": "dan.orr", "status": "FAILED", "failedStep": "PlanBatch",
              "errorCode": "NotManagedByIamOnboarding"}]
            """;

    private final DynamoDbClient dynamoDb = mock(DynamoDbClient.class, withSettings().strictness(Strictness.LENIENT));
    private final S3Client s3 = SdkClients.mockClient(S3Client.class);
    private final EventBridgeClient events = mock(EventBridgeClient.class, withSettings().strictness(Strictness.LENIENT));

    BatchReporterTest() {
        lenient().when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenReturn(PutObjectResponse.builder().build());
        lenient().when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());
        lenient().when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("11111111-2222-3333-4444-555555555555").build()).build());
    }

    private BatchReporter reporter() {
        Clock clock = Clock.fixed(Instant.parse("2027-01-15T10:00:00Z"), ZoneOffset.UTC);
        return new BatchReporter(s3, BUCKET, new BatchTable(dynamoDb, TABLE, clock),
                new StatusTable(dynamoDb, TABLE, clock, Log.forFunction("test")), new EventPublisher(events, BUS));
    }

    private void batchRecorded() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("batch"), "status", AttributeValue.fromS("RUNNING"),
                "file", AttributeValue.fromS(FILE), "onInvalidRows", AttributeValue.fromS("SKIP"),
                "startedAt", AttributeValue.fromS("2027-01-15T09:00:00Z"), "lines", AttributeValue.fromS(PLANNED_LINES))).build());
    }

    private static Map<String, AttributeValue> status(String id, String status, String stoppedAt) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of("id", AttributeValue.fromS(id),
                "workflow", AttributeValue.fromS("onboarding"), "attempt", AttributeValue.fromN("1"), "status", AttributeValue.fromS(status),
                "startedAt", AttributeValue.fromS("2027-01-15T09:01:00Z"), "updatedAt", AttributeValue.fromS("2027-01-15T09:01:30Z")));
        if (stoppedAt != null) {
            item.put("stoppedAt", AttributeValue.fromS(stoppedAt));
        }
        return item;
    }

    private void rowsRecorded() {
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class))).thenReturn(BatchGetItemResponse.builder().responses(Map.of(TABLE, List.of(
                status("onb-ann", "SUCCEEDED", "2027-01-15T09:01:30Z"), status("onb-bob", "WAITING_FOR_HIRE", null)))).build());
    }

    @Test
    void theReportIsWrittenAsCsvAndJsonUnderReportsFromTheRowsRecords() throws Exception {
        batchRecorded();
        rowsRecorded();

        BatchReporter.Written written = reporter().write(ID);

        ArgumentCaptor<PutObjectRequest> put = ArgumentCaptor.forClass(PutObjectRequest.class);
        ArgumentCaptor<RequestBody> body = ArgumentCaptor.forClass(RequestBody.class);
        verify(s3, times(2)).putObject(put.capture(), body.capture());
        assertEquals(List.of(BUCKET, BUCKET), put.getAllValues().stream().map(PutObjectRequest::bucket).toList());
        assertEquals(List.of("reports/bat-0123456789abcdef0123456789abcdef/report.csv", "reports/bat-0123456789abcdef0123456789abcdef/report.json"),
                put.getAllValues().stream().map(PutObjectRequest::key).toList());
        assertEquals(List.of("text/csv", "application/json"), put.getAllValues().stream().map(PutObjectRequest::contentType).toList());
        assertEquals("""
                row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt
                2,onboard,ann.lee,onb-ann,SUCCEEDED,,,,2027-01-15T09:01:00Z,2027-01-15T09:01:30Z
                3,onboard,bob.ray,onb-bob,INVITED,,,,2027-01-15T09:01:00Z,
                4,,bad name,,INVALID,,ValidationFailed,userName:pattern,,
                5,offboard,dan.orr,,FAILED,PlanBatch,NotManagedByIamOnboarding,,,
                """, SdkClients.text(body.getAllValues().get(0)));
        assertEquals(Json.MAPPER.readTree("""
                {"batchId": "bat-0123456789abcdef0123456789abcdef", "rows": 4,
                 "counts": {"SUCCEEDED": 1, "INVITED": 1, "FAILED": 1, "INVALID": 1, "NOT_RUN": 0, "RUNNING": 0},
                 "lines": [
                   {"row": 2, "action": "onboard", "userName": "ann.lee", "id": "onb-ann", "status": "SUCCEEDED",
                    "startedAt": "2027-01-15T09:01:00Z", "stoppedAt": "2027-01-15T09:01:30Z"},
                   {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "onb-bob", "status": "INVITED",
                    "startedAt": "2027-01-15T09:01:00Z"},
                   {"row": 4, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
                   {"row": 5, "action": "offboard", "userName": "dan.orr", "status": "FAILED", "failedStep": "PlanBatch",
                    "errorCode": "NotManagedByIamOnboarding"}]}
                """), Json.MAPPER.readTree(SdkClients.text(body.getAllValues().get(1))));
        assertEquals(new BatchReporter.Written(ID, Map.of("SUCCEEDED", 1, "INVITED", 1, "FAILED", 1, "INVALID", 1, "NOT_RUN", 0, "RUNNING", 0),
                new BatchRecord.ReportLocation(CSV_URI, JSON_URI)), written);
    }

    @Test
    void itReadsTheRecordConsistentlyAndOnlyTheStartedRowsStatuses() {
        batchRecorded();
        rowsRecorded();

        reporter().write(ID);

        ArgumentCaptor<GetItemRequest> get = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(dynamoDb).getItem(get.capture());
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), get.getValue().key());
        assertEquals(true, get.getValue().consistentRead());
        ArgumentCaptor<BatchGetItemRequest> rows = ArgumentCaptor.forClass(BatchGetItemRequest.class);
        verify(dynamoDb).batchGetItem(rows.capture());
        assertEquals(List.of(Map.of("id", AttributeValue.fromS("onb-ann")), Map.of("id", AttributeValue.fromS("onb-bob"))),
                rows.getValue().requestItems().get(TABLE).keys());
    }

    @Test
    void afterTheFilesTheBatchIsCompletedWithBothUrisAndBatchCompletedIsPublished() throws Exception {
        batchRecorded();
        rowsRecorded();

        reporter().write(ID);

        InOrder order = inOrder(s3, dynamoDb, events);
        order.verify(s3, times(2)).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        ArgumentCaptor<UpdateItemRequest> completed = ArgumentCaptor.forClass(UpdateItemRequest.class);
        order.verify(dynamoDb).updateItem(completed.capture());
        ArgumentCaptor<PutEventsRequest> published = ArgumentCaptor.forClass(PutEventsRequest.class);
        order.verify(events).putEvents(published.capture());

        assertEquals(Map.of("id", AttributeValue.fromS(ID)), completed.getValue().key());
        assertEquals(AttributeValue.fromS("COMPLETED"), completed.getValue().expressionAttributeValues().get(":completed"));
        assertEquals(AttributeValue.fromS(CSV_URI), completed.getValue().expressionAttributeValues().get(":csv"));
        assertEquals(AttributeValue.fromS(JSON_URI), completed.getValue().expressionAttributeValues().get(":json"));
        assertEquals(AttributeValue.fromS("2027-01-15T10:00:00Z"), completed.getValue().expressionAttributeValues().get(":now"));

        assertEquals(1, published.getValue().entries().size());
        PutEventsRequestEntry entry = published.getValue().entries().get(0);
        assertEquals(BUS, entry.eventBusName());
        assertEquals("iam-onboarding", entry.source());
        assertEquals("BatchCompleted", entry.detailType());
        assertEquals(Json.MAPPER.readTree("""
                {"batchId": "bat-0123456789abcdef0123456789abcdef",
                 "file": "s3://iam-onboarding-local-intakebucket/batches/cohort-2027-01.csv",
                 "rows": 4,
                 "counts": {"SUCCEEDED": 1, "INVITED": 1, "FAILED": 1, "INVALID": 1, "NOT_RUN": 0, "RUNNING": 0},
                 "report": {"csv": "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.csv",
                            "json": "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.json"}}
                """), Json.MAPPER.readTree(entry.detail()));
    }

    @Test
    void aBatchThatRanNoRowReadsNoStatus() throws Exception {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("batch"), "status", AttributeValue.fromS("RUNNING"),
                "file", AttributeValue.fromS(FILE), "lines", AttributeValue.fromS(
                        "[{\"row\": 2, \"action\": \"onboard\", \"userName\": \"ann.lee\", \"id\": \"onb-ann\", \"status\": \"NOT_RUN\"}]")))
                .build());

        BatchReporter.Written written = reporter().write(ID);

        verify(dynamoDb, never()).batchGetItem(any(BatchGetItemRequest.class));
        assertEquals(1, written.counts().get("NOT_RUN"));
        ArgumentCaptor<RequestBody> body = ArgumentCaptor.forClass(RequestBody.class);
        verify(s3, times(2)).putObject(any(PutObjectRequest.class), body.capture());
        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt\n"
                + "2,onboard,ann.lee,onb-ann,NOT_RUN,,,,,\n", SdkClients.text(body.getAllValues().get(0)));
    }

    @Test
    void aBatchWithoutARecordIsAnErrorAndWritesNothing() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reporter().write(ID));

        assertEquals("batch " + ID + " has no record", e.getMessage());
        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        verify(events, never()).putEvents(any(PutEventsRequest.class));
    }

    @Test
    void aThrottledReadIsRetryable() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("throughput").build());

        assertThrows(RetryableStepException.class, () -> reporter().write(ID));
    }

    @Test
    void aBusyS3IsRetryableAndTheBatchIsNotCompleted() {
        batchRecorded();
        rowsRecorded();
        doThrow(S3Exception.builder().statusCode(503).awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build())
                .message("Please reduce your request rate.").build()).when(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> reporter().write(ID));

        assertEquals("write the report of " + ID + " failed: SlowDown (HTTP 503)", e.getMessage());
        verify(dynamoDb, never()).updateItem(any(UpdateItemRequest.class));
        verify(events, never()).putEvents(any(PutEventsRequest.class));
    }

    @Test
    void aRefusedS3WriteIsPermanent() {
        batchRecorded();
        rowsRecorded();
        doThrow(S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
                .message("Access Denied").build()).when(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));

        assertThrows(PermanentStepException.class, () -> reporter().write(ID));
        verify(events, never()).putEvents(any(PutEventsRequest.class));
    }

    @Test
    void aRejectedEventIsRetryable() {
        batchRecorded();
        rowsRecorded();
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().errorCode("InternalFailure").build()).build());

        assertThrows(RetryableStepException.class, () -> reporter().write(ID));
    }

    @Test
    void theHandlerReturnsTheCountsAndWhereTheReportIs() throws Exception {
        batchRecorded();
        rowsRecorded();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new WriteBatchReportHandler(reporter()).handleRequest(new ByteArrayInputStream(
                ("{\"batchId\": \"" + ID + "\"}").getBytes(StandardCharsets.UTF_8)), out, null);

        JsonNode result = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(Json.MAPPER.readTree("""
                {"batchId": "bat-0123456789abcdef0123456789abcdef",
                 "counts": {"SUCCEEDED": 1, "INVITED": 1, "FAILED": 1, "INVALID": 1, "NOT_RUN": 0, "RUNNING": 0},
                 "report": {"csv": "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.csv",
                            "json": "s3://iam-onboarding-local-intakebucket/reports/bat-0123456789abcdef0123456789abcdef/report.json"}}
                """), result);
    }
}
