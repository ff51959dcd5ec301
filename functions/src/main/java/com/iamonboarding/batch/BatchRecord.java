package com.iamonboarding.batch;

import java.util.List;
import java.util.Optional;

/**
 * A batch as {@link BatchTable} keeps it: the file it runs, what it planned for every row (the
 * report's lines before any row ran), and, once it ended, its report's location or why it failed.
 * Identifiers and stable codes only, like the report.
 */
public record BatchRecord(String batchId, String status, String file, String onInvalidRows, String startedAt,
                          Optional<String> stoppedAt, List<BatchReport.Line> planned, Optional<ReportLocation> report,
                          Optional<String> error, Optional<String> message) {

    /** Planned and running (rows may still be running even after the batch's own work ended: see INVITED). */
    public static final String RUNNING = "RUNNING";
    /** Every row reached its end for the batch; the report is written. */
    public static final String COMPLETED = "COMPLETED";
    /** The batch itself failed (a refused file); {@code error} and {@code message} say why. */
    public static final String FAILED = "FAILED";

    /** Where the report is: both files under {@code reports/<batchId>/} of the intake bucket. */
    public record ReportLocation(String csv, String json) {
    }

    public BatchRecord {
        planned = List.copyOf(planned);
    }
}
