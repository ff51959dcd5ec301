package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.batch.BatchReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The end of {@code bin/local batch}: how many rows ended in each status, which rows need someone's
 * attention and why, and where the full report is. It reads the report file the batch wrote (the
 * JSON of {@link BatchReport}), not the batch's own state, so that what the operator sees is what
 * the report says. Every status is listed, zeros included, in the order of {@link BatchReport.Status},
 * so that two runs' summaries line up. Only identifiers and codes are printed, as the report holds
 * nothing else.
 */
public final class BatchSummaryTable {

    private static final String NONE = "-";
    private static final int STATUS_WIDTH = Arrays.stream(BatchReport.Status.values())
            .mapToInt(status -> status.name().length()).max().orElse(0);

    private BatchSummaryTable() {
    }

    public static void print(JsonNode report, String csvUri, String jsonUri, PrintStream out) {
        lines(report, csvUri, jsonUri).forEach(out::println);
        out.flush();
    }

    static List<String> lines(JsonNode report, String csvUri, String jsonUri) {
        List<String> lines = new ArrayList<>();
        lines.add("batch " + report.path("batchId").asText(NONE) + ": " + report.path("rows").asInt() + " rows");
        lines.addAll(counts(report.path("counts")));
        List<String> problems = problems(report.path("lines"));
        if (!problems.isEmpty()) {
            lines.add("");
            lines.addAll(problems);
        }
        lines.add("");
        lines.add("report: " + csvUri);
        lines.add("        " + jsonUri);
        return lines;
    }

    private static List<String> counts(JsonNode counts) {
        BatchReport.Status[] statuses = BatchReport.Status.values();
        int digits = 1;
        for (BatchReport.Status status : statuses) {
            digits = Math.max(digits, Integer.toString(counts.path(status.name()).asInt()).length());
        }
        List<String> lines = new ArrayList<>();
        for (BatchReport.Status status : statuses) {
            lines.add(String.format(Locale.ROOT, "  %-" + STATUS_WIDTH + "s  %" + digits + "d", status.name(),
                    counts.path(status.name()).asInt()));
        }
        return lines;
    }

    /**
     * One line per failed or invalid row under a header: the row number, the user name, where it
     * failed (the step, or the broken rules of an invalid row) and the error code.
     */
    private static List<String> problems(JsonNode reportLines) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"row", "userName", "failedStep / violations", "errorCode"});
        for (JsonNode line : reportLines) {
            String status = line.path("status").asText();
            boolean failed = BatchReport.Status.FAILED.name().equals(status);
            if (!failed && !BatchReport.Status.INVALID.name().equals(status)) {
                continue;
            }
            rows.add(new String[] {line.path("row").asText(NONE), text(line, "userName"),
                    text(line, failed ? "failedStep" : "violations"), text(line, "errorCode")});
        }
        if (rows.size() == 1) {
            return List.of();
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        String format = "  %" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s";
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            lines.add(String.format(Locale.ROOT, format, (Object[]) row));
        }
        return lines;
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? NONE : value.asText();
    }
}
