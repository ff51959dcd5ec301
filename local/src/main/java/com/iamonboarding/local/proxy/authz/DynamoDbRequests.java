package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;
import java.util.Set;

/**
 * DynamoDB item calls, on the table (a Query of an index: on the index). Not modelled:
 * {@code dynamodb:LeadingKeys} and {@code dynamodb:Attributes}, which need the table's key schema.
 */
final class DynamoDbRequests implements ServiceRequests {

    private static final Set<String> ITEM_ACTIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query");

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        if (!ITEM_ACTIONS.contains(request.action())) {
            throw ServiceRequests.unknown(request);
        }
        String table = Params.required(request, "TableName");
        String tableArn = Arns.isArn(table) ? table : Arns.regional("dynamodb", "table/" + table);
        String resource = Params.text(request, "IndexName").filter(index -> request.action().equals("Query"))
                .map(index -> tableArn + "/index/" + index).orElse(tableArn);
        return List.of(scope.authorize("dynamodb:" + request.action(), resource)
                .with("dynamodb:Select", Params.text(request, "Select"))
                .with("dynamodb:ReturnValues", Params.text(request, "ReturnValues"))
                .with("dynamodb:ReturnConsumedCapacity", Params.text(request, "ReturnConsumedCapacity"))
                .build());
    }
}
