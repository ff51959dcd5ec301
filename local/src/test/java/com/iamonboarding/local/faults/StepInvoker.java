package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.support.SharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Invokes one step's function through the local Lambda endpoint's Invoke API, as Step Functions
 * does, and folds its output into the state the way the state machine would: the Task's
 * ResultSelector (read from statemachine/onboarding.asl.json, in whichever branch the Task is)
 * picks the fields, its ResultPath places them.
 */
final class StepInvoker implements AutoCloseable {

    private final LambdaClient lambda = EmulatorClients.build(LambdaClient.builder(), SharedStack.get().lambdaEndpoint().url());
    private final JsonNode states;

    StepInvoker() {
        try {
            states = flattened(Json.MAPPER.readTree(Files.readString(SharedStack.get().repoRoot()
                    .resolve("statemachine/onboarding.asl.json"))).path("States"), Json.MAPPER.createObjectNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every state by name, those in the branches of Parallel states included (names are unique in a definition). */
    private static ObjectNode flattened(JsonNode states, ObjectNode all) {
        states.fields().forEachRemaining(entry -> {
            all.set(entry.getKey(), entry.getValue());
            entry.getValue().path("Branches").forEach(branch -> flattened(branch.path("States"), all));
        });
        return all;
    }

    /** The state machine's input for a new onboarding: its id and the request, sealed as the API seals it. */
    static ObjectNode initialState(String onboardingId, JsonNode request) {
        return SharedStack.get().sealer().onboardingInput(onboardingId, request);
    }

    /** Invokes {@code step}'s function with {@code state}; fails the test on a function error. */
    JsonNode invoke(String step, JsonNode state) {
        InvokeResponse response = lambda.invoke(b -> b.functionName(functionOf(step))
                .payload(SdkBytes.fromUtf8String(Json.write(state))));
        assertNull(response.functionError(), () -> step + " failed: " + response.payload().asUtf8String());
        try {
            return Json.MAPPER.readTree(response.payload().asUtf8String());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the Task's ResultSelector keeps of {@code output}. */
    JsonNode selected(String step, JsonNode output) {
        ObjectNode selected = Json.MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = states.path(step).path("ResultSelector").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = field.getValue().asText();
            if (!field.getKey().endsWith(".$") || !path.startsWith("$.Payload.")) {
                throw new IllegalStateException(step + ": unexpected ResultSelector entry " + field.getKey());
            }
            selected.set(field.getKey().substring(0, field.getKey().length() - 2), output.path(path.substring("$.Payload.".length())));
        }
        return selected;
    }

    /** {@code state} with the step's selected output at its ResultPath. */
    ObjectNode advance(String step, ObjectNode state, JsonNode output) {
        String resultPath = states.path(step).path("ResultPath").asText();
        if (!resultPath.matches("\\$\\.\\w+")) {
            throw new IllegalStateException(step + ": unexpected ResultPath " + resultPath);
        }
        ObjectNode next = state.deepCopy();
        next.set(resultPath.substring(2), selected(step, output));
        return next;
    }

    private static String functionOf(String step) {
        return step + "Function";
    }

    @Override
    public void close() {
        lambda.close();
    }
}
