package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.status.StatusTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

@ExtendWith(MockitoExtension.class)
class FollowBatchRowHandlerTest {

    private static final String TABLE = "iam-onboarding-status";
    private static final String ID = "onb-0123456789abcdef0123456789abcdef";

    @Mock
    DynamoDbClient dynamoDb;
    @Captor
    ArgumentCaptor<GetItemRequest> read;

    private FollowBatchRowHandler handler() {
        return new FollowBatchRowHandler(new StatusTable(dynamoDb, TABLE, Clock.systemUTC(), Log.forFunction("test")));
    }

    private static FollowBatchRowHandler.Input input(String phase, int polls) {
        FollowBatchRowHandler.Input input = new FollowBatchRowHandler.Input();
        input.id = ID;
        input.followed = new BatchItem.Followed(phase, polls);
        return input;
    }

    private void recordSays(String status) {
        when(dynamoDb.getItem(read.capture())).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("onboarding"), "attempt", AttributeValue.fromN("1"),
                "status", AttributeValue.fromS(status), "startedAt", AttributeValue.fromS("2027-01-15T09:01:00Z"),
                "updatedAt", AttributeValue.fromS("2027-01-15T09:01:05Z"))).build());
    }

    @ParameterizedTest
    @CsvSource({
            "RUNNING, RUNNING",
            "WAITING_FOR_HIRE, INVITED",
            "SUCCEEDED, SUCCEEDED",
            "FAILED, FAILED",
            "TIMED_OUT, FAILED",
            "ABORTED, FAILED"})
    void eachRecordedStatusIsAPhaseAndTheLookIsCounted(String status, String phase) {
        recordSays(status);

        BatchItem.Followed followed = handler().handle(input("RUNNING", 3), null);

        assertEquals(new BatchItem.Followed(phase, 4), followed);
        assertEquals(TABLE, read.getValue().tableName());
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), read.getValue().key());
        assertTrue(read.getValue().consistentRead());
    }

    @Test
    void aRowWithoutARecordYetIsRunning() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        assertEquals(new BatchItem.Followed("RUNNING", 1), handler().handle(input("STARTING", 0), null));
    }

    @Test
    void theFirstLookWithoutAFollowedStateIsLookOne() {
        recordSays("SUCCEEDED");
        FollowBatchRowHandler.Input input = new FollowBatchRowHandler.Input();
        input.id = ID;

        assertEquals(new BatchItem.Followed("SUCCEEDED", 1), handler().handle(input, null));
    }

    @Test
    void aRowStillRunningAtTheLastLookIsGivenUp() {
        recordSays("RUNNING");

        assertEquals(new BatchItem.Followed("GAVE_UP", 8_640), handler().handle(input("RUNNING", 8_639), null));
    }

    @Test
    void aRowThatEndedAtTheLastLookIsNotGivenUp() {
        recordSays("WAITING_FOR_HIRE");

        assertEquals(new BatchItem.Followed("INVITED", 8_640), handler().handle(input("RUNNING", 8_639), null));
    }

    @Test
    void oneLookBeforeTheLastStillRuns() {
        recordSays("RUNNING");

        assertEquals(new BatchItem.Followed("RUNNING", 8_639), handler().handle(input("RUNNING", 8_638), null));
    }

    @Test
    void aThrottledReadIsRetryable() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("throughput").build());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> handler().handle(input("RUNNING", 1), null));

        assertEquals("dynamodb:GetItem failed: ProvisionedThroughputExceededException (HTTP 400)", e.getMessage());
    }

    @Test
    void aRefusedReadIsPermanent() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).message("denied").build());

        assertThrows(PermanentStepException.class, () -> handler().handle(input("RUNNING", 1), null));
    }

    @Test
    void theSampleEventIsOneLook() throws Exception {
        when(dynamoDb.getItem(read.capture())).thenReturn(GetItemResponse.builder().build());
        Path events = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler().handleRequest(new ByteArrayInputStream(Files.readAllBytes(events.resolve("FollowBatchRowFunction.json"))), out, null);

        assertEquals(Json.MAPPER.readTree("{\"phase\": \"RUNNING\", \"polls\": 1}"), Json.MAPPER.readTree(out.toByteArray()));
        assertEquals(AttributeValue.fromS("onb-sample-row"), read.getValue().key().get("id"));
    }
}
