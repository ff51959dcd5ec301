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
        RUNNING
    }

    /** One line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"row", "action", "userName", "id", "status", "failedStep", "errorCode", "violations"})
    public record Line(int row, String action, String userName, String id, Status status, String failedStep, String errorCode,
                       String violations) {
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
