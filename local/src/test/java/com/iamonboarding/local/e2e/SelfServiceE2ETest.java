package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.cli.PlayTheHire;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.RawHistory;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.mfa.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The SELF_SERVICE handover through the local API, as the hire's browser calls it: the invitation
 * e-mail, the start and complete routes (a replaced device on a reload, wrong codes, a refused
 * password, then success), the workflow going on to SUCCEEDED, a used, a voided and an expired link,
 * and an invitation that expires rolling the onboarding back. Every value checked comes from the
 * request, the e-mail or the emulator. The enrolment page in a real browser: EnrolmentPageBrowserE2ETest.
 */
class SelfServiceE2ETest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ACCOUNT = "123456789012";

    record Answer(int status, JsonNode body) {
        String code() {
            return body.path("code").asText();
        }
    }

    /** A request that names no handover: the stack's default, SELF_SERVICE. */
    static ObjectNode selfServiceRequest(String userName) {
        ObjectNode request = Requests.request(userName, "developer", true, true);
        request.remove("handover");
        return request;
    }

    @Test
    void theHireEnrolsTheirOwnDeviceAndPasswordAndTheWorkflowGoesOnWithoutEitherReachingAnyoneElse() throws Exception {
        int printedBefore = SharedStack.printed().length();
        String user = Requests.userName("self");
        int mark = SharedStack.get().mailbox().mark();
        ApiTranscript api = new ApiTranscript();
        ApiTranscript.Answer accepted = api.start(selfServiceRequest(user), Map.of());
        assertEquals(202, accepted.status(), accepted::toString);
        String onboardingId = accepted.json().path("onboardingId").asText();

        JsonNode waiting = waitForStatus(api, onboardingId, "WAITING_FOR_HIRE");
        Duration validity = Duration.ofHours(Long.parseLong(SharedStack.get().intrinsics().parameterValues()
                .getOrDefault("InvitationValidityHours", "72")));
        Duration left = Duration.between(Instant.now(), Instant.parse(waiting.path("invitationExpiresAt").asText()));
        assertTrue(left.compareTo(validity) <= 0 && left.compareTo(validity.minusMinutes(2)) > 0, "the invitation's expiry: " + waiting);

        String link = new PlayTheHire(SharedStack.get(), Clock.systemUTC()).invitationLink(user + "@example.com", mark, Onboardings.TIMEOUT);
        assertTrue(link.startsWith(SharedStack.get().api().url().resolve("/enrol").toString() + "#"), "the API's own page: " + link);
        String token = link.substring(link.indexOf('#') + 1);

        // A reload between start and complete replaces the device: the first key is worthless.
        Answer first = post("/enrolments/start", Map.of("token", token));
        assertEquals(200, first.status(), first::toString);
        Answer started = post("/enrolments/start", Map.of("token", token));
        assertEquals(200, started.status(), started::toString);
        assertEquals(user, started.body().path("userName").asText());
        String secret = started.body().path("secret").asText();
        String firstSecret = first.body().path("secret").asText();
        assertFalse(secret.equals(firstSecret), "a new device, a new key");
        String otpauth = QrCodes.decode(Base64.getDecoder().decode(started.body().path("qrCodePng").asText()), "the page's QR code");
        assertTrue(otpauth.startsWith("otpauth://totp/") && otpauth.contains("secret=" + secret), "the QR code holds the key: " + otpauth);
        assertEquals(List.of("arn:aws:iam::" + ACCOUNT + ":mfa/" + user), unassignedDevicesNamed(user), "only the second device remains");

        Totp totp = Totp.fromBase32(secret, Totp.AWS_DIGITS);
        long now = Totp.counterAt(Instant.now());
        String code1 = totp.code(now - 1);
        String code2 = totp.code(now);
        Totp old = Totp.fromBase32(firstSecret, Totp.AWS_DIGITS);
        Answer wrong = post("/enrolments/complete", Map.of("token", token, "code1", old.code(now - 1), "code2", old.code(now),
                "password", "Xy7!correct-horse-battery"));
        assertEquals(400, wrong.status(), wrong::toString);
        assertEquals("InvalidCodes", wrong.code());
        assertEquals(4, wrong.body().path("attemptsLeft").asInt(), wrong::toString);
        Answer weak = post("/enrolments/complete", Map.of("token", token, "code1", code1, "code2", code2, "password", "short"));
        assertEquals(400, weak.status(), weak::toString);
        assertEquals("PasswordRefused", weak.code());
        assertFalse(texts(weak.body().path("rules")).isEmpty(), "every broken rule is named: " + weak);
        assertTrue(SharedStack.iam().listMFADevices(b -> b.userName(user)).mfaDevices().isEmpty(), "a refused password enables nothing");

        String password = "Hire-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "!9a";
        Answer done = post("/enrolments/complete", Map.of("token", token, "code1", code1, "code2", code2, "password", password));
        assertEquals(200, done.status(), done::toString);
        assertEquals("ENROLLED", done.body().path("status").asText());
        // A second submit (a lost answer, a double click) finds the link used.
        Answer again = post("/enrolments/complete", Map.of("token", token, "code1", code1, "code2", code2, "password", password));
        assertEquals(404, again.status(), again::toString);
        assertEquals("InvitationNotFound", again.code());
        Answer reused = post("/enrolments/start", Map.of("token", token));
        assertEquals(404, reused.status(), reused::toString);
        Answer unknown = post("/enrolments/start", Map.of("token", "A".repeat(43)));
        assertEquals(unknown.body(), reused.body(), "a used link and an unknown one answer alike");

        JsonNode succeeded = waitForStatus(api, onboardingId, "SUCCEEDED");
        JsonNode result = succeeded.path("result");
        assertEquals("SELF_SERVICE", result.path("handover").asText());
        assertEquals("arn:aws:iam::" + ACCOUNT + ":mfa/" + user, result.at("/mfa/serialNumber").asText());
        assertTrue(result.path("loginProfile").isMissingNode(), "no password secret: " + result);
        assertTrue(result.at("/accessKey/secretArn").asText().contains(":secret:iam-onboarding/" + user + "/access-key"), result.toString());
        List<MFADevice> devices = SharedStack.iam().listMFADevices(b -> b.userName(user)).mfaDevices();
        assertEquals(List.of("arn:aws:iam::" + ACCOUNT + ":mfa/" + user), devices.stream().map(MFADevice::serialNumber).toList());
        assertFalse(SharedStack.iam().getLoginProfile(b -> b.userName(user)).loginProfile().passwordResetRequired(),
                "the hire chose the password: no reset");
        assertTrue(SharedStack.secrets().listSecrets(b -> b.filters(f -> f.key("name").values("iam-onboarding/" + user + "/console-password")))
                .secretList().isEmpty(), "no secret holds the password");
        assertEquals(List.of("USED"), invitationStatuses(onboardingId));

        // Nothing but the e-mail and this browser ever saw the token, the keys, the password or the codes.
        Map<String, String> needles = new LinkedHashMap<>();
        needles.put("the invitation token", token);
        needles.put("the MFA key", secret);
        needles.put("the replaced MFA key", firstSecret);
        needles.put("the password", password);
        needles.put("the password, base64", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> haystacks = new LinkedHashMap<>();
        String execution = SharedStack.get().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + onboardingId;
        haystacks.put("the execution history", RawHistory.of(execution));
        haystacks.put("the status API's answers", api.answers().stream().map(ApiTranscript.Answer::text).collect(Collectors.joining("\n")));
        haystacks.put("standard output and error", SharedStack.printed().substring(printedBefore));
        haystacks.put("the status table", scan("StatusTable"));
        haystacks.put("the invitation table", scan("InvitationTable"));
        haystacks.put("the secrets", SharedStack.secrets().listSecrets(b -> b.filters(f -> f.key("name").values("iam-onboarding/" + user)))
                .secretList().stream().map(s -> SharedStack.secrets().getSecretValue(b -> b.secretId(s.arn())).secretString())
                .collect(Collectors.joining("\n")));
        haystacks.put("the QR bucket", SharedStack.s3().listObjectsV2(b -> b.bucket(Leftovers.qrBucket()).prefix("mfa/" + user + "/"))
                .contents().toString());
        assertTrue(haystacks.get("the execution history").contains("invitationId"), "the state carries the invitation id");
        assertTrue(haystacks.get("the invitation table").contains(sha256(token)), "the table keeps the token's hash");
        assertTrue(haystacks.get("standard output and error").contains(user), "the capture sees the functions' logs");
        List<String> leaks = new ArrayList<>();
        needles.forEach((what, needle) -> haystacks.forEach((where, text) -> {
            if (text.contains(needle)) {
                leaks.add(what + " in " + where);
            }
        }));
        for (String code : List.of(code1, code2)) {
            // The history's JSON is escaped once more inside its events: a code would be a quoted value there.
            if (haystacks.get("the execution history").matches("(?s).*\\\\?\"" + code + "\\\\?\".*")
                    || haystacks.get("the status table").contains(code)) {
                leaks.add("a TOTP code in the history or the status table");
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void aResentInvitationVoidsTheOldLinkAndAnExpiredLinkIsRefusedWithItsOwnCode() throws Exception {
        String user = Requests.userName("resend");
        String email = user + "@example.com";
        int mark = SharedStack.get().mailbox().mark();
        ApiTranscript api = new ApiTranscript();
        ApiTranscript.Answer accepted = api.start(selfServiceRequest(user), Map.of());
        assertEquals(202, accepted.status(), accepted::toString);
        String onboardingId = accepted.json().path("onboardingId").asText();
        PlayTheHire hire = new PlayTheHire(SharedStack.get(), Clock.systemUTC());
        String firstLink = hire.invitationLink(email, mark, Onboardings.TIMEOUT);
        JsonNode waiting = waitForStatus(api, onboardingId, "WAITING_FOR_HIRE");

        int beforeResend = SharedStack.get().mailbox().mark();
        Answer resent = post("/onboardings/" + onboardingId + "/invitation", null);
        assertEquals(202, resent.status(), resent::toString);
        assertEquals("WAITING_FOR_HIRE", resent.body().path("status").asText());
        assertFalse(Instant.parse(resent.body().path("invitationExpiresAt").asText())
                .isBefore(Instant.parse(waiting.path("invitationExpiresAt").asText())), "the wait is extended: " + resent);
        String secondLink = hire.invitationLink(email, beforeResend, Onboardings.TIMEOUT);
        assertFalse(secondLink.equals(firstLink));
        assertFalse(resent.body().toString().contains(secondLink.substring(secondLink.indexOf('#') + 1)), "the token only in the e-mail");

        Answer old = post("/enrolments/start", Map.of("token", token(firstLink)));
        assertEquals(404, old.status(), old::toString);
        assertEquals("InvitationNotFound", old.code());
        assertEquals(List.of("ACTIVE", "VOID"), invitationStatuses(onboardingId).stream().sorted().toList());

        // The link's expiry passes (written into its record, as time would).
        String table = SharedStack.get().resources().get("InvitationTable").orElseThrow().ref();
        SharedStack.get().clients().dynamoDb().updateItem(b -> b.tableName(table)
                .key(Map.of("tokenHash", AttributeValue.fromS(sha256(token(secondLink)))))
                .updateExpression("SET expiresAt = :past").expressionAttributeValues(Map.of(":past",
                        AttributeValue.fromS(Instant.now().minusSeconds(1).toString()))));
        Answer expired = post("/enrolments/start", Map.of("token", token(secondLink)));
        assertEquals(410, expired.status(), expired::toString);
        assertEquals("InvitationExpired", expired.code());

        Answer notWaiting = post("/onboardings/onb-" + "0".repeat(32) + "/invitation", null);
        assertEquals(404, notWaiting.status(), notWaiting::toString);
        SharedStack.sfn().stopExecution(b -> b.executionArn(accepted.json().path("executionArn").asText()).error("TestDone"));
    }

    @Test
    void anInvitationThatExpiresFailsTheOnboardingAndRollsTheHireBack() throws Exception {
        // The API sets the validity from the stack's parameter (hours); the workflow reads it from the
        // sealed request, so a state sealed as the API would with 6 s shows the expiry in seconds.
        String user = Requests.userName("expiry");
        String onboardingId = "onb-expiry-" + user.substring(4).replace('.', '-');
        ObjectNode request = selfServiceRequest(user);
        request.put("handover", "SELF_SERVICE");
        request.put("enrolmentUrl", SharedStack.get().api().url().resolve("/enrol").toString());
        request.put("invitationValiditySeconds", 6);
        ObjectNode input = SharedStack.get().sealer().onboardingInput(onboardingId, request);
        int mark = SharedStack.get().mailbox().mark();
        String executionArn = SharedStack.sfn().startExecution(b -> b.stateMachineArn(SharedStack.get().stateMachineArn())
                .name(onboardingId).input(Json.write(input))).executionArn();
        // The hire opens the link (the page makes their device) and goes no further.
        String link = new PlayTheHire(SharedStack.get(), Clock.systemUTC()).invitationLink(user + "@example.com", mark, Onboardings.TIMEOUT);
        Answer started = post("/enrolments/start", Map.of("token", token(link)));
        assertEquals(200, started.status(), started::toString);
        assertEquals(List.of("arn:aws:iam::" + ACCOUNT + ":mfa/" + user), unassignedDevicesNamed(user));

        DescribeExecutionResponse finished = Poll.until("execution " + onboardingId + " to stop", Onboardings.TIMEOUT, () -> {
            DescribeExecutionResponse d = SharedStack.sfn().describeExecution(b -> b.executionArn(executionArn));
            return d.status() == ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(d);
        });

        assertEquals(ExecutionStatus.FAILED, finished.status());
        assertEquals("InviteHireFailed", finished.error(), finished.cause());
        assertTrue(finished.cause().contains("did not enrol before the invitation expired"), finished.cause());
        Leftovers.assertNothingLeftFor(user);
        assertEquals(List.of(), unassignedDevicesNamed(user), "the device the page made is gone too");
        assertEquals(List.of("VOID"), invitationStatuses(onboardingId));
    }

    private static String token(String link) {
        return link.substring(link.indexOf('#') + 1);
    }

    private static JsonNode waitForStatus(ApiTranscript api, String onboardingId, String status) {
        return Poll.until(onboardingId + " to be " + status, Onboardings.TIMEOUT, () -> {
            ApiTranscript.Answer answer = api.status(onboardingId);
            String now = answer.json().path("status").asText();
            if (!now.equals(status) && (now.equals("FAILED") || now.equals("SUCCEEDED"))) {
                throw new AssertionError(onboardingId + " ended " + answer);
            }
            return now.equals(status) ? Optional.of(answer.json()) : Optional.empty();
        });
    }

    static Answer post(String path, Map<String, String> body) throws IOException, InterruptedException {
        URI uri = SharedStack.get().api().url().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
        request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }

    private static List<String> unassignedDevicesNamed(String user) {
        return SharedStack.iam().listVirtualMFADevicesPaginator(b -> b.assignmentStatus("Unassigned")).virtualMFADevices().stream()
                .map(d -> d.serialNumber()).filter(serial -> serial.endsWith(":mfa/" + user)).toList();
    }

    static List<String> invitationStatuses(String onboardingId) {
        String table = SharedStack.get().resources().get("InvitationTable").orElseThrow().ref();
        return SharedStack.get().clients().dynamoDb().scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("onboardingId").s().equals(onboardingId)).map(item -> item.get("status").s()).toList();
    }

    private static String scan(String table) {
        String name = SharedStack.get().resources().get(table).orElseThrow().ref();
        return SharedStack.get().clients().dynamoDb().scanPaginator(b -> b.tableName(name)).items().stream()
                .map(Object::toString).collect(Collectors.joining("\n"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
