package com.iamonboarding.local.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** Batches through the local API, as the batch end-to-end tests start, follow and read them. */
public final class Batches {

    public static final Duration BATCH_TIMEOUT = Duration.ofMinutes(8);

    private Batches() {
    }

    public static JsonNode awaitCompleted(String batchId) {
        return Poll.until("batch " + batchId + " completed", BATCH_TIMEOUT, () -> {
            try {
                // 404 until the batch's first step has recorded its plan (a moment after the start).
                HttpResponse<String> response = LocalApiCalls.answer(HttpRequest.newBuilder(LocalApiCalls.url("/batches/" + batchId)).GET());
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                assertEquals(200, response.statusCode(), response.body());
                JsonNode batch = Json.MAPPER.readTree(response.body());
                return "RUNNING".equals(batch.path("status").asText()) ? Optional.empty() : Optional.of(batch);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static JsonNode report(JsonNode batch) throws Exception {
        URI json = URI.create(batch.at("/report/json").asText());
        String text = SharedStack.s3().getObjectAsBytes(b -> b.bucket(json.getHost()).key(json.getPath().substring(1))).asUtf8String();
        return Json.MAPPER.readTree(text);
    }

    public static Map<String, Integer> nonZero(JsonNode counts) {
        Map<String, Integer> found = new LinkedHashMap<>();
        counts.fields().forEachRemaining(e -> {
            if (e.getValue().asInt() != 0) {
                found.put(e.getKey(), e.getValue().asInt());
            }
        });
        return found;
    }

    public static List<ExecutionListItem> childExecutions(LocalStack stack) {
        String arn = stack.resources().get("OnboardingStateMachine").orElseThrow().ref();
        return SharedStack.sfn().listExecutionsPaginator(b -> b.stateMachineArn(arn)).executions().stream().toList();
    }

    public static Optional<ExecutionListItem> batchExecutionFor(LocalStack stack, String key) {
        String arn = stack.resources().get("BatchStateMachine").orElseThrow().ref();
        return SharedStack.sfn().listExecutionsPaginator(b -> b.stateMachineArn(arn)).executions().stream()
                .filter(e -> SharedStack.sfn().describeExecution(d -> d.executionArn(e.executionArn())).input().contains(key))
                .findFirst();
    }

    public static void assertUserAbsent(String name) {
        try {
            SharedStack.iam().getUser(b -> b.userName(name));
            throw new AssertionError(name + " exists");
        } catch (NoSuchEntityException expected) {
            // nothing was created
        }
    }

    public static JsonNode get(String path) throws Exception {
        return LocalApiCalls.get(path);
    }

    public static JsonNode post(String path, JsonNode body) throws Exception {
        return LocalApiCalls.post(path, body);
    }

    /** The intake bucket's name on the shared stack. */
    public static String intakeBucket() {
        return SharedStack.get().resources().get("IntakeBucket").orElseThrow().ref();
    }

    /**
     * Puts {@code content} under {@code key} of the intake bucket straight into the emulator (no S3
     * event: the test starts the batch itself), POSTs /batches and waits for the batch to complete.
     */
    public static JsonNode run(String key, String content, String onInvalidRows) throws Exception {
        String bucket = intakeBucket();
        SharedStack.s3().putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(content));
        JsonNode accepted = post("/batches", Json.MAPPER.createObjectNode().put("s3Uri", "s3://" + bucket + "/" + key)
                .put("onInvalidRows", onInvalidRows));
        return awaitCompleted(accepted.path("batchId").asText());
    }

    /** The report lines by user name. */
    public static Map<String, JsonNode> linesByUser(JsonNode report) {
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        report.path("lines").forEach(line -> lines.put(line.path("userName").asText(), line));
        return lines;
    }

    /** A CSV cohort of light OPERATOR onboardings (no console, no key): the IAM user and its group. */
    public static String lightCohort(List<String> userNames) {
        StringBuilder csv = new StringBuilder("employeeId,userName,email,accessProfile,consoleAccess,programmaticAccess,handover\n");
        int i = 0;
        for (String name : userNames) {
            csv.append("E-").append(7000 + i++).append(',').append(name).append(',').append(name).append("@example.com,developer,false,false,OPERATOR\n");
        }
        return csv.toString();
    }

    /** The details of the BatchCompleted events PutEvents sent for {@code batchId}. */
    public static List<JsonNode> completedEvents(String batchId) throws Exception {
        List<JsonNode> details = new java.util.ArrayList<>();
        for (var request : SharedStack.get().lambdaEndpoint().recorder().withAction("PutEvents")) {
            if (!(request.parameters().get("Entries") instanceof List<?> entries)) {
                continue;
            }
            for (Object entry : entries) {
                JsonNode event = Json.MAPPER.valueToTree(entry);
                if ("BatchCompleted".equals(event.path("DetailType").asText())) {
                    JsonNode detail = Json.MAPPER.readTree(event.path("Detail").asText());
                    if (batchId.equals(detail.path("batchId").asText())) {
                        assertEquals("iam-onboarding", event.path("Source").asText(), event.toString());
                        details.add(detail);
                    }
                }
            }
        }
        return details;
    }
}
