package com.iamonboarding.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Batch step 3: the report, the batch's COMPLETED record and the BatchCompleted event ({@link BatchReporter}). */
public class WriteBatchReportHandler extends JsonHandler<WriteBatchReportHandler.Input, BatchReporter.Written> {

    /** The batch to report on. */
    public static class Input {
        public String batchId;
    }

    private final BatchReporter reporter;
    private final Log log = Log.forFunction("WriteBatchReport");

    public WriteBatchReportHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public WriteBatchReportHandler(FunctionEnvironment env) {
        this(reporter(env));
    }

    public WriteBatchReportHandler(BatchReporter reporter) {
        super(Input.class);
        this.reporter = reporter;
    }

    /** One client per service, built once per execution environment. */
    private static BatchReporter reporter(FunctionEnvironment env) {
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(env);
        String table = env.require(StatusTable.ENVIRONMENT_VARIABLE);
        return new BatchReporter(AwsClients.s3(env), env.require(PlanBatchHandler.INTAKE_BUCKET),
                new BatchTable(dynamoDb, table, Clock.systemUTC()),
                new StatusTable(dynamoDb, table, Clock.systemUTC(), Log.forFunction("WriteBatchReport")),
                new EventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")));
    }

    @Override
    public BatchReporter.Written handle(Input input, Context context) {
        BatchReporter.Written written = reporter.write(input.batchId);
        log.info(null, "batch report written", "batchId", input.batchId, "counts", written.counts());
        return written;
    }
}
