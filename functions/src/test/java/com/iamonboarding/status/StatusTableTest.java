package com.iamonboarding.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

@ExtendWith(MockitoExtension.class)
class StatusTableTest {

    private static final String TABLE = "iam-onboarding-status";

    @Mock
    DynamoDbClient dynamoDb;
    @Captor
    ArgumentCaptor<BatchGetItemRequest> asked;

    private StatusTable table() {
        return new StatusTable(dynamoDb, TABLE, Clock.fixed(Instant.parse("2027-01-15T09:00:00Z"), ZoneOffset.UTC), Log.forFunction("test"));
    }

    private static Map<String, AttributeValue> record(String id, String status) {
        return Map.of("id", AttributeValue.fromS(id), "workflow", AttributeValue.fromS("onboarding"), "attempt", AttributeValue.fromN("1"),
                "status", AttributeValue.fromS(status), "startedAt", AttributeValue.fromS("2027-01-15T08:00:00Z"),
                "updatedAt", AttributeValue.fromS("2027-01-15T08:00:05Z"));
    }

    private static List<String> ids(KeysAndAttributes keys) {
        return keys.keys().stream().map(key -> {
            assertEquals(Set.of("id"), key.keySet(), "the table's key is id alone");
            return key.get("id").s();
        }).toList();
    }

    private static BatchGetItemResponse answered(List<Map<String, AttributeValue>> items, Map<String, KeysAndAttributes> unprocessed) {
        return BatchGetItemResponse.builder().responses(Map.of(TABLE, items)).unprocessedKeys(unprocessed).build();
    }

    /** DynamoDB answering every key it is asked for with a RUNNING record, nothing left unprocessed. */
    private static Answer<BatchGetItemResponse> everyRecordThere() {
        return call -> {
            KeysAndAttributes keys = call.<BatchGetItemRequest>getArgument(0).requestItems().get(TABLE);
            return answered(ids(keys).stream().map(id -> record(id, "RUNNING")).toList(), Map.of());
        };
    }

    @Test
    void moreThanAHundredIdsAreReadInCallsOfAtMostAHundredConsistentKeys() {
        List<String> ids = IntStream.rangeClosed(1, 250).mapToObj(i -> "onb-row-" + i).toList();
        when(dynamoDb.batchGetItem(asked.capture())).thenAnswer(everyRecordThere());

        Map<String, StatusRecord> records = table().readMany(ids);

        verify(dynamoDb, times(3)).batchGetItem(any(BatchGetItemRequest.class));
        List<Integer> sizes = new ArrayList<>();
        Set<String> keysAsked = new HashSet<>();
        for (BatchGetItemRequest request : asked.getAllValues()) {
            assertEquals(Set.of(TABLE), request.requestItems().keySet());
            KeysAndAttributes keys = request.requestItems().get(TABLE);
            assertTrue(keys.consistentRead(), "a report right after a row's last write sees it");
            sizes.add(keys.keys().size());
            keysAsked.addAll(ids(keys));
        }
        assertEquals(List.of(100, 100, 50), sizes);
        assertEquals(new HashSet<>(ids), keysAsked);
        assertEquals(250, records.size());
        assertEquals("RUNNING", records.get("onb-row-250").status());
        assertEquals("onb-row-250", records.get("onb-row-250").id());
    }

    @Test
    void exactlyAHundredIdsAreOneCall() {
        when(dynamoDb.batchGetItem(asked.capture())).thenAnswer(everyRecordThere());

        table().readMany(IntStream.rangeClosed(1, 100).mapToObj(i -> "off-" + i).toList());

        verify(dynamoDb).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void unprocessedKeysAreAskedForAgain() {
        KeysAndAttributes left = KeysAndAttributes.builder().keys(Map.of("id", AttributeValue.fromS("onb-c"))).consistentRead(true).build();
        when(dynamoDb.batchGetItem(asked.capture()))
                .thenReturn(answered(List.of(record("onb-a", "SUCCEEDED"), record("onb-b", "FAILED")), Map.of(TABLE, left)))
                .thenReturn(answered(List.of(record("onb-c", "WAITING_FOR_HIRE")), Map.of()));

        Map<String, StatusRecord> records = table().readMany(List.of("onb-a", "onb-b", "onb-c"));

        assertEquals(2, asked.getAllValues().size());
        assertEquals(List.of("onb-a", "onb-b", "onb-c"), ids(asked.getAllValues().get(0).requestItems().get(TABLE)));
        assertEquals(Map.of(TABLE, left), asked.getAllValues().get(1).requestItems(), "only what was left, as DynamoDB handed it back");
        assertEquals(Map.of("onb-a", "SUCCEEDED", "onb-b", "FAILED", "onb-c", "WAITING_FOR_HIRE"),
                records.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status())));
    }

    @Test
    void keysStillUnprocessedAfterTheBoundedRoundsFailTheRead() {
        KeysAndAttributes left = KeysAndAttributes.builder().keys(Map.of("id", AttributeValue.fromS("onb-a"))).consistentRead(true).build();
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class))).thenReturn(answered(List.of(), Map.of(TABLE, left)));

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> table().readMany(List.of("onb-a")));

        assertEquals("com.iamonboarding.common.ThrottledStepException", e.getClass().getName(), "DynamoDB leaves keys unprocessed when throttled");
        assertEquals("DynamoDB left status records unread after 5 rounds", e.getMessage());
        verify(dynamoDb, times(5)).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void aDuplicateIdIsAskedForOnce() {
        when(dynamoDb.batchGetItem(asked.capture())).thenAnswer(everyRecordThere());

        Map<String, StatusRecord> records = table().readMany(List.of("onb-a", "off-b", "onb-a", "off-b", "onb-a"));

        assertEquals(List.of("onb-a", "off-b"), ids(asked.getValue().requestItems().get(TABLE)),
                "BatchGetItem refuses a request that names a key twice");
        assertEquals(Set.of("onb-a", "off-b"), records.keySet());
    }

    @Test
    void idsWithoutARecordAreAbsent() {
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class)))
                .thenReturn(answered(List.of(record("onb-a", "SUCCEEDED")), Map.of()));

        Map<String, StatusRecord> records = table().readMany(List.of("onb-a", "onb-missing"));

        assertEquals(Set.of("onb-a"), records.keySet());
    }

    @Test
    void aResponseWithoutTheTableOrUnprocessedKeysIsNoRecordAndNoSecondRound() {
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class))).thenReturn(BatchGetItemResponse.builder().build());

        assertEquals(Map.of(), table().readMany(List.of("onb-a")));
        verify(dynamoDb).batchGetItem(any(BatchGetItemRequest.class));
    }

    @Test
    void noIdsIsNoCall() {
        assertEquals(Map.of(), table().readMany(List.of()));
        verifyNoInteractions(dynamoDb);
    }

    @Test
    void errorsPropagate() {
        ProvisionedThroughputExceededException throttled = (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException
                .builder().statusCode(400).message("throughput")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build();
        when(dynamoDb.batchGetItem(any(BatchGetItemRequest.class))).thenThrow(throttled);

        assertThrows(ProvisionedThroughputExceededException.class, () -> table().readMany(List.of("onb-a")));
    }
}
