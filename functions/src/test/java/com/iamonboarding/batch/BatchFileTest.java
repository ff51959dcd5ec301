package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFileTest {

    private static List<BatchRow> csv(String text) {
        return BatchFile.read("export.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvColumnsBecomeRequestFieldsTagColumnsBecomeTagsAndRowsAreNumberedAsInASpreadsheet() {
        List<BatchRow> rows = csv("""
                userName,email,consoleAccess,tag:CostCenter,displayName
                jane.doe,jane.doe@example.com,TRUE,CC-42,"Doe, Jane"
                john.roe,john.roe@example.com,false,,John Roe
                """);

        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).row(), "the header is row 1");
        assertEquals(3, rows.get(1).row());
        assertEquals("onboard", rows.get(0).action());
        assertEquals("{\"userName\":\"jane.doe\",\"email\":\"jane.doe@example.com\",\"consoleAccess\":true,"
                + "\"tags\":{\"CostCenter\":\"CC-42\"},\"displayName\":\"Doe, Jane\"}", rows.get(0).request().toString());
        assertEquals("{\"userName\":\"john.roe\",\"email\":\"john.roe@example.com\",\"consoleAccess\":false,"
                + "\"displayName\":\"John Roe\"}", rows.get(1).request().toString(), "an empty cell is an absent field");
    }

    @Test
    void aCellWithALineBreakKeepsTheNextRowsNumberRight() {
        List<BatchRow> rows = csv("userName,department\r\njane.doe,\"Research\r\nand Development\"\r\njohn.roe,Sales\r\n");

        assertEquals(List.of(2, 4), rows.stream().map(BatchRow::row).toList(), "john.roe is on the fourth line of the file");
        assertEquals("Research\r\nand Development", rows.get(0).request().path("department").asText());
    }

    @Test
    void aBooleanColumnWithOtherTextStaysTextForTheSchemaToRefuse() {
        assertEquals("\"yes\"", csv("userName,consoleAccess\njane.doe,yes\n").get(0).request().get("consoleAccess").toString());
    }

    @Test
    void theActionColumnChoosesOnboardOrOffboard() {
        List<BatchRow> rows = csv("action,userName,reason,mode\noffboard,jane.doe,Left,DELETE\n,john.roe,,\n");

        assertEquals(List.of("offboard", "onboard"), rows.stream().map(BatchRow::action).toList());
        assertEquals("{\"userName\":\"jane.doe\",\"reason\":\"Left\",\"mode\":\"DELETE\"}", rows.get(0).request().toString());
    }

    @Test
    void jsonLinesAreNumberedByLineAndALineThatIsNotAnObjectIsStillARow() {
        List<BatchRow> rows = BatchFile.read("leavers.jsonl", ("{\"action\":\"offboard\",\"userName\":\"a\",\"reason\":\"r\"}\n"
                + "\n[1,2]\n{\"userName\":\"b\"}\n").getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(1, 3, 4), rows.stream().map(BatchRow::row).toList(), "blank lines are skipped, not renumbered");
        assertEquals("offboard", rows.get(0).action());
        assertEquals("{\"userName\":\"a\",\"reason\":\"r\"}", rows.get(0).request().toString(), "action is not a request field");
        assertNull(rows.get(1).request());
        assertEquals("onboard", rows.get(2).action());
    }

    @Test
    void aByteOrderMarkFromASpreadsheetIsIgnored() {
        assertEquals("jane.doe", csv("\uFEFFuserName\njane.doe\n").get(0).request().path("userName").asText());
    }

    @Test
    void filesTheBatchCannotReadAreRefusedAsAWholeWithAStableCode() {
        assertEquals("UnknownFormat", assertThrows(BatchFileRefused.class,
                () -> BatchFile.read("export.xlsx", new byte[] {1})).code());
        assertEquals("UnknownColumn", assertThrows(BatchFileRefused.class, () -> csv("userName,salary\njane.doe,1\n")).code());
        assertTrue(assertThrows(BatchFileRefused.class, () -> csv("userName,salary,Salary2\njane.doe,1,2\n")).getMessage()
                .contains("Salary2, salary"), "every unknown column is named");
        assertEquals("MissingColumn", assertThrows(BatchFileRefused.class, () -> csv("email\njane@example.com\n")).code());
        assertEquals("NotUtf8", assertThrows(BatchFileRefused.class,
                () -> BatchFile.read("export.csv", new byte[] {'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '\n', (byte) 0xC3, (byte) 0x28})).code());
        assertEquals("MalformedCsv", assertThrows(BatchFileRefused.class, () -> csv("userName,email\njane.doe\n")).code(),
                "a row with fewer cells than the header");
    }

    @Test
    void theLimitsAreEnforcedAndNamed() {
        StringBuilder many = new StringBuilder("userName\n");
        for (int i = 0; i <= 1000; i++) {
            many.append("u").append(i).append('\n');
        }
        BatchFileRefused rows = assertThrows(BatchFileRefused.class, () -> csv(many.toString()));
        assertEquals("TooManyRows", rows.code());
        assertTrue(rows.getMessage().contains("1000"), rows.getMessage());
        assertEquals(1000, csv(many.substring(0, many.indexOf("u1000\n"))).size(), "exactly the limit is accepted");

        BatchFileRefused bytes = assertThrows(BatchFileRefused.class, () -> BatchFile.read("big.jsonl", new byte[2 * 1024 * 1024 + 1]));
        assertEquals("FileTooLarge", bytes.code());
        assertTrue(bytes.getMessage().contains("2097152"), bytes.getMessage());
    }

    @Test
    void theSampleCohortReadsAsNineRowsOfOnboardings() throws Exception {
        Path sample = Path.of("..", "events", "batches", "cohort-2027-01.csv");
        List<BatchRow> rows = BatchFile.read(sample.getFileName().toString(), Files.readAllBytes(sample));

        assertEquals(8, rows.size());
        assertEquals(2, rows.get(0).row());
        assertEquals(9, rows.get(7).row());
        assertTrue(rows.stream().allMatch(r -> r.action().equals("onboard")));
        assertEquals("2027-01", rows.get(0).request().at("/tags/Cohort").asText());
    }
}
