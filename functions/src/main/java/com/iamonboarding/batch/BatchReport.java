package com.iamonboarding.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.Json;
import com.iamonboarding.status.StatusRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The per-person outcome of a batch, as the CSV and JSON files written under
 * {@code reports/<batchId>/}: one line per row of the file (row number, user name, onboarding or
 * offboarding id, status, failed step, error code; for an invalid row the broken rules) and the
 * counts by status. Built from identifiers and stable codes only: a report never holds a request
 * value beyond the user name, let alone a secret.
 */
public final class BatchReport {

    /** A row's outcome. */
    public enum Status {
        /** Provisioned (or offboarded) completely. */
        SUCCEEDED,
        /** Self-service: provisioned and the hire invited; the onboarding goes on once they enrol. */
        INVITED,
        /** Failed and rolled back; failedStep and errorCode say where and why. */
        FAILED,
        /** Refused by validation; nothing was created. */
        INVALID,
        /** Valid, but not run: the batch rejected the file for its invalid rows. */
        NOT_RUN,
        /** Still running when the report was written. */
        RUNNING;

        /** Where a row whose child started is, as its status record says (timed out and aborted are failures). */
        public static Status of(StatusRecord record) {
            return switch (record.status()) {
                case StatusRecord.SUCCEEDED -> SUCCEEDED;
                case StatusRecord.WAITING_FOR_HIRE -> INVITED;
                case StatusRecord.RUNNING -> RUNNING;
                default -> FAILED;
            };
        }
    }

    /** One line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"row", "action", "userName", "id", "status", "failedStep", "errorCode", "violations", "startedAt", "stoppedAt"})
    public record Line(int row, String action, String userName, String id, Status status, String failedStep, String errorCode,
                       String violations, String startedAt, String stoppedAt) {

        public Line(int row, String action, String userName, String id, Status status, String failedStep, String errorCode,
                    String violations) {
            this(row, action, userName, id, status, failedStep, errorCode, violations, null, null);
        }

        /**
         * This row as its child execution's status record says now: a row the batch started but
         * whose record is missing is still RUNNING (its first step has not written yet).
         */
        public Line asRecorded(StatusRecord record) {
            if (record == null) {
                return this;
            }
            Status now = Status.of(record);
            String errorCode = now == Status.FAILED ? record.error().orElse(record.status()) : null;
            String failed = now == Status.FAILED ? record.failedStep().orElse(null) : null;
            return new Line(row, action, userName, id, now, failed, errorCode, null, record.startedAt().orElse(null),
                    record.stoppedAt().orElse(null));
        }
    }

    /** Quotes only what needs it (a comma, a quote, a line break), so that the report reads plainly. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(Line.class).withHeader().withNullValue("");

    private final String batchId;
    private final List<Line> lines;

    public BatchReport(String batchId, List<Line> lines) {
        this.batchId = batchId;
        this.lines = lines.stream().sorted(Comparator.comparingInt(Line::row)).toList();
    }

    /** The report of a batch that has not run a row yet: its invalid rows, and the valid ones it will (or will not) run. */
    public static BatchReport planned(String batchId, BatchPlan plan, BatchPlan.OnInvalidRows onInvalidRows) {
        List<Line> lines = new ArrayList<>();
        boolean runs = !plan.runs(onInvalidRows).isEmpty() || plan.valid().isEmpty();
        for (BatchPlan.Planned row : plan.valid()) {
            lines.add(new Line(row.row(), row.action(), row.userName(), row.id(), runs ? Status.RUNNING : Status.NOT_RUN, null, null, null));
        }
        for (BatchPlan.Invalid row : plan.invalid()) {
            lines.add(new Line(row.row(), null, row.userName(), null, Status.INVALID, null, "ValidationFailed", describe(row.violations())));
        }
        return new BatchReport(batchId, lines);
    }

    /**
     * The lines of a batch as its rows' status records say now: a row with an id (its child was
     * started) takes its record's status; invalid, not-run and rows that failed at planning keep
     * their planned line.
     */
    public static List<Line> live(List<Line> planned, Map<String, StatusRecord> records) {
        return planned.stream().map(line -> started(line) ? line.asRecorded(records.get(line.id())) : line).toList();
    }

    /** The ids whose status records {@link #live} needs. */
    public static List<String> startedIds(List<Line> planned) {
        return planned.stream().filter(BatchReport::started).map(Line::id).toList();
    }

    /**
     * A planned line whose child the batch starts: RUNNING with an id. A NOT_RUN onboarding line has
     * an id too (the one the API would give it), and a record may exist under it from an earlier run
     * of the same request: it must still report NOT_RUN.
     */
    private static boolean started(Line line) {
        return line.id() != null && line.status() == Status.RUNNING;
    }

    /** {@code field:rule} of each violation: where and which rule, never the value. */
    static String describe(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.rule()).collect(Collectors.joining("; "));
    }

    public List<Line> lines() {
        return lines;
    }

    /** How many rows ended in each status (every status, 0 included). */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new TreeMap<>();
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        lines.forEach(line -> counts.merge(line.status(), 1, Integer::sum));
        return counts;
    }

    public String csv() {
        try {
            return CSV.writer(CSV_SCHEMA).writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report cannot be written as CSV", e);
        }
    }

    public String json() {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("batchId", batchId);
        report.put("rows", lines.size());
        ObjectNode counts = report.putObject("counts");
        counts().forEach((status, count) -> counts.put(status.name(), count));
        report.set("lines", Json.MAPPER.valueToTree(lines));
        return Json.write(report);
    }
}
