package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import com.iamonboarding.profiles.AccessProfiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReportTest {

    private static final BatchValidator VALIDATOR = new BatchValidator(new RequestValidator(AccessProfiles.bundled()),
            new OffboardingRequestValidator());

    private static BatchPlan plan() {
        return VALIDATOR.validate(BatchFile.read("cohort.csv", ("userName,email,accessProfile,employeeId\n"
                + "a.b,a.b@example.com,developer,E-1\nbad name,c@example.com,developer,E-2\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRejectedBatchReportsItsInvalidRowsAndThatTheValidOnesDidNotRun() throws Exception {
        BatchReport report = BatchReport.planned("batch-1", plan(), BatchPlan.OnInvalidRows.REJECT);

        String id = plan().valid().get(0).id();
        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations\n"
                + "2,onboard,a.b," + id + ",NOT_RUN,,,\n"
                + "3,,bad name,,INVALID,,ValidationFailed,userName:pattern\n", report.csv());
        JsonNode json = Json.MAPPER.readTree(report.json());
        assertEquals("batch-1", json.path("batchId").asText());
        assertEquals(2, json.path("rows").asInt());
        assertEquals(1, json.at("/counts/NOT_RUN").asInt());
        assertEquals(1, json.at("/counts/INVALID").asInt());
        assertEquals(0, json.at("/counts/SUCCEEDED").asInt(), "every status is counted, 0 included");
        assertEquals(List.of(2, 3), List.of(json.at("/lines/0/row").asInt(), json.at("/lines/1/row").asInt()));
    }

    @Test
    void aSkippingBatchMarksItsValidRowsRunning() {
        BatchReport report = BatchReport.planned("batch-2", plan(), BatchPlan.OnInvalidRows.SKIP);

        assertEquals(List.of(BatchReport.Status.RUNNING, BatchReport.Status.INVALID),
                report.lines().stream().map(BatchReport.Line::status).toList());
    }

    @Test
    void linesAreInFileOrderWhateverOrderTheyEndedIn() {
        BatchReport report = new BatchReport("b", List.of(
                new BatchReport.Line(5, "onboard", "e", "onb-e", BatchReport.Status.FAILED, "AssignAccess", "AssignAccessFailed", null),
                new BatchReport.Line(2, "onboard", "b", "onb-b", BatchReport.Status.INVITED, null, null, null)));

        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations\n"
                + "2,onboard,b,onb-b,INVITED,,,\n"
                + "5,onboard,e,onb-e,FAILED,AssignAccess,AssignAccessFailed,\n", report.csv());
    }

    @Test
    void aUserNameWithACommaIsQuotedSoTheColumnsStayAligned() {
        // IAM allows + = , . @ _ - in user names.
        BatchReport report = new BatchReport("b", List.of(
                new BatchReport.Line(2, "onboard", "doe,jane", "onb-x", BatchReport.Status.SUCCEEDED, null, null, null)));

        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations\n"
                + "2,onboard,\"doe,jane\",onb-x,SUCCEEDED,,,\n", report.csv());
    }
}
