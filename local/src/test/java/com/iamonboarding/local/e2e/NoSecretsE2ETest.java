package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardCommand;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.QrCodes;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * No generated password, secret access key or MFA seed appears in any execution's history (every
 * event's input and output) nor in anything the stack printed: its own lines, the functions' logs,
 * the onboard command's report, moto_server's log.
 */
class NoSecretsE2ETest {

    @Test
    void secretsAppearNeitherInExecutionHistoriesNorInAnythingPrinted() throws Exception {
        String userName = Requests.userName("secrets");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream reportStream = new PrintStream(report, true, StandardCharsets.UTF_8);
        int exit = new OnboardCommand(SharedStack.get(), reportStream, Duration.ofSeconds(90), false)
                .run(Json.write(Requests.request(userName, "developer", true, true)), false);
        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertEquals(OnboardCommand.SUCCEEDED, exit, report.toString(StandardCharsets.UTF_8));

        Map<String, String> secrets = everySecretOnTheEmulator();
        assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("password of " + userName)), secrets.keySet().toString());
        assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("secret access key of " + userName)));
        assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("MFA seed in mfa/" + userName + "/")));

        Map<String, String> haystacks = new LinkedHashMap<>();
        for (String execution : RawHistory.allExecutionArns()) {
            haystacks.put("history of " + execution, RawHistory.of(execution));
        }
        haystacks.put("standard output and error", SharedStack.printed());
        haystacks.put("the onboard report", report.toString(StandardCharsets.UTF_8));
        Path motoLog = SharedStack.get().emulator().logFile().orElseThrow();
        haystacks.put("moto_server's log", Files.readString(motoLog, StandardCharsets.UTF_8));
        assertTrue(haystacks.get("standard output and error").contains(userName), "the capture sees the functions' logs");

        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, secret) -> haystacks.forEach((where, text) -> {
            if (text.contains(secret) || text.contains(Json.write(secret).replaceAll("^\"|\"$", ""))) {
                leaks.add(what + " in " + where);
            }
        }));
        assertEquals(List.of(), leaks);
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
