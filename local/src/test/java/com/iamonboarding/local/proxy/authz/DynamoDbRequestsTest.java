package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DynamoDB item calls, against the Service Authorization Reference for DynamoDB (resource types {@code table}, {@code index}). */
class DynamoDbRequestsTest extends MappingTestSupport {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/iam-onboarding-status";

    @Test
    void getItemIsOnTheTable() {
        assertMapsTo(SampleCalls.GET_ITEM, "dynamodb:GetItem", TABLE, Map.of());
    }

    @Test
    void putItemIsOnTheTable() {
        assertMapsTo(SampleCalls.PUT_ITEM, "dynamodb:PutItem", TABLE, Map.of());
    }

    @Test
    void updateItemIsOnTheTableWithItsReturnValues() {
        assertMapsTo(SampleCalls.UPDATE_ITEM, "dynamodb:UpdateItem", TABLE, Map.of("dynamodb:ReturnValues", List.of("ALL_NEW")));
    }

    @Test
    void deleteItemIsOnTheTable() {
        assertMapsTo(SampleCalls.DELETE_ITEM, "dynamodb:DeleteItem", TABLE, Map.of());
    }

    @Test
    void queryOfAnIndexIsOnTheIndex() {
        assertMapsTo(SampleCalls.QUERY, "dynamodb:Query", TABLE + "/index/ByUser", Map.of());
    }
}
