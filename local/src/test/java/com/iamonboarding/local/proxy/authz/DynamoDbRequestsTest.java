package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.iamonboarding.local.proxy.RecordedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import org.junit.jupiter.api.Test;

/** DynamoDB item calls, against the Service Authorization Reference for DynamoDB (resource types {@code table}, {@code index}). */
class DynamoDbRequestsTest extends MappingTestSupport {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/iam-onboarding-status";

    private static final Map<String, List<String>> LEADING_KEY = Map.of("dynamodb:LeadingKeys", List.of("ob-1"));

    @Test
    void getItemIsOnTheTableWithItsPartitionKey() {
        assertMapsTo(SampleCalls.GET_ITEM, "dynamodb:GetItem", TABLE, LEADING_KEY);
    }

    @Test
    void putItemIsOnTheTableWithThePartitionKeyOfTheItem() {
        assertMapsTo(SampleCalls.PUT_ITEM, "dynamodb:PutItem", TABLE, LEADING_KEY);
    }

    @Test
    void updateItemIsOnTheTableWithItsReturnValues() {
        assertMapsTo(SampleCalls.UPDATE_ITEM, "dynamodb:UpdateItem", TABLE,
                plus(LEADING_KEY, Map.of("dynamodb:ReturnValues", List.of("ALL_NEW"))));
    }

    @Test
    void deleteItemIsOnTheTable() {
        assertMapsTo(SampleCalls.DELETE_ITEM, "dynamodb:DeleteItem", TABLE, LEADING_KEY);
    }

    @Test
    void queryOfAnIndexIsOnTheIndexWithTheIndexsPartitionKeyValue() {
        assertMapsTo(SampleCalls.QUERY, "dynamodb:Query", TABLE + "/index/ByUser",
                Map.of("dynamodb:LeadingKeys", List.of(SampleCalls.USER)));
    }

    /** BatchGetItem (a batch's rows' statuses): one authorisation on the table with every key asked for, each once. */
    @Test
    void batchGetItemIsOnTheTableWithEveryPartitionKeyItAsksFor() {
        RecordedRequest request = sdk.capture(c -> c.dynamoDb.batchGetItem(b -> b.requestItems(Map.of(SampleCalls.TABLE,
                KeysAndAttributes.builder().consistentRead(true).keys(
                        Map.of("OnboardingId", AttributeValue.fromS("onb-1")),
                        Map.of("OnboardingId", AttributeValue.fromS("off-2")),
                        Map.of("OnboardingId", AttributeValue.fromS("onb-1"))).build()))));

        List<Authorization> authorizations = ((Mapping.Mapped) mapping(request, FUNCTION)).authorizations();

        assertEquals(1, authorizations.size(), authorizations.toString());
        assertAuthorization("dynamodb:BatchGetItem", TABLE, authorizations.get(0));
        assertContext(Map.of("dynamodb:LeadingKeys", List.of("onb-1", "off-2")), authorizations.get(0));
    }

    @Test
    void aTableWithoutAKnownKeySchemaIsRefusedNotEvaluatedWithoutItsLeadingKey() {
        facts.partitionKeys.clear();

        assertInstanceOf(Mapping.Unmapped.class, mapping(sdk.capture(SampleCalls.GET_ITEM.call()), FUNCTION));
    }
}
