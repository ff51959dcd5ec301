package com.iamonboarding.offboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.notify.NotifyResult;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * statemachine/offboarding.asl.json: one Lambda per step, retries as in onboarding, a failure names
 * its step, the choices read fields StartOffboarding always sets, and every ResultSelector field is
 * one the step's Java result always writes (a missing path fails a real execution).
 */
class OffboardingStateMachineTest {

    private static final String RETRYABLE = "com.iamonboarding.common.RetryableStepException";
    private static final Map<String, Class<?>> RESULTS = Map.of(
            "PlanOffboarding", OffboardingPlan.class,
            "DisableAccess", ExecutedActions.class,
            "DeleteIdentity", ExecutedActions.class,
            "NotifyOffboarded", NotifyResult.class);

    private final JsonNode states = definition().get("States");

    private static JsonNode definition() {
        Path file = Files.exists(Path.of("statemachine")) ? Path.of("statemachine/offboarding.asl.json")
                : Path.of("..", "statemachine", "offboarding.asl.json");
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @Test
    void everyTaskInvokesItsFunctionRetriesWithFullJitterAndFailsNamingItsStep() {
        List<String> tasks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            if (!"Task".equals(state.path("Type").asText())) {
                continue;
            }
            tasks.add(name);
            assertEquals("arn:aws:states:::lambda:invoke", state.path("Resource").asText(), name);
            assertEquals("${" + name + "FunctionArn}", state.at("/Parameters/FunctionName").asText(), name);
            assertEquals("$", state.at("/Parameters/Payload.$").asText(), name + " passes the whole state");
            assertFalse(state.path("Comment").asText().isBlank(), name + " explains its retries");
            JsonNode retry = retrier(state, RETRYABLE);
            assertEquals("FULL", retry.path("JitterStrategy").asText(), name);
            assertEquals(2, retry.path("BackoffRate").asInt(), name);
            assertTrue(retry.path("MaxAttempts").asInt() >= 4, name);
            JsonNode throttled = retrier(state, "com.iamonboarding.common.ThrottledStepException");
            assertTrue(throttled.path("MaxAttempts").asInt() >= 8 && throttled.path("MaxDelaySeconds").asInt() >= 30,
                    name + " waits out a rate limit");
            assertEquals("FULL", retrier(state, "Lambda.TooManyRequestsException").path("JitterStrategy").asText(), name);
            assertEquals("com.iamonboarding.seal.SealRejectedException", state.at("/Catch/0/ErrorEquals/0").asText(), name);
            assertEquals("InputRejected", state.at("/Catch/0/Next").asText(), name + ": an unsealed input is rejected first");
            assertEquals("Fail", states.at("/InputRejected/Type").asText());
            assertTrue(retrier(state, "Sandbox.Timedout") != null, name + " retries a function that ran into Lambda's timeout");
            JsonNode caught = state.at("/Catch/1");
            assertEquals("States.ALL", caught.at("/ErrorEquals/0").asText(), name);
            assertEquals("$.error", caught.path("ResultPath").asText(), name);
            JsonNode fail = states.path(caught.path("Next").asText());
            assertEquals("Fail", fail.path("Type").asText(), name + " fails the execution, no compensation");
            assertEquals(name + "Failed", caught.path("Next").asText());
            assertEquals(name + "Failed", fail.path("Error").asText(), "GetOffboarding reads the step from the error name");
            assertEquals("$.error.Cause", fail.path("CausePath").asText(), name);
        }
        assertEquals(List.of("PlanOffboarding", "DisableAccess", "DeleteIdentity", "NotifyOffboarded"), tasks);
    }

    @Test
    void everySelectedFieldIsAlwaysWrittenByTheStepsResult() throws Exception {
        for (Map.Entry<String, Class<?>> step : RESULTS.entrySet()) {
            JsonNode selector = states.path(step.getKey()).path("ResultSelector");
            assertTrue(selector.size() > 0, step.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey().substring(0, field.getKey().length() - 2);
                assertEquals("$.Payload." + name, field.getValue().asText(), step.getKey());
                Field javaField = step.getValue().getField(name);
                boolean alwaysWritten = javaField.getType().isPrimitive()
                        || java.util.Collection.class.isAssignableFrom(javaField.getType())
                        || java.util.Map.class.isAssignableFrom(javaField.getType())
                        || javaField.isAnnotationPresent(JsonInclude.class)
                        || name.equals("userName") || name.equals("mode") || name.equals("eventId");
                assertTrue(alwaysWritten, step.getKey() + "." + name + " may be null and then missing from the payload");
            }
        }
    }

    @Test
    void aDryRunOrAnEmptyPlanEndsAfterThePlanAndOnlyDeleteDeletes() {
        assertEquals("PlanOffboarding", definition().path("StartAt").asText());
        JsonNode afterPlan = states.path(states.at("/PlanOffboarding/Next").asText());
        assertEquals("Choice", afterPlan.path("Type").asText());
        assertEquals("$.request.dryRun", afterPlan.at("/Choices/0/Variable").asText());
        assertEquals("Succeed", states.path(afterPlan.at("/Choices/0/Next").asText()).path("Type").asText());
        assertEquals("$.plan.actionCount", afterPlan.at("/Choices/1/Variable").asText());
        assertEquals(0, afterPlan.at("/Choices/1/NumericEquals").asInt());
        assertEquals("Succeed", states.path(afterPlan.at("/Choices/1/Next").asText()).path("Type").asText());
        assertEquals("DisableAccess", afterPlan.path("Default").asText());

        JsonNode afterDisable = states.path(states.at("/DisableAccess/Next").asText());
        assertEquals("$.request.mode", afterDisable.at("/Choices/0/Variable").asText());
        assertEquals("DELETE", afterDisable.at("/Choices/0/StringEquals").asText());
        assertEquals("DeleteIdentity", afterDisable.at("/Choices/0/Next").asText());
        assertEquals("NotifyOffboarded", afterDisable.path("Default").asText());
        assertEquals("NotifyOffboarded", states.at("/DeleteIdentity/Next").asText());
    }

    /** The retrier that names {@code error}; fails the test when there is none. */
    private static JsonNode retrier(JsonNode state, String error) {
        for (JsonNode retrier : state.path("Retry")) {
            for (JsonNode name : retrier.path("ErrorEquals")) {
                if (error.equals(name.asText())) {
                    return retrier;
                }
            }
        }
        throw new AssertionError("no retrier for " + error + " in " + state.path("Comment").asText());
    }
}
