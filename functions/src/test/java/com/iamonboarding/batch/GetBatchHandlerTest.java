package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

@ExtendWith(MockitoExtension.class)
class GetBatchHandlerTest {

    private static final String TABLE = "iam-onboarding-status";
    private static final String ID = "bat-0123456789abcdef0123456789abcdef";
    private static final String FILE = "s3://iam-onboarding-local-intakebucket/batches/cohort-2027-01.csv";
    private static final String LINES = """
            [{"row": 2, "action": "onboard", "userName": "ann.lee", "id": "onb-ann", "status": "RUNNING"},
             {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "onb-bob", "status": "RUNNING"},
             {"row": 4, "action": "onboard", "userName": "cy.dunn", "id": "onb-cy", "status": "RUNNING"},
             {"row": 5, "action": "offboard", "userName": "cat.fox", "id": "off-cat", "status": "RUNNING"},
             {"row": 6, "action": "onboard", "userName": "dee.ash", "id": "onb-dee", "status": "RUNNING"},
             {"row": 7, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
             {"row": 8, "action": "offboard", "userName": "dan.orr", "status": "FAILED", "failedStep": "PlanBatch",
              "errorCode": "NotManagedByIamOnboarding"}]
            """;

    @Mock
    DynamoDbClient dynamoDb;
    @Captor
    ArgumentCaptor<GetItemRequest> read;
    @Captor
    ArgumentCaptor<BatchGetItemRequest> rowsRead;

    private GetBatchHandler handler() {
        return new GetBatchHandler(new BatchTable(dynamoDb, TABLE, Clock.systemUTC()),
                new StatusTable(dynamoDb, TABLE, Clock.systemUTC(), Log.forFunction("test")));
    }

    private static APIGatewayProxyRequestEvent get(String id) {
        Map<String, String> path = new HashMap<>();
        path.put("id", id);
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource("/batches/{id}").withPath("/batches/" + id)
                .withPathParameters(path);
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private void batch(Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("batch"),
                "status", AttributeValue.fromS("RUNNING"), "file", AttributeValue.fromS(FILE), "onInvalidRows", AttributeValue.fromS("SKIP"),
                "startedAt", AttributeValue.fromS("2027-01-15T09:00:00Z"), "lines", AttributeValue.fromS(LINES)));
        item.putAll(extra);
        when(dynamoDb.getItem(read.capture())).thenReturn(GetItemResponse.builder().item(item).build());
    }

    private static Map<String, AttributeValue> status(String id, String status) {
        return Map.of("id", AttributeValue.fromS(id), "workflow", AttributeValue.fromS(id.startsWith("onb-") ? "onboarding" : "offboarding"),
                "attempt", AttributeValue.fromN("1"), "status", AttributeValue.fromS(status),
                "startedAt", AttributeValue.fromS("2027-01-15T09:01:00Z"), "updatedAt", AttributeValue.fromS("2027-01-15T09:01:30Z"));
    }

    private void rows() {
        // onb-dee has no record yet: its child has not written.
        when(dynamoDb.batchGetItem(rowsRead.capture())).thenReturn(BatchGetItemResponse.builder().responses(Map.of(TABLE, List.of(
                status("onb-ann", "SUCCEEDED"), status("onb-bob", "WAITING_FOR_HIRE"), status("onb-cy", "RUNNING"),
                status("off-cat", "FAILED")))).build());
    }

    @Test
    void aRunningBatchCountsItsRowsByTheirLiveRecordsAndListsTheOnesStillRunning() throws Exception {
        batch(Map.of());
        rows();

        APIGatewayProxyResponseEvent response = handler().handle(get(ID), null);

        assertEquals(200, response.getStatusCode());
        assertEquals(Json.MAPPER.readTree("""
                {"batchId": "bat-0123456789abcdef0123456789abcdef", "status": "RUNNING",
                 "file": "s3://iam-onboarding-local-intakebucket/batches/cohort-2027-01.csv", "onInvalidRows": "SKIP",
                 "startedAt": "2027-01-15T09:00:00Z", "rows": 7,
                 "counts": {"SUCCEEDED": 1, "INVITED": 1, "FAILED": 2, "INVALID": 1, "NOT_RUN": 0, "RUNNING": 2},
                 "running": [
                   {"row": 3, "userName": "bob.ray", "id": "onb-bob", "status": "INVITED"},
                   {"row": 4, "userName": "cy.dunn", "id": "onb-cy", "status": "RUNNING"},
                   {"row": 6, "userName": "dee.ash", "id": "onb-dee", "status": "RUNNING"}]}
                """), body(response));
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), read.getValue().key());
        assertEquals(true, read.getValue().consistentRead());
        assertEquals(List.of("onb-ann", "onb-bob", "onb-cy", "off-cat", "onb-dee"), rowsRead.getValue().requestItems().get(TABLE).keys()
                .stream().map(key -> key.get("id").s()).toList(), "only the rows that run; no Step Functions call");
    }

    @Test
    void aCompletedBatchSaysWhereItsReportIs() throws Exception {
        batch(Map.of("status", AttributeValue.fromS("COMPLETED"), "stoppedAt", AttributeValue.fromS("2027-01-15T09:42:10Z"),
                "reportCsv", AttributeValue.fromS("s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.csv"),
                "reportJson", AttributeValue.fromS("s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.json")));
        rows();

        JsonNode body = body(handler().handle(get(ID), null));

        assertEquals("COMPLETED", body.get("status").asText());
        assertEquals("2027-01-15T09:42:10Z", body.get("stoppedAt").asText());
        assertEquals(Json.MAPPER.readTree("{\"csv\": \"s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.csv\","
                + " \"json\": \"s3://iam-onboarding-local-intakebucket/reports/" + ID + "/report.json\"}"), body.get("report"));
    }

    @Test
    void aRunningBatchHasNoReport() throws Exception {
        batch(Map.of());
        rows();

        assertFalse(body(handler().handle(get(ID), null)).has("report"));
    }

    @Test
    void aRefusedFileIsAFailedBatchWithItsErrorAndNoRows() throws Exception {
        batch(Map.of("status", AttributeValue.fromS("FAILED"), "lines", AttributeValue.fromS("[]"),
                "stoppedAt", AttributeValue.fromS("2027-01-15T09:00:01Z"), "error", AttributeValue.fromS("UnknownColumn"),
                "message", AttributeValue.fromS("the CSV header names columns no request has: salary")));

        JsonNode body = body(handler().handle(get(ID), null));

        assertEquals("FAILED", body.get("status").asText());
        assertEquals("UnknownColumn", body.get("error").asText());
        assertEquals("the CSV header names columns no request has: salary", body.get("message").asText());
        assertEquals(0, body.get("rows").asInt());
        assertEquals(0, body.get("running").size());
        verify(dynamoDb, never()).batchGetItem(any(BatchGetItemRequest.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onb-0123", "bat-", "bat-a_b", "bat-a/b", "BAT-abc", "bat-a b"})
    void anIdThatIsNoBatchIdIs400AndReadsNothing(String id) throws Exception {
        APIGatewayProxyResponseEvent response = handler().handle(get(id), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidBatchId", body(response).get("code").asText());
        verifyNoInteractions(dynamoDb);
    }

    @Test
    void anIdOfEightyOneCharactersIsTooLong() {
        assertEquals(400, handler().handle(get("bat-" + "a".repeat(81)), null).getStatusCode());
        verifyNoInteractions(dynamoDb);
    }

    @Test
    void noPathParameterIs400() {
        assertEquals(400, handler().handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET"), null).getStatusCode());
    }

    @Test
    void anUnknownBatchIs404BatchNotFound() throws Exception {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        APIGatewayProxyResponseEvent response = handler().handle(get(ID), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("BatchNotFound", body(response).get("code").asText());
    }

    @Test
    void anOnboardingsRecordUnderABatchIdIsNotABatch() throws Exception {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("onboarding"), "status", AttributeValue.fromS("RUNNING")))
                .build());

        assertEquals(404, handler().handle(get(ID), null).getStatusCode());
    }

    @Test
    void aThrottledReadIs503() throws Exception {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("internal detail arn:aws:dynamodb:eu-west-1:123456789012:table/x").build());

        APIGatewayProxyResponseEvent response = handler().handle(get(ID), null);

        assertEquals(503, response.getStatusCode());
        assertEquals("ServiceUnavailable", body(response).get("code").asText());
        assertFalse(response.getBody().contains("internal detail"));
    }

    @Test
    void aThrottledRowsReadIs503Too() {
        batch(Map.of());
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("throughput").build());

        assertEquals(503, handler().handle(get(ID), null).getStatusCode());
    }

    @Test
    void theSampleEventRunsThroughTheStreamHandler() throws Exception {
        when(dynamoDb.getItem(read.capture())).thenReturn(GetItemResponse.builder().build());
        Path events = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler().handleRequest(new ByteArrayInputStream(Files.readAllBytes(events.resolve("GetBatchFunction.json"))), out, null);

        JsonNode proxy = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(404, proxy.get("statusCode").asInt());
        assertEquals(AttributeValue.fromS("bat-sample"), read.getValue().key().get("id"));
    }
}
