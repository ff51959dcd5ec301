package com.iamonboarding.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.RetryableStepException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

@ExtendWith(MockitoExtension.class)
class StepLeaseTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Mock
    DynamoDbClient dynamoDb;
    @Mock
    Context context;

    private final StepLease lease() {
        return new StepLease(dynamoDb, "leases", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConditionalCheckFailedException held() {
        return (ConditionalCheckFailedException) ConditionalCheckFailedException.builder().statusCode(400).message("held")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException").build()).build();
    }

    @Test
    void aFreeLeaseIsTakenForTheInvocationsTimePlusAMarginThenReleasedByItsOwner() {
        when(context.getRemainingTimeInMillis()).thenReturn(25_000);
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        when(dynamoDb.putItem(put.capture())).thenReturn(PutItemResponse.builder().build());
        ArgumentCaptor<DeleteItemRequest> delete = ArgumentCaptor.forClass(DeleteItemRequest.class);
        when(dynamoDb.deleteItem(delete.capture())).thenReturn(DeleteItemResponse.builder().build());

        String result = lease().exclusively("onb-1", "EnrollMfa", context, () -> "done");

        assertEquals("done", result);
        PutItemRequest taken = put.getValue();
        assertEquals("leases", taken.tableName());
        assertEquals("onb-1#EnrollMfa", taken.item().get("leaseId").s());
        assertEquals(Long.toString(NOW.getEpochSecond() + 25 + 10), taken.item().get("expiresAt").n());
        assertEquals("attribute_not_exists(#key) OR #expiresAt < :now", taken.conditionExpression());
        assertEquals(Long.toString(NOW.getEpochSecond()), taken.expressionAttributeValues().get(":now").n());
        DeleteItemRequest released = delete.getValue();
        assertEquals("onb-1#EnrollMfa", released.key().get("leaseId").s());
        assertEquals("#owner = :owner", released.conditionExpression());
        assertEquals(taken.item().get("owner").s(), released.expressionAttributeValues().get(":owner").s(),
                "only the lease this delivery took is released");
    }

    @Test
    void aLeaseHeldByAnotherDeliveryIsRetryableAndTheWorkDoesNotRun() {
        when(context.getRemainingTimeInMillis()).thenReturn(25_000);
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(held());
        AtomicBoolean ran = new AtomicBoolean();

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> lease().exclusively("onb-1", "EnrollMfa", context, () -> ran.getAndSet(true)));

        assertFalse(ran.get());
        assertTrue(e.getMessage().contains("EnrollMfa of onb-1 is already running in another delivery"), e.getMessage());
        verify(dynamoDb, never()).deleteItem(any(DeleteItemRequest.class));
    }

    @Test
    void theLeaseIsReleasedWhenTheWorkFailsAndTheWorksErrorIsKept() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class))).thenReturn(DeleteItemResponse.builder().build());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lease().exclusively("onb-1", "CreateAccessKey", null, () -> {
                    throw new IllegalStateException("the step's own failure");
                }));

        assertEquals("the step's own failure", e.getMessage());
        verify(dynamoDb).deleteItem(any(DeleteItemRequest.class));
    }

    @Test
    void withoutAContextTheLeaseLastsLambdasLongestInvocation() {
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        when(dynamoDb.putItem(put.capture())).thenReturn(PutItemResponse.builder().build());

        lease().exclusively("onb-1", "CreateAccessKey", null, () -> 1);

        assertEquals(Long.toString(NOW.getEpochSecond() + 15 * 60 + 10), put.getValue().item().get("expiresAt").n());
    }

    @Test
    void aReleaseThatFailsIsLeftToTheExpiryAndTheResultStands() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        when(dynamoDb.deleteItem(any(DeleteItemRequest.class))).thenThrow(held())
                .thenThrow(DynamoDbException.builder().statusCode(500).message("down").build());

        assertEquals(1, lease().exclusively("onb-1", "CreateAccessKey", null, () -> 1));
        assertEquals(2, lease().exclusively("onb-1", "CreateAccessKey", null, () -> 2));
    }

    @Test
    void aThrottledLeaseTableIsRetryable() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(DynamoDbException.builder().statusCode(400).message("slow down")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());

        assertThrows(RetryableStepException.class, () -> lease().exclusively("onb-1", "EnrollMfa", null, () -> 1));
    }

    @Test
    void aMissingTableIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> new StepLease(dynamoDb, null, Clock.systemUTC()));
    }
}
