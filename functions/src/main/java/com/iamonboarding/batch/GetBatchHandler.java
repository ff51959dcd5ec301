package com.iamonboarding.batch;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.ApiHandler;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * GET /batches/{id}: the batch's progress from its record and its rows' status records (one GetItem
 * and a BatchGetItem per 100 rows; no Step Functions call): counts by status, the rows still running
 * (self-service rows whose hire has not enrolled included, until every row has finished), and once
 * the batch has written it, where its report is.
 */
public class GetBatchHandler extends ApiHandler {

    private static final Pattern BATCH_ID = Pattern.compile("^bat-[A-Za-z0-9-]{1,80}$");

    private final BatchTable batches;
    private final StatusTable status;

    public GetBatchHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public GetBatchHandler(FunctionEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require(StatusTable.ENVIRONMENT_VARIABLE));
    }

    private GetBatchHandler(DynamoDbClient dynamoDb, String table) {
        this(new BatchTable(dynamoDb, table, Clock.systemUTC()), new StatusTable(dynamoDb, table, Clock.systemUTC(), Log.forFunction("GetBatch")));
    }

    public GetBatchHandler(BatchTable batches, StatusTable status) {
        super(Log.forFunction("GetBatch"));
        this.batches = batches;
        this.status = status;
    }

    @Override
    protected APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        Optional<String> id = ApiRequests.pathParameter(event, "id");
        if (id.isEmpty() || !BATCH_ID.matcher(id.get()).matches()) {
            return ApiResponses.error(400, "InvalidBatchId", "a batch id is bat- and up to 80 letters, digits and -");
        }
        Optional<BatchRecord> record;
        List<BatchReport.Line> lines;
        try {
            record = batches.read(id.get());
            if (record.isEmpty()) {
                return ApiResponses.error(404, "BatchNotFound", "there is no batch " + id.get());
            }
            lines = BatchReport.live(record.get().planned(), status.readMany(BatchReport.startedIds(record.get().planned())));
        } catch (SdkException e) {
            log.warn(null, "batch read failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("GetItem", e);
        }
        return ApiResponses.json(200, view(record.get(), new BatchReport(id.get(), lines)));
    }

    static ObjectNode view(BatchRecord record, BatchReport report) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("batchId", record.batchId());
        body.put("status", record.status());
        body.put("file", record.file());
        body.put("onInvalidRows", record.onInvalidRows());
        body.put("startedAt", record.startedAt());
        record.stoppedAt().ifPresent(t -> body.put("stoppedAt", t));
        record.error().ifPresent(e -> body.put("error", e));
        record.message().ifPresent(m -> body.put("message", m));
        body.put("rows", report.lines().size());
        ObjectNode counts = body.putObject("counts");
        report.counts().forEach((s, n) -> counts.put(s.name(), n));
        ArrayNode running = body.putArray("running");
        report.lines().stream()
                .filter(line -> line.status() == BatchReport.Status.RUNNING || line.status() == BatchReport.Status.INVITED)
                .forEach(line -> running.addObject().put("row", line.row()).put("userName", line.userName())
                        .put("id", line.id()).put("status", line.status().name()));
        record.report().ifPresent(r -> body.putObject("report").put("csv", r.csv()).put("json", r.json()));
        return body;
    }
}
