package com.iamonboarding.local.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.cli.OnboardingRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of the shared stack's local API (POST /onboardings, GET /onboardings/{id}) that keeps
 * every answer it got, headers and body, so that a test can search or compare them afterwards.
 */
public final class ApiTranscript {

    /** One answer of the local API. */
    public record Answer(String method, String path, int status, Map<String, List<String>> headers, String body) {

        /** The body as JSON; a missing node when it is not JSON. */
        public JsonNode json() {
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }

        /** The whole answer as text: request line, status, headers and body. */
        public String text() {
            return method + " " + path + " -> " + status + " " + headers + " " + body;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + body;
        }
    }

    public static final String START_PATH = "/onboardings";
    /** Between two GETs while an onboarding runs: often enough to see it running, seldom enough to spare moto. */
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(250);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    /** POST /onboardings with {@code body} and the extra {@code headers} (e.g. Idempotency-Key). */
    public Answer start(JsonNode body, Map<String, String> headers) {
        return send("POST", START_PATH, Json.write(body), headers);
    }

    /** GET /onboardings/{id}. */
    public Answer status(String onboardingId) {
        return send("GET", START_PATH + "/" + onboardingId, null, Map.of());
    }

    /**
     * GETs the onboarding's status until it is no longer RUNNING and returns every answer on the way,
     * the last one being the final status.
     */
    public List<Answer> followUntilFinished(String onboardingId, Duration timeout) {
        List<Answer> followed = new ArrayList<>();
        Poll.until("onboarding " + onboardingId + " to finish", timeout, () -> {
            Answer answer = status(onboardingId);
            followed.add(answer);
            if (answer.status() != 200) {
                throw new AssertionError("GET " + answer.path() + " answered " + answer);
            }
            if ("RUNNING".equals(answer.json().path("status").asText())) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FOLLOW_INTERVAL.minus(Poll.INTERVAL).toMillis()));
                return Optional.empty();
            }
            return Optional.of(answer);
        });
        // The status table says how it ended as soon as the step that ends it has written that; the
        // execution stops a moment later, and the tests read the execution too.
        int attempt = followed.get(followed.size() - 1).json().path("attempt").asInt(1);
        String executionArn = SharedStack.get().stateMachineArn().replace(":stateMachine:", ":execution:") + ":"
                + (attempt == 1 ? onboardingId : onboardingId + "." + attempt);
        Poll.until("execution " + executionArn + " to stop", timeout, () ->
                SharedStack.sfn().describeExecution(b -> b.executionArn(executionArn)).status()
                        == software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(true));
        return followed;
    }

    /**
     * POSTs the request, follows the onboarding until it finished, and reports it the way
     * {@link OnboardingRunner.Outcome} does (the final GET answer is its {@code onboarding}).
     */
    public OnboardingRunner.Outcome run(JsonNode body, Map<String, String> headers, Duration timeout) {
        Answer accepted = start(body, headers);
        if (accepted.status() / 100 != 2) {
            return new OnboardingRunner.Outcome(accepted.status(), accepted.json(), null, null, "REJECTED", MissingNode.getInstance());
        }
        String onboardingId = accepted.json().path("onboardingId").asText();
        List<Answer> followed = followUntilFinished(onboardingId, timeout);
        JsonNode finished = followed.get(followed.size() - 1).json();

        return new OnboardingRunner.Outcome(accepted.status(), accepted.json(), onboardingId,
                accepted.json().path("executionArn").asText(null), finished.path("status").asText(), finished);
    }

    /** Every answer this client got, in order. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    private Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(SharedStack.get().api().url().resolve(URI.create(path)))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(method, path, response.statusCode(), response.headers().map(), response.body());
            answers.add(answer);
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on the local API failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }
}
