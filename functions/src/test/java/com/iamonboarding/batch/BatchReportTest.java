package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.status.StatusRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt\n"
                + "2,onboard,a.b," + id + ",NOT_RUN,,,,,\n"
                + "3,,bad name,,INVALID,,ValidationFailed,userName:pattern,,\n", report.csv());
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

        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt\n"
                + "2,onboard,b,onb-b,INVITED,,,,,\n"
                + "5,onboard,e,onb-e,FAILED,AssignAccess,AssignAccessFailed,,,\n", report.csv());
    }

    @Test
    void aUserNameWithACommaIsQuotedSoTheColumnsStayAligned() {
        // IAM allows + = , . @ _ - in user names.
        BatchReport report = new BatchReport("b", List.of(
                new BatchReport.Line(2, "onboard", "doe,jane", "onb-x", BatchReport.Status.SUCCEEDED, null, null, null)));

        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt\n"
                + "2,onboard,\"doe,jane\",onb-x,SUCCEEDED,,,,,\n", report.csv());
    }

    private static StatusRecord record(String id, String status, String failedStep, String error, String stoppedAt) {
        return new StatusRecord(id, "onboarding", 1, status, Optional.of("2027-01-15T09:01:00Z"), Optional.ofNullable(stoppedAt),
                Optional.empty(), Optional.ofNullable(failedStep), Optional.ofNullable(error),
                Optional.ofNullable(error == null ? null : "the cause, never in a report"), Optional.empty(), Json.MAPPER.createArrayNode(),
                Instant.parse("2027-01-15T09:02:00Z"), Optional.empty());
    }

    private static BatchReport.Line running(int row, String id) {
        return new BatchReport.Line(row, "onboard", "user" + row, id, BatchReport.Status.RUNNING, null, null, null);
    }

    @Test
    void aStartedRowTakesItsRecordsStatusAndTimes() {
        BatchReport.Line line = running(2, "onb-a");

        assertEquals(new BatchReport.Line(2, "onboard", "user2", "onb-a", BatchReport.Status.SUCCEEDED, null, null, null,
                "2027-01-15T09:01:00Z", "2027-01-15T09:01:30Z"), line.asRecorded(record("onb-a", "SUCCEEDED", null, null, "2027-01-15T09:01:30Z")));
        assertEquals(new BatchReport.Line(2, "onboard", "user2", "onb-a", BatchReport.Status.INVITED, null, null, null,
                "2027-01-15T09:01:00Z", null), line.asRecorded(record("onb-a", "WAITING_FOR_HIRE", null, null, null)));
        assertEquals(new BatchReport.Line(2, "onboard", "user2", "onb-a", BatchReport.Status.RUNNING, null, null, null,
                "2027-01-15T09:01:00Z", null), line.asRecorded(record("onb-a", "RUNNING", null, null, null)));
    }

    @Test
    void aFailedRowNamesItsFailedStepAndErrorButNotTheCause() {
        BatchReport.Line failed = running(3, "onb-b").asRecorded(
                record("onb-b", "FAILED", "AssignAccess", "AssignAccessFailed", "2027-01-15T09:01:40Z"));

        assertEquals(new BatchReport.Line(3, "onboard", "user3", "onb-b", BatchReport.Status.FAILED, "AssignAccess", "AssignAccessFailed",
                null, "2027-01-15T09:01:00Z", "2027-01-15T09:01:40Z"), failed);
    }

    @Test
    void aTimedOutOrAbortedRowIsFailedWithItsStatusAsTheErrorCode() {
        assertEquals(new BatchReport.Line(4, "onboard", "user4", "onb-c", BatchReport.Status.FAILED, null, "TIMED_OUT", null,
                "2027-01-15T09:01:00Z", "2027-01-16T09:01:00Z"),
                running(4, "onb-c").asRecorded(record("onb-c", "TIMED_OUT", null, null, "2027-01-16T09:01:00Z")));
        assertEquals(BatchReport.Status.FAILED, running(4, "onb-c").asRecorded(record("onb-c", "ABORTED", null, null, null)).status());
    }

    @Test
    void aStartedRowWithoutARecordYetStaysAsPlanned() {
        BatchReport.Line line = running(5, "onb-d");

        assertEquals(line, line.asRecorded(null));
        assertEquals(List.of(line), BatchReport.live(List.of(line), Map.of()));
    }

    @Test
    void invalidNotRunAndPlanningFailedLinesAreNeverTouchedNorRead() {
        // Every id here has a record: a re-submitted file names people an earlier batch already ran.
        BatchReport.Line invalid = new BatchReport.Line(2, null, "bad name", null, BatchReport.Status.INVALID, null, "ValidationFailed",
                "userName:pattern");
        BatchReport.Line notRun = new BatchReport.Line(3, "onboard", "ann.lee", "onb-ann", BatchReport.Status.NOT_RUN, null, null, null);
        BatchReport.Line notManaged = new BatchReport.Line(4, "offboard", "dan.orr", "off-dan", BatchReport.Status.FAILED, "PlanBatch",
                "NotManagedByIamOnboarding", null);
        BatchReport.Line started = running(5, "onb-eve");
        Map<String, StatusRecord> records = Map.of(
                "onb-ann", record("onb-ann", "SUCCEEDED", null, null, "2027-01-10T09:00:00Z"),
                "off-dan", record("off-dan", "SUCCEEDED", null, null, "2027-01-10T09:00:00Z"),
                "onb-eve", record("onb-eve", "SUCCEEDED", null, null, "2027-01-15T09:01:30Z"));

        List<BatchReport.Line> live = BatchReport.live(List.of(invalid, notRun, notManaged, started), records);

        assertEquals(List.of(invalid, notRun, notManaged, new BatchReport.Line(5, "onboard", "user5", "onb-eve",
                BatchReport.Status.SUCCEEDED, null, null, null, "2027-01-15T09:01:00Z", "2027-01-15T09:01:30Z")), live);
        assertEquals(List.of("onb-eve"), BatchReport.startedIds(List.of(invalid, notRun, notManaged, started)));
    }

    @Test
    void startedIdsAreTheIdsOfTheRowsThatRun() {
        assertEquals(List.of("onb-a", "off-b"), BatchReport.startedIds(List.of(running(2, "onb-a"),
                new BatchReport.Line(3, "offboard", "b", "off-b", BatchReport.Status.RUNNING, null, null, null),
                new BatchReport.Line(4, "offboard", "c", null, BatchReport.Status.FAILED, "PlanBatch", "UserNotFound", null))));
    }

    @Test
    void aLiveReportCountsByRecordedStatusAndWritesTheTimes() {
        List<BatchReport.Line> live = BatchReport.live(List.of(running(2, "onb-a"), running(3, "onb-b")), Map.of(
                "onb-a", record("onb-a", "SUCCEEDED", null, null, "2027-01-15T09:01:30Z"),
                "onb-b", record("onb-b", "FAILED", "CreateUser", "CreateUserFailed", "2027-01-15T09:01:10Z")));

        BatchReport report = new BatchReport("bat-x", live);

        assertEquals("row,action,userName,id,status,failedStep,errorCode,violations,startedAt,stoppedAt\n"
                + "2,onboard,user2,onb-a,SUCCEEDED,,,,2027-01-15T09:01:00Z,2027-01-15T09:01:30Z\n"
                + "3,onboard,user3,onb-b,FAILED,CreateUser,CreateUserFailed,,2027-01-15T09:01:00Z,2027-01-15T09:01:10Z\n", report.csv());
        assertEquals(1, report.counts().get(BatchReport.Status.SUCCEEDED));
        assertEquals(1, report.counts().get(BatchReport.Status.FAILED));
        assertEquals(0, report.counts().get(BatchReport.Status.RUNNING));
    }
}
