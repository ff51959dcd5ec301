package com.iamonboarding.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.iamonboarding.common.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an HR export into {@link BatchRow}s: CSV with a header row (columns named after the request
 * fields, tags as {@code tag:<Key>} columns, an optional {@code action} column) or JSON Lines (one
 * request object per line, with an optional {@code "action"}). Values are not judged here: the
 * validator does that with the API's own rules; this class refuses only a file it cannot read as
 * rows at all, or one over the limits.
 */
public final class BatchFile {

    /** A cohort, not a data migration: one validation pass reads the whole file into memory. */
    public static final int MAX_ROWS = 1000;
    /** About 1 KB per row with room to spare; larger exports are split by the HR system. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    public static final String TAG_COLUMN_PREFIX = "tag:";

    /** The columns a CSV file may have besides tag:<Key>: the fields of both request schemas, and action. */
    static final Set<String> COLUMNS = Set.of("action", "employeeId", "userName", "email", "displayName", "department",
            "accessProfile", "consoleAccess", "programmaticAccess", "handover", "mode", "reason", "dryRun");
    /** Columns whose CSV text means a JSON boolean. */
    private static final Set<String> BOOLEAN_COLUMNS = Set.of("consoleAccess", "programmaticAccess", "dryRun");

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);

    private BatchFile() {
    }

    /** The rows of {@code content}; {@code name} tells the format ({@code .csv}, or {@code .jsonl} / {@code .ndjson}). */
    public static List<BatchRow> read(String name, byte[] content) {
        checkSize(content.length);
        String text = utf8(content);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return csv(text);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return jsonLines(text);
        }
        throw new BatchFileRefused("UnknownFormat", "a batch file is CSV (.csv) or JSON Lines (.jsonl, .ndjson); got " + lastPart(name));
    }

    /** Refuses a file of {@code bytes} over {@link #MAX_BYTES}: checked before a file is read, and again on its content. */
    public static void checkSize(long bytes) {
        if (bytes > MAX_BYTES) {
            throw new BatchFileRefused("FileTooLarge", "the file has " + bytes + " bytes; a batch takes at most "
                    + MAX_BYTES + " (" + MAX_ROWS + " rows): split the export");
        }
    }

    private static List<BatchRow> jsonLines(String text) {
        List<BatchRow> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(lines[i]);
            } catch (JsonProcessingException notJson) {
                node = null;
            }
            // A line that is not an object is still a row: the validator reports it with its number.
            ObjectNode request = node instanceof ObjectNode object ? object : null;
            String action = request != null && request.has("action") ? request.remove("action").asText() : BatchRow.ONBOARD;
            rows.add(new BatchRow(i + 1, action, request));
            checkRowCount(rows.size());
        }
        return rows;
    }

    private static List<BatchRow> csv(String text) {
        List<BatchRow> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> records = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            boolean headerChecked = false;
            while (records.hasNextValue()) {
                // Where the record starts (CsvParser counts lines from 1, the header being line 1): a cell
                // with a line break makes a record span lines, so counting records would drift.
                int row = records.getCurrentLocation().getLineNr();
                Map<String, String> record = records.nextValue();
                if (!headerChecked) {
                    checkHeader(record.keySet());
                    headerChecked = true;
                }
                rows.add(csvRow(row, record));
                checkRowCount(rows.size());
            }
        } catch (IOException malformed) {
            throw new BatchFileRefused("MalformedCsv", "the CSV file cannot be read as rows: "
                    + malformed.getClass().getSimpleName() + " at line " + lineOf(malformed));
        }
        return rows;
    }

    private static BatchRow csvRow(int row, Map<String, String> record) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        String action = BatchRow.ONBOARD;
        for (Map.Entry<String, String> cell : record.entrySet()) {
            String column = cell.getKey().trim();
            String value = cell.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (column.equals("action")) {
                action = value;
            } else if (column.startsWith(TAG_COLUMN_PREFIX)) {
                request.with("tags").put(column.substring(TAG_COLUMN_PREFIX.length()), value);
            } else if (BOOLEAN_COLUMNS.contains(column) && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                request.put(column, Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
            } else {
                // Anything else stays text, so that "yes" in a boolean column is refused by the schema, naming the field.
                request.put(column, value);
            }
        }
        return new BatchRow(row, action, request);
    }

    private static void checkHeader(Set<String> columns) {
        List<String> unknown = columns.stream().map(String::trim)
                .filter(c -> !COLUMNS.contains(c) && !(c.startsWith(TAG_COLUMN_PREFIX) && c.length() > TAG_COLUMN_PREFIX.length()))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            throw new BatchFileRefused("UnknownColumn", "the CSV header names columns no request has: " + String.join(", ", unknown)
                    + " (columns: the request fields, action, and tag:<Key> for tags)");
        }
        if (!columns.contains("userName")) {
            throw new BatchFileRefused("MissingColumn", "the CSV header has no userName column");
        }
    }

    private static void checkRowCount(int rows) {
        if (rows > MAX_ROWS) {
            throw new BatchFileRefused("TooManyRows", "a batch takes at most " + MAX_ROWS + " rows: split the export");
        }
    }

    private static String utf8(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            // Spreadsheet exports often start with a byte order mark.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException notUtf8) {
            throw new BatchFileRefused("NotUtf8", "a batch file is UTF-8 text (export the spreadsheet as CSV UTF-8)");
        }
    }

    private static int lineOf(IOException e) {
        return e instanceof JsonProcessingException json && json.getLocation() != null ? json.getLocation().getLineNr() : -1;
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "a name without an extension" : "'" + name.substring(dot) + "'";
    }
}
