package com.iamonboarding.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.ApiRoute;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs one onboarding through the local API as a client would (POST /onboardings, wait, GET its
 * status), like {@link Onboardings}, but waits by asking only DescribeExecution, twice a second.
 * The single moto_server process is what limits how many scenarios can run at once, and following
 * every execution's whole history ten times a second (what the CLI does to show progress) costs it
 * more than the onboardings themselves.
 */
final class LightOnboardings {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LightOnboardings() {
    }

    static OnboardingRunner.Outcome run(JsonNode request) {
        String startPath = SharedStack.get().api().routes().stream().filter(r -> r.method().equals("POST"))
                .map(ApiRoute::path).filter(path -> path.endsWith("/onboardings")).findFirst().orElseThrow();
        HttpResponse<String> posted = send("POST", startPath, Json.write(request));
        JsonNode accepted = json(posted.body());
        if (posted.statusCode() / 100 != 2) {
            return new OnboardingRunner.Outcome(posted.statusCode(), accepted, null, null, "REJECTED", MissingNode.getInstance());
        }
        String executionArn = accepted.path("executionArn").asText();
        ExecutionStatus status = Poll.until("execution " + executionArn, Onboardings.TIMEOUT, () -> {
            ExecutionStatus now = SharedStack.sfn().describeExecution(b -> b.executionArn(executionArn)).status();
            if (now == ExecutionStatus.RUNNING) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL.minus(Poll.INTERVAL).toMillis()));
                return Optional.empty();
            }
            return Optional.of(now);
        });
        String onboardingId = accepted.path("onboardingId").asText();
        String statusUrl = accepted.path("statusUrl").asText("/onboardings/" + onboardingId);
        JsonNode onboarding = json(send("GET", URI.create(statusUrl).getPath(), null).body());
        return new OnboardingRunner.Outcome(posted.statusCode(), accepted, onboardingId, executionArn, status.toString(), onboarding);
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(SharedStack.get().api().url().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on the local API failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }
}
