package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * statemachine/batch.asl.json: a Distributed Map over the planned rows, each row a child execution
 * named by its id, and no way for a row to fail the batch; every ResultSelector field is one the
 * step's Java result has (a missing path fails a real execution).
 */
class BatchStateMachineTest {

    private final JsonNode definition = definition();
    private final JsonNode states = definition.get("States");
    private final JsonNode map = states.get("RunRows");
    private final JsonNode rowStates = map.at("/ItemProcessor/States");

    private static JsonNode definition() {
        Path file = Files.exists(Path.of("statemachine")) ? Path.of("statemachine/batch.asl.json")
                : Path.of("..", "statemachine", "batch.asl.json");
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @Test
    void theRowsRunOnTheDistributedEngineReadFromTheirPlanAtTheDeployedConcurrency() {
        assertEquals("Map", map.path("Type").asText());
        assertEquals("DISTRIBUTED", map.at("/ItemProcessor/ProcessorConfig/Mode").asText());
        assertEquals("arn:aws:states:::s3:getObject", map.at("/ItemReader/Resource").asText());
        assertEquals("JSON", map.at("/ItemReader/ReaderConfig/InputType").asText());
        assertEquals("$.rowsKey", map.at("/ItemReader/Parameters/Key.$").asText());
        assertEquals("$.maxConcurrency", map.path("MaxConcurrencyPath").asText());
        assertEquals(100.0, map.path("ToleratedFailurePercentage").asDouble());
        assertTrue(map.path("ResultPath").isNull(), "the rows' results are not gathered: the report reads the status records");
        assertEquals("PlanBatch", definition.path("StartAt").asText());
        assertEquals("States.Format('bat-{}', $$.Execution.Name)", states.at("/PlanBatch/Parameters/Payload/batchId.$").asText());
    }

    @Test
    void eachRowIsAChildExecutionNamedByItsIdAndATakenNameIsFollowedNotStartedAgain() {
        JsonNode run = rowStates.get("RunRow");
        assertEquals("arn:aws:states:::states:startExecution.sync:2", run.path("Resource").asText());
        JsonNode start = rowStates.get("StartRow");
        assertEquals("arn:aws:states:::states:startExecution", start.path("Resource").asText(), "a self-service row is not waited for");
        for (JsonNode task : List.of(run, start)) {
            assertEquals("$.id", task.at("/Parameters/Name.$").asText());
            assertEquals("$.stateMachineArn", task.at("/Parameters/StateMachineArn.$").asText());
            assertEquals("$.input", task.at("/Parameters/Input.$").asText());
            JsonNode first = task.path("Catch").get(0);
            assertEquals("StepFunctions.ExecutionAlreadyExistsException", first.at("/ErrorEquals/0").asText());
        }
        assertEquals("FollowRow", run.at("/Catch/0/Next").asText());
        assertEquals("WaitForRow", start.at("/Catch/0/Next").asText());
        assertEquals("INVITE", rowStates.at("/HowIsTheRowFollowed/Choices/0/StringEquals").asText());
        assertEquals("RUNNING", rowStates.at("/IsTheRowSettled/Choices/0/StringEquals").asText());
    }

    @Test
    void noRowCanFailTheBatch() {
        List<String> tasks = new ArrayList<>();
        rowStates.fields().forEachRemaining(entry -> {
            JsonNode state = entry.getValue();
            assertTrue(!"Fail".equals(state.path("Type").asText()), entry.getKey() + " would fail the map");
            if ("Task".equals(state.path("Type").asText())) {
                tasks.add(entry.getKey());
                JsonNode catches = state.path("Catch");
                JsonNode last = catches.get(catches.size() - 1);
                assertEquals("States.ALL", last.at("/ErrorEquals/0").asText(), entry.getKey() + " catches every error");
                assertEquals("Succeed", rowStates.at("/" + last.path("Next").asText() + "/Type").asText(), entry.getKey());
            }
        });
        assertEquals(List.of("RunRow", "StartRow", "FollowRow"), tasks);
    }

    @Test
    void everyFunctionStepWaitsOutThrottlingLongerThanOtherTransientFailures() {
        List<String> functions = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        states.fields().forEachRemaining(entry -> all.add(((com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue().deepCopy()).put("name", entry.getKey())));
        rowStates.fields().forEachRemaining(entry -> all.add(((com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue().deepCopy()).put("name", entry.getKey())));
        for (JsonNode state : all) {
            if (!"arn:aws:states:::lambda:invoke".equals(state.path("Resource").asText())) {
                continue;
            }
            functions.add(state.path("name").asText());
            JsonNode throttled = null;
            JsonNode retryable = null;
            for (JsonNode retrier : state.path("Retry")) {
                for (JsonNode error : retrier.path("ErrorEquals")) {
                    if (error.asText().equals("com.iamonboarding.common.ThrottledStepException")) {
                        throttled = retrier;
                    } else if (error.asText().equals("com.iamonboarding.common.RetryableStepException")) {
                        retryable = retrier;
                    }
                }
            }
            String name = state.path("name").asText();
            assertTrue(throttled != null && retryable != null && throttled != retryable, name);
            assertTrue(throttled.path("MaxAttempts").asInt() > retryable.path("MaxAttempts").asInt(), name);
            assertTrue(throttled.path("MaxDelaySeconds").asInt() >= 30, name);
            assertEquals("FULL", throttled.path("JitterStrategy").asText(), name);
        }
        assertEquals(List.of("PlanBatch", "WriteBatchReport", "FollowRow"), functions);
    }

    @Test
    void theResultSelectorsReadFieldsTheStepsAlwaysWrite() {
        assertFields(states.at("/PlanBatch/ResultSelector"), Set.of("batchId", "bucket", "rowsKey", "runs", "maxConcurrency"),
                BatchPlanner.Planned.class);
        assertFields(states.at("/WriteBatchReport/ResultSelector"), Set.of("batchId", "counts", "report"), BatchReporter.Written.class);
        assertFields(rowStates.at("/FollowRow/ResultSelector"), Set.of("phase", "polls"), BatchItem.Followed.class);
    }

    private static void assertFields(JsonNode selector, Set<String> expected, Class<? extends Record> type) {
        Set<String> selected = new TreeSet<>();
        selector.fieldNames().forEachRemaining(name -> {
            selected.add(name.replace(".$", ""));
            assertEquals("$.Payload." + name.replace(".$", ""), selector.path(name).asText());
        });
        assertEquals(new TreeSet<>(expected), selected);
        Set<String> components = new TreeSet<>();
        for (var component : type.getRecordComponents()) {
            components.add(component.getName());
        }
        assertTrue(components.containsAll(expected), type.getSimpleName() + " has " + components);
    }
}
