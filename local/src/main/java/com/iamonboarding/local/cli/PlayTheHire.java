package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.loginprofile.PasswordGenerator;
import com.iamonboarding.loginprofile.PasswordPolicy;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.stack.Mailbox;
import com.iamonboarding.mfa.Totp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The hire, played by the local stack so that {@code bin/local onboard} finishes unattended: it
 * reads the invitation from the captured e-mail, and does what the enrolment page does (the same
 * two public routes): start, two consecutive codes computed from the seed it was given, a password
 * of its own choosing, complete. Nothing it holds is printed: the token, the seed and the password
 * stay in this object.
 */
public final class PlayTheHire {

    /** What the hire did, without its secrets. */
    public record Enrolled(String userName, JsonNode answer) {

        /** Whether the page's last answer said the hire is enrolled. */
        public boolean succeeded() {
            return "ENROLLED".equals(answer.path("status").asText());
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** How often the captured mail is looked at: it is in memory, from the mark on. */
    static final Duration MAILBOX_INTERVAL = Duration.ofMillis(10);

    private final LocalStack stack;
    private final Clock clock;

    public PlayTheHire(LocalStack stack, Clock clock) {
        this.stack = stack;
        this.clock = clock;
    }

    /** The link of the first invitation to {@code email} sent after {@code mark} ({@link Mailbox#mark()}), waiting up to {@code timeout}. */
    public String invitationLink(String email, int mark, Duration timeout) {
        return Poll.until("the invitation e-mail to " + email, timeout, MAILBOX_INTERVAL, () -> linkTo(email, mark));
    }

    private Optional<String> linkTo(String email, int mark) {
        return stack.mailbox().lastTo(email, mark).flatMap(Mailbox.Message::invitationLink);
    }

    /** Enrols through {@code link} as the hire would. */
    public Enrolled enrol(String link) {
        String token = link.substring(link.indexOf('#') + 1);
        JsonNode started = post("/enrolments/start", Json.MAPPER.createObjectNode().put("token", token));
        if (!started.path("secret").isTextual()) {
            return new Enrolled(null, started);
        }
        Totp totp = Totp.fromBase32(started.path("secret").asText(), Totp.AWS_DIGITS);
        long now = Totp.counterAt(clock.instant());
        String password = new PasswordGenerator(new SecureRandom()).generate(PasswordPolicy.AWS_DEFAULT);
        JsonNode completed = post("/enrolments/complete", Json.MAPPER.createObjectNode().put("token", token)
                .put("code1", totp.code(now - 1)).put("code2", totp.code(now)).put("password", password));
        return new Enrolled(started.path("userName").asText(), completed);
    }

    /** Waits for the invitation to {@code email} sent after {@code mark}, then enrols. */
    public Enrolled enrolWhenInvited(String email, int mark, Duration timeout) {
        return enrol(invitationLink(email, mark, timeout));
    }

    /**
     * The link of the invitation to {@code email} sent after {@code mark}, waiting while {@code running}
     * says the onboarding goes on; empty when it ended without inviting anyone (a failed step, say).
     */
    public Optional<String> invitationLinkWhile(String email, int mark, Duration timeout, BooleanSupplier running) {
        // The mailbox is in memory: looked at every MAILBOX_INTERVAL; the onboarding's status is a
        // request to the emulator, asked every Poll.INTERVAL only.
        long[] lastAsked = {System.nanoTime()};
        return Poll.until("the invitation e-mail to " + email, timeout, MAILBOX_INTERVAL, () -> {
            Optional<String> sent = linkTo(email, mark);
            if (sent.isPresent()) {
                return Optional.of(sent);
            }
            if (System.nanoTime() - lastAsked[0] < Poll.INTERVAL.toNanos()) {
                return Optional.empty();
            }
            lastAsked[0] = System.nanoTime();
            return running.getAsBoolean() ? Optional.empty() : Optional.of(Optional.<String>empty());
        });
    }

    private JsonNode post(String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(stack.api().url().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " on the local API failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + path, e);
        }
    }

    /** The address a request sends its invitation to, when its handover is SELF_SERVICE (explicitly or by default). */
    static Optional<String> selfServiceEmail(JsonNode request, String defaultHandover) {
        String handover = request.path("handover").asText(defaultHandover);
        return "SELF_SERVICE".equals(handover) && request.path("email").isTextual() ? Optional.of(request.path("email").asText())
                : Optional.empty();
    }
}
