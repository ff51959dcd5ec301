package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardCommand;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.RawHistory;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.mfa.OtpAuthUri;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.URLEncoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * No generated password, secret access key, MFA seed or TOTP code appears in any execution's
 * history (every event's input and output), in the status table, in any answer of the API (POST /onboardings, GET
 * /onboardings/{id} while running and after success) nor in anything the stack printed: its own
 * lines, the functions' logs, the onboard command's report, moto_server's log.
 */
class NoSecretsE2ETest {

    /**
     * A number as a whole: a run of digits with no letter or digit on either side and no '.' before
     * it. TOTP codes are only 6 digits, so "contains" would find them by chance inside longer numbers
     * (the account id 123456789012, epoch milliseconds), inside identifiers (hex onboarding ids, request
     * ids, access key ids) and in the microseconds of timestamps ("...:00.123456"). A leaked code is a
     * value of its own (a JSON value or number, a form field, a word of a log message), which this form
     * finds, while it leaves for chance only the stand-alone 6-digit numbers of the haystacks (none at
     * the time of writing): their count is asserted below, which bounds the chance of a false hit.
     */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("(?<![\\p{Alnum}.])\\d+(?!\\p{Alnum})");
    private static final Pattern TOTP_CODE = Pattern.compile("\\d{6}");
    /** The highest chance of a false hit on a code that the search accepts, which bounds how many stand-alone 6-digit numbers there may be. */
    private static final double MAX_CHANCE_OF_A_FALSE_HIT = 0.001;

    @Test
    void secretsAppearNeitherInExecutionHistoriesNorApiAnswersNorAnythingPrinted() throws Exception {
        // What this test's own onboardings send and print, not what the rest of the run did.
        Instant started = Instant.now();
        int printedBefore = SharedStack.printed().length();
        Path motoLog = SharedStack.get().emulator().logFile().orElseThrow();
        // moto's log holds the whole run: other tests' stopped or expired executions leave engine dumps
        // full of their own numbers there, which would swamp the 6-digit search below.
        long motoLogBefore = Files.size(motoLog);
        // One onboarding through the onboard command, whose report is searched too.
        String cliUser = Requests.userName("secrets");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream reportStream = new PrintStream(report, true, StandardCharsets.UTF_8);
        int exit = new OnboardCommand(SharedStack.get(), reportStream, Duration.ofSeconds(90), false)
                .run(Json.write(Requests.request(cliUser, "developer", true, true)), false);
        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertEquals(OnboardCommand.SUCCEEDED, exit, report.toString(StandardCharsets.UTF_8));

        // One through the API, keeping every answer: the POST, the GETs while it runs and after it succeeded.
        String apiUser = Requests.userName("secrets-api");
        ApiTranscript api = new ApiTranscript();
        ApiTranscript.Answer accepted = api.start(Requests.request(apiUser, "developer", true, true), Map.of());
        assertEquals(202, accepted.status(), accepted::toString);
        String onboardingId = accepted.json().path("onboardingId").asText();
        List<ApiTranscript.Answer> followed = api.followUntilFinished(onboardingId, Onboardings.TIMEOUT);
        assertTrue(followed.stream().anyMatch(a -> a.json().path("status").asText().equals("RUNNING")),
                "the API was asked while the onboarding ran: " + followed);
        assertEquals("SUCCEEDED", followed.get(followed.size() - 1).json().path("status").asText(), followed::toString);
        ApiTranscript.Answer succeeded = api.status(onboardingId);
        assertTrue(succeeded.json().path("result").path("accessKey").has("secretArn"), "the answer after success has the result");
        api.status(onboardingIdOf(cliUser));

        // Two as a batch (the batch, its map run and the rows' child executions; its report; its status answers).
        String batchUser = Requests.userName("secrets-batch");
        String batchUser2 = Requests.userName("secrets-batch");
        JsonNode batch = Batches.run("batches/secrets-" + batchUser + ".jsonl",
                Json.write(Requests.request(batchUser, "developer", true, true)) + "\n"
                        + Json.write(Requests.request(batchUser2, "developer", true, true)) + "\n", "REJECT");
        assertEquals(Map.of("SUCCEEDED", 2), Batches.nonZero(batch.path("counts")), batch.toString());

        Map<String, String> secrets = everySecretOnTheEmulator();
        for (String user : List.of(cliUser, apiUser, batchUser, batchUser2)) {
            assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("password of " + user)), secrets.keySet().toString());
            assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("secret access key of " + user)));
            assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("MFA seed in mfa/" + user + "/")));
        }
        Map<String, String> codes = everyTotpCodeSent(started);
        for (String user : List.of(cliUser, apiUser)) {
            assertTrue(codes.keySet().stream().anyMatch(k -> k.endsWith(" for " + user)), "the codes that enabled " + user + "'s device");
        }

        Map<String, String> haystacks = new LinkedHashMap<>();
        for (String execution : RawHistory.allExecutionArns()) {
            String history = RawHistory.of(execution);
            // Every execution of the run is searched for the secrets; the 6-digit search below needs only this test's.
            haystacks.put("history of " + execution, history);
        }
        for (String execution : RawHistory.allExecutionArns(SharedStack.get().resources().get("BatchStateMachine").orElseThrow().ref())) {
            haystacks.put("history of " + execution, RawHistory.of(execution));
        }
        haystacks.put("the batch's status answer", batch.toString());
        String intake = Batches.intakeBucket();
        String batchId = batch.path("batchId").asText();
        for (String key : List.of("reports/" + batchId + "/report.csv", "reports/" + batchId + "/report.json", "work/" + batchId + "/rows.json")) {
            haystacks.put("s3://" + intake + "/" + key, SharedStack.s3().getObjectAsBytes(b -> b.bucket(intake).key(key)).asUtf8String());
        }
        assertTrue(haystacks.keySet().stream().anyMatch(h -> h.contains(":" + batchId.substring("bat-".length()))),
                "the batch's history is searched");
        List<ApiTranscript.Answer> answers = api.answers();
        for (int i = 0; i < answers.size(); i++) {
            haystacks.put("API answer " + (i + 1) + " (" + answers.get(i).method() + " " + answers.get(i).path() + ")",
                    answers.get(i).text());
        }
        haystacks.put("standard output and error", SharedStack.printed().substring(printedBefore));
        haystacks.put("the onboard report", report.toString(StandardCharsets.UTF_8));
        // The status table the status API reads: every record, as DynamoDB holds it.
        String statusTable = SharedStack.get().resources().get("StatusTable").orElseThrow().ref();
        haystacks.put("the status table", SharedStack.get().clients().dynamoDb().scanPaginator(b -> b.tableName(statusTable))
                .items().stream().map(Object::toString).collect(java.util.stream.Collectors.joining("\n")));
        assertTrue(haystacks.get("the status table").contains(onboardingId), "the status table holds the onboarding's record");
        byte[] wholeMotoLog = Files.readAllBytes(motoLog);
        haystacks.put("moto_server's log while this test ran", new String(wholeMotoLog, (int) motoLogBefore,
                wholeMotoLog.length - (int) motoLogBefore, StandardCharsets.UTF_8));
        assertTrue(haystacks.get("standard output and error").contains(apiUser), "the capture sees the functions' logs");
        assertTrue(haystacks.keySet().stream().anyMatch(h -> h.endsWith(":" + onboardingId)), "the API onboarding's history is searched");
        List<String> ourExecutions = List.of(":" + onboardingId, ":" + onboardingIdOf(cliUser), ":" + onboardingIdOf(batchUser),
                ":" + onboardingIdOf(batchUser2), ":" + batchId.substring("bat-".length()));

        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, secret) -> forms(secret).forEach((form, encoded) -> haystacks.forEach((where, text) -> {
            if (text.contains(encoded)) {
                leaks.add(what + " (" + form + ") in " + where);
            }
        })));
        Map<String, List<String>> sixDigitNumbersIn = new LinkedHashMap<>();
        haystacks.forEach((where, text) -> {
            if (!where.startsWith("history of ") || ourExecutions.stream().anyMatch(where::endsWith)) {
                sixDigitNumbersIn.put(where, wholeNumbers(text).stream().filter(number -> number.length() == 6).toList());
            }
        });
        codes.forEach((what, code) -> sixDigitNumbersIn.forEach((where, numbers) -> {
            if (numbers.contains(code)) {
                leaks.add(what + " in " + where);
            }
        }));
        assertEquals(List.of(), leaks);

        long sixDigitNumbers = sixDigitNumbersIn.values().stream().mapToLong(List::size).sum();
        System.out.println(NoSecretsE2ETest.class.getSimpleName() + ": " + secrets.size() + " secrets and " + codes.size()
                + " TOTP codes searched in " + haystacks.size() + " haystacks (" + haystacks.values().stream().mapToLong(String::length).sum()
                + " characters, " + sixDigitNumbers + " stand-alone 6-digit numbers)");
        // Each stand-alone 6-digit number equals a given code by chance with probability 10^-6.
        Map<String, Integer> perHaystack = new LinkedHashMap<>();
        sixDigitNumbersIn.forEach((where, numbers) -> {
            if (!numbers.isEmpty()) {
                perHaystack.put(where, numbers.size());
            }
        });
        assertTrue(sixDigitNumbers * codes.size() <= MAX_CHANCE_OF_A_FALSE_HIT * 1_000_000, "the code search is conclusive "
                + "only while stand-alone 6-digit numbers are rare: " + sixDigitNumbers + " of them, " + codes.size() + " codes, in "
                + perHaystack);
    }

    /**
     * Every form in which a secret could leak: as it is, JSON-escaped, base64 (a body or header
     * encoded on its way) and URL-encoded (a query string or form field).
     */
    private static Map<String, String> forms(String secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as it is", secret);
        forms.put("JSON-escaped", Json.write(secret).replaceAll("^\"|\"$", ""));
        forms.put("base64", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        forms.put("URL-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        return forms;
    }

    /**
     * The two codes of every EnableMFADevice request since {@code since} (this test's onboardings,
     * retries included), as the local Lambda endpoint recorded them. They are sent nowhere else: moto
     * accepts any code.
     */
    private static Map<String, String> everyTotpCodeSent(Instant since) {
        List<RecordedRequest> enables = SharedStack.get().lambdaEndpoint().recorder()
                .matching(r -> "EnableMFADevice".equals(r.action()) && r.at().isAfter(since));
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < enables.size(); i++) {
            RecordedRequest enable = enables.get(i);
            for (String parameter : List.of("AuthenticationCode1", "AuthenticationCode2")) {
                String code = enable.parameter(parameter);
                assertTrue(code != null && TOTP_CODE.matcher(code).matches(), parameter + " of " + enable.parameter("UserName") + " is a 6-digit code");
                assertTrue(wholeNumbers("{\"" + parameter + "\":\"" + code + "\"}").contains(code), "the search finds a code where it is a value");
                codes.put(parameter + " of EnableMFADevice request " + (i + 1) + " for " + enable.parameter("UserName"), code);
            }
        }
        return codes;
    }

    /** Every whole number in {@code text} ({@link #WHOLE_NUMBER}); escaped control characters count as separators. */
    private static List<String> wholeNumbers(String text) {
        Matcher matcher = WHOLE_NUMBER.matcher(text.replace("\\n", " ").replace("\\r", " ").replace("\\t", " "));
        List<String> numbers = new ArrayList<>();
        while (matcher.find()) {
            numbers.add(matcher.group());
        }
        return numbers;
    }

    private static String onboardingIdOf(String userName) {
        return SharedStack.iam().listUserTags(b -> b.userName(userName)).tags().stream()
                .filter(t -> t.key().equals("OnboardingId")).map(Tag::value).findFirst().orElseThrow();
    }

    /** Every password and secret access key in Secrets Manager and every MFA seed in a stored QR code. */
    private static Map<String, String> everySecretOnTheEmulator() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (SecretListEntry entry : SharedStack.secrets().listSecretsPaginator(b -> { }).stream().flatMap(page -> page.secretList().stream()).toList()) {
            if (!entry.name().startsWith("iam-onboarding/") || entry.deletedDate() != null) {
                continue;
            }
            JsonNode value = Json.MAPPER.readTree(SharedStack.secrets().getSecretValue(b -> b.secretId(entry.arn())).secretString());
            String user = entry.name().split("/")[1];
            if (value.has("password")) {
                secrets.put("password of " + user, value.get("password").asText());
            }
            if (value.has("SecretAccessKey")) {
                secrets.put("secret access key of " + user, value.get("SecretAccessKey").asText());
            }
        }
        String bucket = Leftovers.qrBucket();
        for (S3Object object : SharedStack.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("mfa/")).contents()) {
            byte[] png = SharedStack.s3().getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
            String uri = QrCodes.decode(png, "s3://" + bucket + "/" + object.key());
            secrets.put("MFA seed in " + object.key(), OtpAuthUri.parse(uri).secret());
        }
        secrets.values().forEach(value -> assertFalse(value.length() < 16, "a secret long enough to search for"));
        return secrets;
    }
}
