package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB item calls, on the table (a Query of an index: on the index), with
 * {@code dynamodb:LeadingKeys}: the partition key value the request touches, read with the table's
 * (or index's) key schema from the emulator. A policy with {@code ForAllValues:StringLike} on that
 * key would match a request without it, so an item call whose partition key cannot be found is
 * refused rather than evaluated without it. A Scan reads every partition: AWS sends it without
 * {@code dynamodb:LeadingKeys}, and so does this mapping (a {@code ForAllValues} condition on the key
 * then matches, as in AWS). Not modelled: {@code dynamodb:Attributes}.
 */
final class DynamoDbRequests implements ServiceRequests {

    private static final Set<String> ITEM_ACTIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem");
    /** {@code <name> = <:value>} in a key condition (the partition key is always compared with =). */
    private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_.-]+)\\s*=\\s*(:[A-Za-z0-9_]+)");

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        if (!ITEM_ACTIONS.contains(request.action())) {
            throw ServiceRequests.unknown(request);
        }
        if (request.action().equals("BatchGetItem")) {
            return batchGet(request, scope);
        }
        String table = Params.required(request, "TableName");
        String tableArn = Arns.isArn(table) ? table : Arns.regional("dynamodb", "table/" + table);
        String tableName = tableArn.substring(tableArn.indexOf(":table/") + ":table/".length());
        Optional<String> index = Params.text(request, "IndexName").filter(i -> Set.of("Query", "Scan").contains(request.action()));
        String resource = index.map(i -> tableArn + "/index/" + i).orElse(tableArn);
        if (request.action().equals("Scan")) {
            return List.of(scope.authorize("dynamodb:Scan", resource)
                    .with("dynamodb:Select", Params.text(request, "Select"))
                    .with("dynamodb:ReturnConsumedCapacity", Params.text(request, "ReturnConsumedCapacity"))
                    .build());
        }
        String partitionKey = scope.facts().partitionKey(tableName, index)
                .orElseThrow(() -> new CannotMap("the emulator has no key schema for " + resource));
        String leadingKey = leadingKey(request, partitionKey)
                .orElseThrow(() -> new CannotMap(request + " names no value of the partition key " + partitionKey));
        return List.of(scope.authorize("dynamodb:" + request.action(), resource)
                .with("dynamodb:LeadingKeys", leadingKey)
                .with("dynamodb:Select", Params.text(request, "Select"))
                .with("dynamodb:ReturnValues", Params.text(request, "ReturnValues"))
                .with("dynamodb:ReturnConsumedCapacity", Params.text(request, "ReturnConsumedCapacity"))
                .build());
    }

    /**
     * BatchGetItem: one authorisation per table, with every partition key value it asks that table for
     * as {@code dynamodb:LeadingKeys} (so {@code ForAllValues:StringLike} must match each of them).
     */
    private static List<Authorization> batchGet(RecordedRequest request, Scope scope) {
        Map<?, ?> requestItems = Params.object(request.parameters().get("RequestItems"));
        if (requestItems.isEmpty()) {
            throw new CannotMap(request + " names no table");
        }
        List<Authorization> authorizations = new java.util.ArrayList<>();
        requestItems.forEach((table, keysAndAttributes) -> {
            String tableArn = Arns.isArn(String.valueOf(table)) ? String.valueOf(table) : Arns.regional("dynamodb", "table/" + table);
            String tableName = tableArn.substring(tableArn.indexOf(":table/") + ":table/".length());
            String partitionKey = scope.facts().partitionKey(tableName, Optional.empty())
                    .orElseThrow(() -> new CannotMap("the emulator has no key schema for " + tableArn));
            List<String> leadingKeys = Params.objects(Params.object(keysAndAttributes).get("Keys")).stream()
                    .map(key -> scalar(key.get(partitionKey))
                            .orElseThrow(() -> new CannotMap(request + " asks for a key without the partition key " + partitionKey)))
                    .distinct().toList();
            if (leadingKeys.isEmpty()) {
                throw new CannotMap(request + " asks " + tableName + " for no key");
            }
            authorizations.add(scope.authorize("dynamodb:BatchGetItem", tableArn)
                    .withAll("dynamodb:LeadingKeys", leadingKeys)
                    .with("dynamodb:ReturnConsumedCapacity", Params.text(request, "ReturnConsumedCapacity"))
                    .build());
        });
        return authorizations;
    }

    private static Optional<String> leadingKey(RecordedRequest request, String partitionKey) {
        return switch (request.action()) {
            case "PutItem" -> scalar(Params.object(request.parameters().get("Item")).get(partitionKey));
            case "Query" -> queried(request, partitionKey);
            default -> scalar(Params.object(request.parameters().get("Key")).get(partitionKey));
        };
    }

    private static Optional<String> queried(RecordedRequest request, String partitionKey) {
        Map<?, ?> names = Params.object(request.parameters().get("ExpressionAttributeNames"));
        Map<?, ?> values = Params.object(request.parameters().get("ExpressionAttributeValues"));
        Matcher equals = EQUALS.matcher(Params.text(request, "KeyConditionExpression").orElse(""));
        while (equals.find()) {
            String name = equals.group(1).startsWith("#") ? String.valueOf(names.get(equals.group(1))) : equals.group(1);
            if (name.equals(partitionKey)) {
                return scalar(values.get(equals.group(2)));
            }
        }
        Map<?, ?> condition = Params.object(Params.object(request.parameters().get("KeyConditions")).get(partitionKey));
        return Params.objects(condition.get("AttributeValueList")).stream().findFirst().flatMap(DynamoDbRequests::scalar);
    }

    /** The text of a DynamoDB attribute value {@code {"S": …}} (or N, B). */
    private static Optional<String> scalar(Object attributeValue) {
        Map<?, ?> value = Params.object(attributeValue);
        for (String type : List.of("S", "N", "B")) {
            if (value.get(type) != null) {
                return Optional.of(String.valueOf(value.get(type)));
            }
        }
        return Optional.empty();
    }
}
