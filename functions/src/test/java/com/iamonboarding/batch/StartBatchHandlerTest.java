package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

class StartBatchHandlerTest {

    private static final String STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-batch";
    private static final String EXECUTION_PREFIX = "arn:aws:states:eu-west-1:123456789012:execution:iam-onboarding-batch:";
    private static final String BUCKET = "iam-onboarding-local-intakebucket";
    private static final String SDK_DETAIL = "internal detail arn:aws:iam::123456789012:role/x";

    private final SfnClient sfn = SdkClients.mockClient(SfnClient.class);
    private final ArgumentCaptor<StartExecutionRequest> started = ArgumentCaptor.forClass(StartExecutionRequest.class);

    private final DynamoDbClient dynamoDb = SdkClients.mockClient(DynamoDbClient.class);

    private StartBatchHandler handler() {
        return new StartBatchHandler(sfn, new BatchTable(dynamoDb, "status", Clock.fixed(Instant.parse("2027-01-04T09:00:00Z"), ZoneOffset.UTC)),
                STATE_MACHINE_ARN, BUCKET);
    }

    private static APIGatewayProxyRequestEvent post(String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/batches").withResource("/batches")
                .withHeaders(all).withBody(body).withIsBase64Encoded(false);
    }

    private static APIGatewayProxyRequestEvent post(String body) {
        return post(body, Map.of());
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private void executionStarts() {
        when(sfn.startExecution(started.capture())).thenAnswer(call -> StartExecutionResponse.builder()
                .executionArn(EXECUTION_PREFIX + call.<StartExecutionRequest>getArgument(0).name()).build());
    }

    @Test
    void startsTheBatchStateMachineOnTheFileAndAnswers202WithWhereToPoll() throws Exception {
        executionStarts();

        APIGatewayProxyResponseEvent response = handler().handle(post(
                "{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort-2027-01.csv\"}"), null);

        assertEquals(202, response.getStatusCode());
        StartExecutionRequest request = started.getValue();
        assertEquals(STATE_MACHINE_ARN, request.stateMachineArn());
        assertTrue(request.name().matches("[0-9a-f]{32}"), request.name());
        assertEquals(Json.MAPPER.readTree("{\"bucket\": \"iam-onboarding-local-intakebucket\", \"key\": \"batches/cohort-2027-01.csv\","
                + " \"onInvalidRows\": \"REJECT\"}"), Json.MAPPER.readTree(request.input()), "REJECT unless the request says SKIP");
        JsonNode body = body(response);
        String batchId = body.get("batchId").asText();
        assertTrue(batchId.matches("bat-[0-9a-f]{32}"), batchId);
        assertEquals("bat-" + request.name(), batchId, "the batch id is the execution's name, as the state machine derives it");
        assertEquals("RUNNING", body.get("status").asText());
        assertEquals("/batches/" + batchId, body.get("statusUrl").asText());
        assertEquals(EXECUTION_PREFIX + request.name(), body.get("executionArn").asText());
        assertEquals("/batches/" + batchId, response.getHeaders().get("Location"));
    }

    @Test
    void twoRequestsWithoutAKeyAreTwoBatches() {
        executionStarts();
        String body = "{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}";

        handler().handle(post(body), null);
        handler().handle(post(body), null);

        verify(sfn, times(2)).startExecution(any(StartExecutionRequest.class));
        assertNotEquals(started.getAllValues().get(0).name(), started.getAllValues().get(1).name());
    }

    @Test
    void skipIsPassedOn() throws Exception {
        executionStarts();

        handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/leavers.jsonl\", \"onInvalidRows\": \"SKIP\"}"), null);

        assertEquals(Json.MAPPER.readTree("{\"bucket\": \"iam-onboarding-local-intakebucket\", \"key\": \"batches/leavers.jsonl\","
                + " \"onInvalidRows\": \"SKIP\"}"), Json.MAPPER.readTree(started.getValue().input()));
    }

    @Test
    void theIdempotencyKeyNamesTheSameExecutionEveryTime() throws Exception {
        executionStarts();
        String body = "{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}";

        APIGatewayProxyResponseEvent first = handler().handle(post(body, Map.of("Idempotency-Key", "cohort-2027-01")), null);
        APIGatewayProxyResponseEvent second = handler().handle(post(body, Map.of("idempotency-key", "cohort-2027-01")), null);

        // "batch\ncohort-2027-01" hashed: the first 32 hex digits of its SHA-256.
        String name = Planning.id("", "batch\ncohort-2027-01");
        assertEquals(name, started.getAllValues().get(0).name());
        assertEquals(name, started.getAllValues().get(1).name());
        assertEquals("bat-" + name, body(first).get("batchId").asText());
        assertEquals("bat-" + name, body(second).get("batchId").asText());
    }

    @Test
    void aReplayedKeyWhoseExecutionExistsStillAnswers202WithThatBatch() throws Exception {
        when(sfn.startExecution(started.capture())).thenThrow(ExecutionAlreadyExistsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExecutionAlreadyExists").build()).message("exists").build());

        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}",
                Map.of("Idempotency-Key", "cohort-2027-01")), null);

        assertEquals(202, response.getStatusCode());
        String name = Planning.id("", "batch\ncohort-2027-01");
        assertEquals("bat-" + name, body(response).get("batchId").asText());
        assertEquals(EXECUTION_PREFIX + name, body(response).get("executionArn").asText());
        assertEquals("/batches/bat-" + name, response.getHeaders().get("Location"));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("{}", Map.of(), "s3Uri", "required"),
                Arguments.of("{\"s3Uri\": 42}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"https://iam-onboarding-local-intakebucket.s3.amazonaws.com/batches/x.csv\"}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/reports/x.csv\"}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/x.csv\"}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/\"}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/a\\nb.csv\"}", Map.of(), "s3Uri", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://someone-elses-bucket/batches/x.csv\"}", Map.of(), "s3Uri", "intakeBucket"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\", \"onInvalidRows\": \"skip\"}", Map.of(),
                        "onInvalidRows", "enum"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\", \"onInvalidRows\": true}", Map.of(),
                        "onInvalidRows", "enum"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\", \"dryRun\": true}", Map.of(),
                        "dryRun", "additionalProperties"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\"}", Map.of("Idempotency-Key", "a b"),
                        "Idempotency-Key", "pattern"),
                Arguments.of("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\"}", Map.of("Idempotency-Key", "k".repeat(65)),
                        "Idempotency-Key", "pattern"));
    }

    @ParameterizedTest
    @MethodSource("violations")
    void eachViolationIs400ValidationFailedNamingTheFieldAndRuleAndStartsNothing(String request, Map<String, String> headers,
                                                                                 String field, String rule) throws Exception {
        APIGatewayProxyResponseEvent response = handler().handle(post(request, headers), null);

        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("ValidationFailed", body.get("code").asText());
        assertEquals(1, body.get("violations").size(), body.toString());
        assertEquals(field, body.at("/violations/0/field").asText(), body.toString());
        assertEquals(rule, body.at("/violations/0/rule").asText(), body.toString());
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void everyViolationIsReportedAtOnce() throws Exception {
        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://other-bucket/batches/x.csv\","
                + " \"onInvalidRows\": \"MAYBE\", \"extra\": 1}", Map.of("Idempotency-Key", "a/b")), null);

        assertEquals(400, response.getStatusCode());
        assertEquals(Json.MAPPER.readTree("[\"extra:additionalProperties\", \"s3Uri:intakeBucket\", \"onInvalidRows:enum\","
                + " \"Idempotency-Key:pattern\"]"), Json.MAPPER.valueToTree(java.util.stream.StreamSupport.stream(
                body(response).get("violations").spliterator(), false).map(v -> v.get("field").asText() + ":" + v.get("rule").asText()).toList()));
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aViolationNeverQuotesTheValue() throws Exception {
        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/secret-place/x.csv\"}"), null);

        assertFalse(response.getBody().contains("secret-place"), response.getBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"s3Uri\":", "[\"s3://iam-onboarding-local-intakebucket/batches/x.csv\"]", "\"text\"", "", "   "})
    void aBodyThatIsNotOneJsonObjectIs400InvalidJson(String text) throws Exception {
        APIGatewayProxyResponseEvent response = handler().handle(post(text), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidJson", body(response).get("code").asText());
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aThrottledStartIs503WithoutTheSdkMessage() throws Exception {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(SfnException.builder().statusCode(400).message(SDK_DETAIL)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage(SDK_DETAIL).build()).build());

        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\"}"), null);

        assertEquals(503, response.getStatusCode());
        assertEquals("ServiceUnavailable", body(response).get("code").asText());
        assertEquals("2", response.getHeaders().get("Retry-After"));
        assertFalse(response.getBody().contains("internal detail"));
    }

    @Test
    void aRefusedStartIs500WithoutTheSdkMessage() throws Exception {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(SfnException.builder().statusCode(400).message(SDK_DETAIL)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage(SDK_DETAIL).build()).build());

        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/x.csv\"}"), null);

        assertEquals(500, response.getStatusCode());
        assertFalse(response.getBody().contains("internal detail"));
    }

    @Test
    void theSampleEventRunsThroughTheStreamHandler() throws Exception {
        executionStarts();
        Path events = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler().handleRequest(new ByteArrayInputStream(Files.readAllBytes(events.resolve("StartBatchFunction.json"))), out, null);

        JsonNode proxy = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(202, proxy.get("statusCode").asInt());
        String name = Planning.id("", "batch\nleaver-2025-0131-jane");
        assertEquals("bat-" + name, Json.MAPPER.readTree(proxy.get("body").asText()).get("batchId").asText());
        assertEquals(name, started.getValue().name());
    }

    @Test
    void theBatchIsRecordedRunningBeforeItsExecutionStartsSoGetAnswersAtOnce() throws Exception {
        executionStarts();
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);

        APIGatewayProxyResponseEvent response = handler().handle(post(
                "{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\", \"onInvalidRows\": \"SKIP\"}"), null);

        assertEquals(202, response.getStatusCode());
        verify(dynamoDb).putItem(put.capture());
        var item = put.getValue().item();
        assertEquals(body(response).path("batchId").asText(), item.get("id").s());
        assertEquals("batch", item.get("workflow").s());
        assertEquals("RUNNING", item.get("status").s());
        assertEquals("s3://iam-onboarding-local-intakebucket/batches/cohort.csv", item.get("file").s());
        assertEquals("SKIP", item.get("onInvalidRows").s());
        assertEquals("[]", item.get("lines").s());
        assertEquals("attribute_not_exists(id) OR #error = :notStarted", put.getValue().conditionExpression(),
                "a replay keeps the record it finds, unless its execution could not be started");
        var order = org.mockito.Mockito.inOrder(dynamoDb, sfn);
        order.verify(dynamoDb).putItem(any(PutItemRequest.class));
        order.verify(sfn).startExecution(any(StartExecutionRequest.class));
    }

    private void recorded(String file, String onInvalidRows, String status) {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(ConditionalCheckFailedException.builder().message("exists").build());
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS("bat-x"), "workflow", AttributeValue.fromS("batch"), "status", AttributeValue.fromS(status),
                "file", AttributeValue.fromS(file), "onInvalidRows", AttributeValue.fromS(onInvalidRows),
                "startedAt", AttributeValue.fromS("2027-01-04T08:00:00Z"), "lines", AttributeValue.fromS("[]"))).build());
    }

    @Test
    void aReplayedRequestKeepsTheRecordItFindsAndAnswersItsStatus() throws Exception {
        when(sfn.startExecution(started.capture())).thenThrow(ExecutionAlreadyExistsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExecutionAlreadyExists").build()).message("exists").build());
        recorded("s3://iam-onboarding-local-intakebucket/batches/cohort.csv", "REJECT", "COMPLETED");

        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}",
                Map.of("Idempotency-Key", "hr-export-2027-01")), null);

        assertEquals(202, response.getStatusCode());
        assertEquals("COMPLETED", body(response).path("status").asText());
        verify(dynamoDb, times(1)).putItem(any(PutItemRequest.class));
    }

    @Test
    void theSameKeyForAnotherFileOrModeIs409AndStartsNothing() throws Exception {
        executionStarts();
        recorded("s3://iam-onboarding-local-intakebucket/batches/cohort.csv", "REJECT", "RUNNING");

        APIGatewayProxyResponseEvent otherFile = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/leavers.csv\"}",
                Map.of("Idempotency-Key", "hr-export-2027-01")), null);
        APIGatewayProxyResponseEvent otherMode = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\", "
                + "\"onInvalidRows\": \"SKIP\"}", Map.of("Idempotency-Key", "hr-export-2027-01")), null);

        for (APIGatewayProxyResponseEvent response : List.of(otherFile, otherMode)) {
            assertEquals(409, response.getStatusCode());
            assertEquals("IdempotencyConflict", body(response).path("code").asText());
            assertTrue(body(response).path("message").asText().contains("send a new Idempotency-Key"));
        }
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aBatchWhoseExecutionCouldNotStartIsRecordedAgainByTheSameRequest() throws Exception {
        executionStarts();
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);

        handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}",
                Map.of("Idempotency-Key", "hr-export-2027-01")), null);

        verify(dynamoDb).putItem(put.capture());
        assertEquals("attribute_not_exists(id) OR #error = :notStarted", put.getValue().conditionExpression());
        assertEquals("error", put.getValue().expressionAttributeNames().get("#error"));
        assertEquals("NotStarted", put.getValue().expressionAttributeValues().get(":notStarted").s());
    }

    @Test
    void aBatchWhoseExecutionCouldNotStartIsRecordedFailedNotRunning() throws Exception {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(SfnException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").build()).message("boom").build());
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);

        APIGatewayProxyResponseEvent response = handler().handle(post("{\"s3Uri\": \"s3://iam-onboarding-local-intakebucket/batches/cohort.csv\"}"), null);

        assertEquals(503, response.getStatusCode());
        verify(dynamoDb, times(2)).putItem(put.capture());
        assertEquals("RUNNING", put.getAllValues().get(0).item().get("status").s());
        assertEquals("FAILED", put.getAllValues().get(1).item().get("status").s());
        assertEquals("NotStarted", put.getAllValues().get(1).item().get("error").s());
    }
}
