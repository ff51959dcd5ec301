package com.iamonboarding.batch;

import static com.iamonboarding.batch.Planning.BATCH_ID;
import static com.iamonboarding.batch.Planning.BUCKET;
import static com.iamonboarding.batch.Planning.MAC;
import static com.iamonboarding.batch.Planning.MIXED_CSV;
import static com.iamonboarding.testsupport.StdoutCapture.capturingStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

class PlanBatchHandlerTest {

    private static final String KEY = "batches/cohort-2027-01.csv";

    private final Planning world = new Planning();

    private static PlanBatchHandler.Input input(String onInvalidRows) {
        PlanBatchHandler.Input input = new PlanBatchHandler.Input();
        input.batchId = BATCH_ID;
        input.bucket = BUCKET;
        input.key = KEY;
        input.onInvalidRows = onInvalidRows;
        return input;
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void withoutAChoiceABatchRejectsAFileWithInvalidRows(String onInvalidRows) {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        BatchPlanner.Planned planned = new PlanBatchHandler(world.planner()).handle(input(onInvalidRows), null);

        assertEquals(0, planned.runs());
        assertEquals("REJECT", world.batchItem().get("onInvalidRows").s());
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip", "SKIP", "Skip"})
    void skipInAnyLetterCaseRunsTheValidRows(String onInvalidRows) {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        BatchPlanner.Planned planned = new PlanBatchHandler(world.planner()).handle(input(onInvalidRows), null);

        assertEquals(3, planned.runs());
        assertEquals("SKIP", world.batchItem().get("onInvalidRows").s());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sometimes", "REJECT_ALL", "0"})
    void anyOtherChoiceIsRefusedBeforeTheFileIsRead(String onInvalidRows) {
        BatchFileRefused refused = assertThrows(BatchFileRefused.class,
                () -> new PlanBatchHandler(world.planner()).handle(input(onInvalidRows), null));

        assertEquals("InvalidOnInvalidRows", refused.code());
        assertEquals("onInvalidRows must be REJECT or SKIP", refused.getMessage());
        verifyNoInteractions(world.s3, world.iam, world.kms, world.dynamoDb);
    }

    @Test
    void theSealIsOnlyInTheRowsInputsNeverInARecordOrTheLog() throws Exception {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        String log = capturingStdout(() -> new PlanBatchHandler(world.planner()).handle(input("SKIP"), null));

        assertFalse(log.contains(MAC), log);
        for (String requestValue : List.of("ann.lee@example.com", "E-1", "Left 2027-01-31", "execute-api")) {
            assertFalse(log.contains(requestValue), "the log names no request value: " + requestValue);
        }
        assertTrue(log.contains("\"batchId\":\"" + BATCH_ID + "\""), log);
        ArgumentCaptor<PutItemRequest> puts = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(world.dynamoDb, org.mockito.Mockito.times(4)).putItem(puts.capture());
        for (PutItemRequest put : puts.getAllValues()) {
            assertFalse(put.item().toString().contains(MAC), "no record holds a seal: " + put.item().get("id"));
        }
        ArgumentCaptor<RequestBody> body = ArgumentCaptor.forClass(RequestBody.class);
        verify(world.s3).putObject(org.mockito.ArgumentMatchers.any(PutObjectRequest.class), body.capture());
        JsonNode rows = Json.MAPPER.readTree(SdkClients.text(body.getValue()));
        assertEquals(3, rows.size());
        for (JsonNode row : rows) {
            assertEquals(MAC, row.at("/input/seal/mac").asText());
            ((ObjectNode) row.get("input")).remove("seal");
            assertFalse(Json.write(row).contains(MAC), "the mac is only in input.seal");
            for (String secretish : List.of("password", "secret", "token", "seed", "Password", "Secret")) {
                assertFalse(Json.write(row).contains(secretish), Json.write(row));
            }
        }
    }

    @Test
    void theSampleEventPlansTheSampleCohortAndRejectsItForItsInvalidRows() throws Exception {
        Path events = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        world.file(KEY, Files.readString(events.resolve("batches/cohort-2027-01.csv")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new PlanBatchHandler(world.planner()).handleRequest(
                new ByteArrayInputStream(Files.readAllBytes(events.resolve("PlanBatchFunction.json"))), out, null);

        assertEquals(Json.MAPPER.readTree("{\"batchId\": \"bat-sample\", \"bucket\": \"iam-onboarding-local-intakebucket\","
                + " \"rowsKey\": \"work/bat-sample/rows.json\", \"runs\": 0, \"maxConcurrency\": 5}"), Json.MAPPER.readTree(out.toByteArray()));
        JsonNode lines = Json.MAPPER.readTree(world.batchItem().get("lines").s());
        assertEquals(8, lines.size());
        assertEquals(Map.of("NOT_RUN", 5, "INVALID", 3), Map.of(
                "NOT_RUN", (int) count(lines, "NOT_RUN"), "INVALID", (int) count(lines, "INVALID")));
    }

    private static long count(JsonNode lines, String status) {
        int n = 0;
        for (JsonNode line : lines) {
            n += line.path("status").asText().equals(status) ? 1 : 0;
        }
        return n;
    }
}
