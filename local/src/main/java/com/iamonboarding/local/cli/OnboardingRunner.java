package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.template.ApiRoute;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * One onboarding through the running local stack, as a client would do it: POST the request to the
 * local API, follow the execution it started, then read its outcome with GET on the status URL.
 */
public final class OnboardingRunner {

    /**
     * What happened. {@code accepted}: the POST answer; {@code onboarding}: the GET /onboardings/{id}
     * answer (status, failedStep, error, cause, result), or a missing node when the POST was refused.
     */
    public record Outcome(int httpStatus, JsonNode accepted, String onboardingId, String executionArn,
                          String status, JsonNode onboarding) {

        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        public boolean rejected() {
            return httpStatus / 100 != 2;
        }

        public String failedStep() {
            return onboarding.path("failedStep").asText(null);
        }

        public JsonNode result() {
            return onboarding.path("result");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static final String START_ROUTE = "/onboardings";

    private final LocalStack stack;
    private final Duration timeout;
    private final boolean playTheHire;
    private final Consumer<String> showInvitation;

    /** A runner that plays the hire of a SELF_SERVICE onboarding, so that it finishes unattended. */
    public OnboardingRunner(LocalStack stack, Duration timeout) {
        this(stack, timeout, true, link -> { });
    }

    /**
     * {@code playTheHire} false: a SELF_SERVICE onboarding waits for a person to open the invitation
     * link (handed to {@code showInvitation} as soon as it was e-mailed) and enrol on the page.
     */
    public OnboardingRunner(LocalStack stack, Duration timeout, boolean playTheHire, Consumer<String> showInvitation) {
        this.stack = stack;
        this.timeout = timeout;
        this.playTheHire = playTheHire;
        this.showInvitation = showInvitation;
    }

    public Outcome run(String requestJson, Map<String, String> headers, Consumer<ExecutionProgress.Entered> progress) {
        // The onboard command drives the documented public API, POST /onboardings (README, "The API").
        ApiRoute start = stack.api().routes().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals(START_ROUTE))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no POST " + START_ROUTE + " route"));
        int mailMark = stack.mailbox().mark();
        HttpResponse<String> posted = send("POST", start.path(), requestJson, headers);
        JsonNode accepted = json(posted.body());
        if (posted.statusCode() / 100 != 2) {
            return new Outcome(posted.statusCode(), accepted, null, null, "REJECTED", MissingNode.getInstance());
        }
        String onboardingId = accepted.path("onboardingId").asText();
        String executionArn = accepted.path("executionArn").asText(null);
        if (executionArn == null) {
            throw new IllegalStateException("POST " + start.path() + " answered without an executionArn");
        }
        Optional<String> invited = PlayTheHire.selfServiceEmail(json(requestJson), stack.intrinsics().parameterValues()
                .getOrDefault("DefaultHandover", "SELF_SERVICE"));
        if (invited.isPresent()) {
            PlayTheHire hire = new PlayTheHire(stack, Clock.systemUTC());
            BooleanSupplier running = () -> stack.clients().sfn().describeExecution(b -> b.executionArn(executionArn)).status()
                    == ExecutionStatus.RUNNING;
            Optional<String> link = hire.invitationLinkWhile(invited.get(), mailMark, timeout, running);
            link.ifPresent(showInvitation);
            if (link.isPresent() && playTheHire) {
                PlayTheHire.Enrolled enrolled = hire.enrol(link.get());
                // A refused enrolment would leave the onboarding waiting for days: say why now.
                if (!enrolled.succeeded()) {
                    throw new IllegalStateException("the local stack could not enrol the hire of " + onboardingId + ": "
                            + enrolled.answer().path("code").asText() + " " + enrolled.answer().path("message").asText());
                }
            }
        }
        var finished = new ExecutionProgress(stack.clients().sfn()).follow(executionArn, timeout, progress);
        String statusUrl = accepted.path("statusUrl").asText("/onboardings/" + onboardingId);
        HttpResponse<String> status = send("GET", URI.create(statusUrl).getPath(), null, Map.of());
        JsonNode onboarding = json(status.body());
        return new Outcome(posted.statusCode(), accepted, onboardingId, executionArn, finished.statusAsString(), onboarding);
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.api().url().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on the local API failed: " + e.getMessage(), e);
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
