package com.iamonboarding.testsupport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A status table over a mocked DynamoDB client that holds no record, for the tests of handlers
 * whose subject is something else: their status writes go to the mock (StatusTableTest and the
 * status handlers' tests check what is written and read).
 */
public final class Statuses {

    private Statuses() {
    }

    public static StatusTable empty() {
        return over(mock(DynamoDbClient.class));
    }

    /** A table over {@code dynamoDb}; without a stubbed GetItem it answers "no record". */
    public static StatusTable over(DynamoDbClient dynamoDb) {
        lenient().when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());
        return new StatusTable(dynamoDb, "iam-onboarding-status", Clock.systemUTC(), Log.forFunction("test"));
    }
}
