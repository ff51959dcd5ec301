package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.emulator.FreePorts;
import com.iamonboarding.local.emulator.MotoNotInstalledException;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.RepoRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point as bin/local runs it: a separate JVM that starts (and stops) its own stack. */
class CommandLineE2ETest {

    private static final Path ROOT = RepoRoot.find();

    record Run(int exit, String stdout, String stderr) {
    }

    @Test
    void onboardWithJsonPrintsOnlyTheFinalResultAsOneJsonObject() throws Exception {
        Run run = main(null, "onboard", "events/requests/developer.json", "--as-hire", "--json");

        assertEquals(0, run.exit(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(1, lines.size(), run.stdout());
        JsonNode result = Json.MAPPER.readTree(lines.get(0));
        assertEquals("SUCCEEDED", result.path("status").asText());
        assertEquals("arn:aws:iam::123456789012:user/onboarded/jane.doe", result.path("result").path("userArn").asText());
        // developer.json names no handover: SELF_SERVICE, the stack's default; the local stack plays the hire.
        assertEquals("SELF_SERVICE", result.path("result").path("handover").asText());
        assertEquals("arn:aws:iam::123456789012:mfa/jane.doe", result.path("result").path("mfa").path("serialNumber").asText());
        assertTrue(result.path("result").path("mfa").path("qrCodeS3Key").isMissingNode(), "the hire scanned their own code");
        assertTrue(result.path("result").path("loginProfile").isMissingNode(), "the hire chose their password: no secret holds it");
        assertFalse(result.path("result").path("enrolment").path("enrolledAt").asText().isBlank());
        assertTrue(result.path("executionArn").asText().contains(":execution:"));
    }

    /**
     * The sample cohort with SKIP: its 3 invalid rows reported with their rules, its 4 SELF_SERVICE
     * rows INVITED and its OPERATOR row SUCCEEDED; exit 1, since rows were invalid.
     */
    @Test
    void batchRunsTheSampleCohortAndPrintsTheSummaryAndTheReport() throws Exception {
        Run run = main(null, "batch", "events/batches/cohort-2027-01.csv", "--skip-invalid");

        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        List<String> lines = run.stdout().lines().map(String::strip).toList();
        assertTrue(lines.contains("SUCCEEDED  1"), run.stdout());
        assertTrue(lines.contains("INVITED    4"), run.stdout());
        assertTrue(lines.contains("INVALID    3"), run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("6 +elif yilmaz +userName:pattern +ValidationFailed")), run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("7 +farah\\.haddad +.*consoleAccess:type.* +ValidationFailed")), run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("8 +Amara\\.Okafor +userName:duplicateInFile +ValidationFailed")), run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("report: s3://iam-onboarding-local-intakebucket/reports/bat-[0-9a-f]{32}/report\\.csv")),
                run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("8 rows in [0-9.]+ s: [0-9.]+ rows/min; per row .*")), run.stdout());
    }

    @Test
    void mayAnswersWithTheStacksPoliciesAndExitsOneWhenDenied() throws Exception {
        Run denied = main(null, "may", "hire:developer+mfa", "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:iam-onboarding-local-CreateUser", "--json");
        assertEquals(1, denied.exit(), denied.stderr());
        JsonNode decision = Json.MAPPER.readTree(denied.stdout());
        assertEquals("EXPLICITLY_DENIED", decision.path("decision").asText(), denied.stdout());
        assertEquals("arn:aws:iam::123456789012:user/onboarded/may-developer", decision.path("principal").asText());
        assertEquals(1, decision.path("decidingStatements").size(), denied.stdout());
        assertEquals("PERMISSIONS_BOUNDARY", decision.path("decidingStatements").path(0).path("policyType").asText(), denied.stdout());
        assertEquals("DenyTheProvisioningFunctions", decision.path("decidingStatements").path(0).path("sid").asText(), denied.stdout());

        Run allowed = main(null, "may", "function:CreateUserFunction", "iam:GetUser",
                "arn:aws:iam::123456789012:user/onboarded/jane.doe");
        assertEquals(0, allowed.exit(), allowed.stderr());
        assertTrue(allowed.stdout().startsWith("ALLOWED: CreateUserFunction's role"), allowed.stdout());
        assertTrue(allowed.stdout().contains("RecogniseAUserFromAnEarlierAttempt"), allowed.stdout());
    }

    @Test
    void aRejectedRequestExitsNonZeroWithTheApiAnswer() throws Exception {
        Run run = main(null, "onboard", "events/requests/invalid.json", "--json");

        assertEquals(2, run.exit(), run.stderr());
        JsonNode result = Json.MAPPER.readTree(run.stdout());
        assertEquals("REJECTED", result.path("status").asText());
        assertEquals(400, result.path("httpStatus").asInt());
    }

    @Test
    void withoutPythonTheCommandFailsWithTheOneLineInstallHint(@TempDir Path emptyPath) throws Exception {
        Run run = main(emptyPath.toString(), "onboard", "events/requests/developer.json");

        assertEquals(3, run.exit());
        assertEquals(List.of(MotoNotInstalledException.MESSAGE), run.stderr().lines().toList());
    }

    @Test
    void withAwsEndpointUrlTheRunningEmulatorIsUsedAndNoneStarted() throws Exception {
        URI emulator = SharedStack.get().emulator().endpoint();
        int keysBefore = SharedStack.get().clients().kms().listKeys().keys().size();

        Run run = run(Map.of("AWS_ENDPOINT_URL", emulator.toString()),
                "invoke", "EnsureAccountAliasFunction", "--event", "events/EnsureAccountAliasFunction.json");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals("iam-onboarding-local", Json.MAPPER.readTree(run.stdout()).path("accountAlias").asText());
        assertEquals(keysBefore + SharedStack.get().template().resourcesOfType("AWS::KMS::Key").size(),
                SharedStack.get().clients().kms().listKeys().keys().size(),
                "the command provisioned its stack on the emulator at AWS_ENDPOINT_URL");
        // That stack set its own new key as the buckets' default encryption: give the shared stack's back,
        // or the objects later tests put would be encrypted with a key no role of the shared stack may use.
        String key = SharedStack.get().resources().get("OnboardingKey").orElseThrow().attributes().get("Arn");
        for (String bucket : List.of("QrCodeBucket", "IntakeBucket")) {
            String name = SharedStack.get().resources().get(bucket).orElseThrow().ref();
            SharedStack.s3().putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("aws:kms").kmsMasterKeyID(key)).bucketKeyEnabled(true))));
        }
    }

    @Test
    void startApiServesTheRoutesOnTheGivenPortsUntilCtrlCThenStopsEverything() throws Exception {
        int apiPort = FreePorts.pick();
        int lambdaPort = FreePorts.pick();
        Process process = start(Map.of(), "start-api", "--api-port", Integer.toString(apiPort),
                "--lambda-port", Integer.toString(lambdaPort));
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            StringBuilder printed = new StringBuilder();
            Poll.until("start-api to print its URLs", Duration.ofSeconds(60), () -> {
                String line = lines.poll();
                if (line != null) {
                    printed.append(line).append('\n');
                }
                return line != null && line.startsWith("Press Ctrl-C") ? Optional.of(true) : Optional.empty();
            });
            assertTrue(printed.toString().contains("Local API:             http://127.0.0.1:" + apiPort), printed.toString());
            assertTrue(printed.toString().contains("Local Lambda endpoint: http://127.0.0.1:" + lambdaPort), printed.toString());

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/onboardings/onb-nobody")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertEquals("OnboardingNotFound", Json.MAPPER.readTree(unknown.body()).path("code").asText());
            HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/onboardings"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userName\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, invalid.statusCode());

            List<ProcessHandle> started = process.descendants().toList();
            assertTrue(started.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("launch_moto.py")),
                    "moto_server runs under the command");
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Ctrl-C stops the command");
            for (ProcessHandle child : started) {
                Poll.until("process " + child.pid() + " to stop", Duration.ofSeconds(10),
                        () -> child.isAlive() ? Optional.empty() : Optional.of(true));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static Run main(String path, String... args) throws IOException, InterruptedException {
        return run(path == null ? Map.of() : Map.of("PATH", path), args);
    }

    private static Process start(Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath, "com.iamonboarding.local.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = start(environment, args);
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/local " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
