package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * {@code onboard <request.json>}: one onboarding through the local API with a live line per state,
 * then a summary (with the QR code to scan for an OPERATOR handover); or, with --json, only the final
 * result as one JSON object. A SELF_SERVICE onboarding's hire is played by {@link PlayTheHire}.
 * Prints identifiers only: the password, secret access key and MFA seed stay in their stores.
 */
public final class OnboardCommand {

    public static final int SUCCEEDED = 0;
    public static final int FAILED = 1;
    public static final int REJECTED = 2;

    private final LocalStack stack;
    private final PrintStream out;
    private final Duration timeout;
    private final boolean ansiColours;
    private final boolean asHire;
    private final PrintStream console;

    /** An onboarding whose hire (SELF_SERVICE) the local stack plays. */
    public OnboardCommand(LocalStack stack, PrintStream out, Duration timeout, boolean ansiColours) {
        this(stack, out, out, timeout, ansiColours, true);
    }

    /**
     * {@code asHire} false: the invitation link is shown on {@code console} and the command waits for
     * a person to enrol through it in a browser (within {@code timeout}).
     */
    public OnboardCommand(LocalStack stack, PrintStream out, PrintStream console, Duration timeout, boolean ansiColours, boolean asHire) {
        this.stack = stack;
        this.out = out;
        this.console = console;
        this.timeout = timeout;
        this.ansiColours = ansiColours;
        this.asHire = asHire;
    }

    public int run(String requestJson, boolean json) {
        OnboardingRunner runner = new OnboardingRunner(stack, timeout, asHire, link -> {
            // The local stack's mailbox stands for the hire's inbox: showing the captured e-mail's link is
            // what its recipient would see. It is a credential: a deployed stack never prints it.
            console.println(asHire ? "  invitation e-mailed; the local stack plays the hire (--as-hire) and opens it"
                    : "  invitation e-mailed to the hire. Open this link in a browser to enrol (valid once):" + System.lineSeparator()
                    + "    " + link);
            console.flush();
        });
        OnboardingRunner.Outcome outcome = runner.run(requestJson, Map.of(), entered -> {
            if (!json) {
                out.printf("  %6.1fs  %s%n", entered.at().toMillis() / 1000.0, entered.state());
                out.flush();
            }
        });
        if (json) {
            out.println(Json.write(toJson(outcome)));
        } else {
            printSummary(outcome);
        }
        return outcome.succeeded() ? SUCCEEDED : outcome.rejected() ? REJECTED : FAILED;
    }

    static ObjectNode toJson(OnboardingRunner.Outcome outcome) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        if (outcome.rejected()) {
            result.put("status", "REJECTED");
            result.put("httpStatus", outcome.httpStatus());
            result.set("response", outcome.accepted());
            return result;
        }
        if (outcome.onboarding().isObject()) {
            result.setAll((ObjectNode) outcome.onboarding());
        }
        result.put("onboardingId", outcome.onboardingId());
        result.put("executionArn", outcome.executionArn());
        result.put("status", outcome.status());
        return result;
    }

    private void printSummary(OnboardingRunner.Outcome outcome) {
        if (outcome.rejected()) {
            out.println("The API refused the request (HTTP " + outcome.httpStatus() + "):");
            out.println(pretty(outcome.accepted()));
            return;
        }
        JsonNode view = outcome.onboarding();
        if (!outcome.succeeded()) {
            out.println("Onboarding " + outcome.onboardingId() + " " + outcome.status()
                    + " at step " + view.path("failedStep").asText("(unknown)") + ": "
                    + view.path("error").asText("") + (view.has("cause") ? " - " + view.path("cause").asText() : ""));
            return;
        }
        JsonNode result = outcome.result();
        out.println();
        out.println("Onboarding " + outcome.onboardingId() + " SUCCEEDED");
        row("User", result.path("userArn"));
        row("Handover", result.path("handover"));
        row("Hire enrolled at", result.path("enrolment").path("enrolledAt"));
        row("Sign-in URL", result.path("signInUrl"));
        row("Groups", String.join(", ", texts(result.path("access").path("groups"))));
        row("Console password secret", result.path("loginProfile").path("secretArn"));
        row("Access key id", result.path("accessKey").path("accessKeyId"));
        row("Access key secret", result.path("accessKey").path("secretArn"));
        row("MFA device", result.path("mfa").path("serialNumber"));
        String bucket = result.path("mfa").path("qrCodeBucket").asText(null);
        String key = result.path("mfa").path("qrCodeS3Key").asText(null);
        if (bucket != null && key != null) {
            row("MFA QR code", "s3://" + bucket + "/" + key);
            byte[] png = stack.clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            out.println();
            out.println("Scan this with an authenticator app to enrol the MFA device:");
            TerminalQr.render(png, ansiColours).forEach(out::println);
        }
        out.println();
        if ("SELF_SERVICE".equals(result.path("handover").asText())) {
            out.println("The local stack played the hire: it opened the e-mailed link, registered an MFA device and chose a");
            out.println("password through the enrolment page, as a person would. Nobody else ever held the seed or the password.");
        }
        out.println("Secrets stay in Secrets Manager: read them with GetSecretValue against the emulator.");
    }

    private void row(String label, JsonNode value) {
        if (value.isTextual()) {
            row(label, value.asText());
        }
    }

    private void row(String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("  %-24s %s%n", label, value);
        }
    }

    private static List<String> texts(JsonNode array) {
        return array.isArray() ? StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList()
                : List.of();
    }

    private static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (Exception e) {
            return node.toString();
        }
    }
}
