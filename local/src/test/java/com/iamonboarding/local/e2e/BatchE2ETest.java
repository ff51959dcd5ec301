package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A cohort from one HR export, end to end on the local stack: the file dropped in the intake bucket
 * (S3 -> EventBridge -> the batch state machine) and POST /batches, the real batch.asl.json with its
 * Distributed Map and child executions on moto's engine, and what is left in the emulator afterwards.
 */
class BatchE2ETest {

    /**
     * 50 rows: 3 invalid (a bad e-mail, an unknown profile, a name twice), 2 whose AssignAccess step
     * IAM refuses. REJECT (the file dropped in the bucket): nothing is created and the three are
     * reported. SKIP (POST /batches): 45 onboarded, 2 rolled back completely, and the report says
     * exactly that. The same file again starts no new child execution.
     */
    @Test
    void aCohortRunsItsValidRowsRollsBackItsFailedOnesAndReportsEveryRow() throws Exception {
        LocalStack stack = SharedStack.get();
        List<String> names = new ArrayList<>();
        StringBuilder csv = new StringBuilder("employeeId,userName,email,displayName,department,accessProfile,consoleAccess,"
                + "programmaticAccess,handover,tag:Cohort\n");
        for (int i = 0; i < 47; i++) {
            String name = Requests.userName("cohort");
            names.add(name);
            csv.append("E-").append(5000 + i).append(',').append(name).append(',').append(name).append("@example.com,Hire ").append(i)
                    .append(",Engineering,developer,false,false,OPERATOR,2027-01\n");
        }
        String broken = Requests.userName("cohort-invalid");
        csv.append("E-6001,").append(broken).append(",not-an-address,Broken,Engineering,developer,false,false,OPERATOR,2027-01\n");
        csv.append("E-6002,").append(Requests.userName("cohort-invalid")).append(",x@example.com,Unknown,Eng,no-such-profile,false,false,OPERATOR,2027-01\n");
        csv.append("E-6003,").append(names.get(0).toUpperCase(java.util.Locale.ROOT)).append(",y@example.com,Twice,Eng,developer,false,false,OPERATOR,2027-01\n");
        List<FaultRule> faults = List.of(
                stack.lambdaEndpoint().faults().inject("AddUserToGroup", names.get(10), 1_000, Fault.error(403, "AccessDenied", null)),
                stack.lambdaEndpoint().faults().inject("AddUserToGroup", names.get(20), 1_000, Fault.error(403, "AccessDenied", null)));
        String key = "batches/cohort-" + names.get(0) + ".csv";
        String bucket = stack.resources().get("IntakeBucket").orElseThrow().ref();
        try {
            // Dropped in the bucket: the default REJECT runs nothing.
            int onboardingsBefore = Batches.childExecutions(stack).size();
            // Through the local endpoint, as an HR system's upload reaches S3: the endpoint plays S3's event to EventBridge.
            try (EmulatorClients upload = new EmulatorClients(stack.lambdaEndpoint().url())) {
                upload.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(csv.toString(), StandardCharsets.UTF_8));
            }
            String rejectedId = "bat-" + Poll.until("the batch the dropped file started", Duration.ofSeconds(30),
                    () -> Batches.batchExecutionFor(stack, key)).name();
            JsonNode rejected = Batches.awaitCompleted(rejectedId);
            assertEquals(Map.of("INVALID", 3, "NOT_RUN", 47), Batches.nonZero(rejected.path("counts")), rejected.toString());
            assertEquals(onboardingsBefore, Batches.childExecutions(stack).size(), "a rejected batch starts no onboarding");
            JsonNode rejectedReport = Batches.report(rejected);
            List<String> invalid = new ArrayList<>();
            rejectedReport.path("lines").forEach(line -> {
                if ("INVALID".equals(line.path("status").asText())) {
                    invalid.add(line.path("row").asInt() + " " + line.path("violations").asText());
                }
            });
            assertEquals(List.of("49 email:format; email:pattern", "50 accessProfile:enum", "51 userName:duplicateInFile"), invalid,
                    rejectedReport.toString());
            for (String name : names) {
                Batches.assertUserAbsent(name);
            }

            // POST /batches with SKIP: the 47 valid rows run.
            JsonNode accepted = Batches.post("/batches", Json.MAPPER.createObjectNode().put("s3Uri", "s3://" + bucket + "/" + key)
                    .put("onInvalidRows", "SKIP"));
            String batchId = accepted.path("batchId").asText();
            assertTrue(batchId.startsWith("bat-"), accepted.toString());
            assertEquals("RUNNING", Batches.get("/batches/" + batchId).path("status").asText(), "GET answers the batch at once");
            JsonNode done = Batches.awaitCompleted(batchId);
            assertEquals(Map.of("SUCCEEDED", 45, "FAILED", 2, "INVALID", 3), Batches.nonZero(done.path("counts")), done.toString());
            JsonNode report = Batches.report(done);
            Map<String, String> failed = new TreeMap<>();
            report.path("lines").forEach(line -> {
                if ("FAILED".equals(line.path("status").asText())) {
                    failed.put(line.path("userName").asText(), line.path("failedStep").asText() + " " + line.path("errorCode").asText());
                }
            });
            assertEquals(new TreeMap<>(Map.of(names.get(10), "AssignAccess AssignAccessFailed", names.get(20),
                    "AssignAccess AssignAccessFailed")), failed);
            Leftovers.assertNothingLeftFor(names.get(10));
            Leftovers.assertNothingLeftFor(names.get(20));
            for (String name : names) {
                if (!failed.containsKey(name)) {
                    SharedStack.iam().getUser(b -> b.userName(name));
                }
            }
            List<JsonNode> events = Batches.completedEvents(batchId);
            assertEquals(1, events.size(), events.toString());
            assertEquals(Map.of("SUCCEEDED", 45, "FAILED", 2, "INVALID", 3), Batches.nonZero(events.get(0).path("counts")));
            assertEquals(done.at("/report/csv").asText(), events.get(0).at("/report/csv").asText());
            assertEquals(50, events.get(0).path("rows").asInt());
            String csvReport = SharedStack.s3().getObjectAsBytes(b -> b.bucket(bucket).key("reports/" + batchId + "/report.csv"))
                    .asUtf8String();
            assertEquals(51, csvReport.lines().count(), "a header and one line per row");

            // The same file again: every row's child execution exists, nothing new starts, the outcome is the same.
            int children = Batches.childExecutions(stack).size();
            JsonNode again = Batches.awaitCompleted(Batches.post("/batches", Json.MAPPER.createObjectNode().put("s3Uri", "s3://" + bucket + "/" + key)
                    .put("onInvalidRows", "SKIP")).path("batchId").asText());
            assertEquals(Map.of("SUCCEEDED", 45, "FAILED", 2, "INVALID", 3), Batches.nonZero(again.path("counts")), again.toString());
            assertEquals(children, Batches.childExecutions(stack).size(), "re-submitting the file starts no new child execution");
        } finally {
            faults.forEach(stack.lambdaEndpoint().faults()::remove);
        }
    }
}
