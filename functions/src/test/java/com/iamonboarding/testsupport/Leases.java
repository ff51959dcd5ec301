package com.iamonboarding.testsupport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.iamonboarding.lease.StepLease;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** Step leases for the tests of what a step does once it holds its lease; StepLeaseTest tests the lease itself. */
public final class Leases {

    private Leases() {
    }

    /** A lease table where every lease is free. */
    public static StepLease free() {
        DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
        lenient().when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        lenient().when(dynamoDb.deleteItem(any(DeleteItemRequest.class))).thenReturn(DeleteItemResponse.builder().build());
        return new StepLease(dynamoDb, "leases", Clock.systemUTC());
    }
}
