package com.iamonboarding.batch;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.status.StatusTable;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The end of a batch: its report as the rows' status records say now, written as CSV and JSON under
 * {@code reports/<batchId>/} of the intake bucket, the batch marked COMPLETED, and a {@code
 * BatchCompleted} event with the counts and where the report is. Writing the same report twice (a
 * second delivery) writes the same files again.
 */
public class BatchReporter {

    public static final String REPORTS_PREFIX = "reports/";
    public static final String DETAIL_TYPE = "BatchCompleted";

    /** The step's result: the counts and where the report is. */
    public record Written(String batchId, Map<String, Integer> counts, BatchRecord.ReportLocation report) {
    }

    private final S3Client s3;
    private final String bucket;
    private final BatchTable batches;
    private final StatusTable status;
    private final EventPublisher events;

    public BatchReporter(S3Client s3, String bucket, BatchTable batches, StatusTable status, EventPublisher events) {
        this.s3 = s3;
        this.bucket = bucket;
        this.batches = batches;
        this.status = status;
        this.events = events;
    }

    public Written write(String batchId) {
        BatchRecord record;
        BatchReport report;
        try {
            record = batches.read(batchId).orElseThrow(() -> new IllegalStateException("batch " + batchId + " has no record"));
            report = new BatchReport(batchId, BatchReport.live(record.planned(), status.readMany(BatchReport.startedIds(record.planned()))));
        } catch (SdkException e) {
            throw AwsErrors.classify("dynamodb:read " + batchId, e);
        }
        String prefix = REPORTS_PREFIX + batchId + "/";
        BatchRecord.ReportLocation location = new BatchRecord.ReportLocation("s3://" + bucket + "/" + prefix + "report.csv",
                "s3://" + bucket + "/" + prefix + "report.json");
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + "report.csv").contentType("text/csv"), RequestBody.fromString(report.csv()));
            s3.putObject(b -> b.bucket(bucket).key(prefix + "report.json").contentType("application/json"),
                    RequestBody.fromString(report.json()));
            batches.completed(batchId, location);
        } catch (SdkException e) {
            throw AwsErrors.classify("write the report of " + batchId, e);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.counts().forEach((s, n) -> counts.put(s.name(), n));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("batchId", batchId);
        detail.put("file", record.file());
        detail.put("rows", report.lines().size());
        detail.put("counts", counts);
        detail.put("report", location);
        events.publish(DETAIL_TYPE, detail, null);
        return new Written(batchId, counts, location);
    }
}
