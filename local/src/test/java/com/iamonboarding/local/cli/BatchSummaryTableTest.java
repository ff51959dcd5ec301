package com.iamonboarding.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSummaryTableTest {

    private static final String CSV = "s3://iam-onboarding-reports/reports/b-1/report.csv";
    private static final String JSON = "s3://iam-onboarding-reports/reports/b-1/report.json";

    @Test
    void countsEveryStatusInOrderThenNamesTheRowsThatNeedAttentionAndWhereTheReportIs() throws Exception {
        JsonNode report = Json.MAPPER.readTree("""
                {"batchId":"b-1","rows":5,
                 "counts":{"FAILED":1,"INVALID":1,"INVITED":0,"NOT_RUN":0,"RUNNING":0,"SUCCEEDED":3},
                 "lines":[
                  {"row":2,"action":"onboard","userName":"a","id":"onb-1","status":"SUCCEEDED"},
                  {"row":3,"userName":"b","status":"INVALID","errorCode":"ValidationFailed","violations":"email:format"},
                  {"row":4,"action":"onboard","userName":"carol.jones","id":"onb-3","status":"FAILED",
                   "failedStep":"CreateLoginProfile","errorCode":"CreateLoginProfileFailed"},
                  {"row":5,"action":"onboard","userName":"d","id":"onb-4","status":"SUCCEEDED"},
                  {"row":6,"action":"onboard","userName":"e","id":"onb-5","status":"SUCCEEDED"}]}
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BatchSummaryTable.print(report, CSV, JSON, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(List.of(
                "batch b-1: 5 rows",
                "  SUCCEEDED  3",
                "  INVITED    0",
                "  FAILED     1",
                "  INVALID    1",
                "  NOT_RUN    0",
                "  RUNNING    0",
                "",
                "  row  userName     failedStep / violations  errorCode",
                "    3  b            email:format             ValidationFailed",
                "    4  carol.jones  CreateLoginProfile       CreateLoginProfileFailed",
                "",
                "report: s3://iam-onboarding-reports/reports/b-1/report.csv",
                "        s3://iam-onboarding-reports/reports/b-1/report.json"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aCleanBatchHasNoProblemSectionAndCountsAlignOnTheWidestNumber() throws Exception {
        JsonNode report = Json.MAPPER.readTree("""
                {"batchId":"b-2","rows":120,"counts":{"SUCCEEDED":100,"INVITED":20},"lines":[]}
                """);

        assertEquals(List.of(
                "batch b-2: 120 rows",
                "  SUCCEEDED  100",
                "  INVITED     20",
                "  FAILED       0",
                "  INVALID      0",
                "  NOT_RUN      0",
                "  RUNNING      0",
                "",
                "report: r.csv",
                "        r.json"),
                BatchSummaryTable.lines(report, "r.csv", "r.json"));
    }

    @Test
    void whatARowDoesNotSayIsADash() throws Exception {
        JsonNode report = Json.MAPPER.readTree("""
                {"batchId":"b-3","rows":2,"counts":{"FAILED":1,"INVALID":1},"lines":[
                 {"row":2,"status":"INVALID","errorCode":"ValidationFailed","violations":"userName:required; email:format"},
                 {"row":3,"userName":"x","status":"FAILED"}]}
                """);

        assertEquals(List.of(
                "  row  userName  failedStep / violations          errorCode",
                "    2  -         userName:required; email:format  ValidationFailed",
                "    3  x         -                                -"),
                BatchSummaryTable.lines(report, "r.csv", "r.json").subList(8, 11));
    }
}
