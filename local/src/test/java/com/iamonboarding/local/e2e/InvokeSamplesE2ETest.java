package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.InvokeCommand;
import com.iamonboarding.local.cli.PlayTheHire;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.stack.Mailbox;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.SharedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * {@code invoke} on every sample in events/ (named after its function's logical id), in the order
 * the workflow runs the functions, so that each step's sample finds what the previous one made, then
 * the API's samples (POSTs before GETs), then the offboarding steps'. Each sample's output is checked
 * against what its input asks for: the workflow samples onboard jane.doe step by step, Compensate
 * rolls her back, POST /onboardings onboards her again (the test waits for that execution), and the
 * offboarding samples take her apart. Every value checked comes from the sample or the local stack's
 * parameters, never from the code under test.
 */
class InvokeSamplesE2ETest {

    private static final Pattern FUNCTION_ARN_SUBSTITUTION = Pattern.compile("^\\$\\{(\\w+)Arn}$");
    private static final String ACCOUNT = "123456789012";
    /** The mailbox's mark before the sample being checked ran: its invitation is the one after it. */
    private static int mailBeforeTheSample;

    @Test
    void everySampleEventGivesTheOutputItsInputAsksFor() throws IOException {
        LocalStack stack = SharedStack.get();
        List<Path> samples = samplesInWorkflowOrder(stack);
        assertTrue(samples.size() >= stack.template().functions().size(), "one sample per function at least: " + samples);
        Map<String, BiConsumer<JsonNode, JsonNode>> expected = expectations(stack);
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(samples.stream().map(InvokeSamplesE2ETest::nameOf).toList()),
                "every sample has its expectation");

        // The batch samples name the sample cohort in the intake bucket: put it there, as an HR system would.
        String intake = stack.resources().get("IntakeBucket").orElseThrow().ref();
        SharedStack.s3().putObject(b -> b.bucket(intake).key("batches/cohort-2027-01.csv"),
                stack.repoRoot().resolve("events/batches/cohort-2027-01.csv"));

        List<String> unexpected = new ArrayList<>();
        for (Path sample : samples) {
            String name = nameOf(sample);
            String function = name.split("-")[0];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            byte[] event = Files.readAllBytes(sample);
            mailBeforeTheSample = stack.mailbox().mark();
            int exit = new InvokeCommand(stack, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(function, event);
            String response = out.toString(StandardCharsets.UTF_8);
            try {
                assertEquals(InvokeCommand.SUCCEEDED, exit, "exit code");
                expected.get(name).accept(Json.MAPPER.readTree(event), Json.MAPPER.readTree(response));
            } catch (AssertionError | IOException e) {
                unexpected.add(sample.getFileName() + ": " + e.getMessage() + " -> " + response + err.toString(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(), unexpected);
    }

    /** What each sample's function answers, from the sample's own input. */
    private static Map<String, BiConsumer<JsonNode, JsonNode>> expectations(LocalStack stack) {
        String alias = stack.intrinsics().parameterValues().get("AccountAlias");
        String guardrail = "arn:aws:iam::" + ACCOUNT + ":policy/iam-onboarding/" + stack.intrinsics().resolveString(Map.of("Ref", "AWS::StackName"))
                + "-hire-guardrail";
        String secrets = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:iam-onboarding/";
        Map<String, BiConsumer<JsonNode, JsonNode>> expected = new LinkedHashMap<>();
        expected.put("EnsureAccountAliasFunction", (in, out) -> {
            assertEquals(alias, out.path("accountAlias").asText());
            assertEquals("https://" + alias + ".signin.aws.amazon.com/console", out.path("signInUrl").asText());
        });
        expected.put("CreateUserFunction", (in, out) -> {
            String user = in.at("/request/userName").asText();
            assertEquals(user, out.path("userName").asText());
            assertEquals("arn:aws:iam::" + ACCOUNT + ":user/onboarded/" + user, out.path("userArn").asText());
            assertEquals(guardrail, out.path("permissionsBoundaryArn").asText());
        });
        expected.put("CreateLoginProfileFunction", (in, out) -> assertTrue(out.path("secretArn").asText()
                .startsWith(secrets + in.at("/request/userName").asText() + "/console-password-"), "the password secret's ARN"));
        expected.put("AssignAccessFunction", (in, out) -> {
            assertEquals(in.at("/request/accessProfile").asText(), out.path("accessProfile").asText());
            assertEquals("developer", in.at("/request/accessProfile").asText(), "the sample's profile");
            assertEquals(List.of("iam-onboarding-developers"), texts(out.path("groups")));
            assertEquals(List.of(), texts(out.path("policyArns")));
        });
        expected.put("EnrollMfaFunction", (in, out) -> {
            String user = in.at("/request/userName").asText();
            assertEquals("arn:aws:iam::" + ACCOUNT + ":mfa/" + user, out.path("serialNumber").asText());
            assertEquals("mfa/" + user + "/" + in.path("onboardingId").asText() + ".png", out.path("qrCodeS3Key").asText());
            assertEquals(Leftovers.qrBucket(), out.path("qrCodeBucket").asText());
        });
        expected.put("CreateAccessKeyFunction", (in, out) -> {
            assertTrue(out.path("accessKeyId").asText().matches("AKIA[A-Z0-9]{16}"), "an access key id");
            assertTrue(out.path("secretArn").asText().startsWith(secrets + in.at("/request/userName").asText() + "/access-key-"));
            assertTrue(out.path("secretAccessKey").isMissingNode(), "no secret in the output");
        });
        expected.put("NotifyFunction", (in, out) -> {
            assertEquals("PUBLISHED", out.path("status").asText());
            assertFalse(out.path("eventId").asText().isBlank());
        });
        expected.put("CompensateFunction", (in, out) -> {
            assertEquals(in.path("failedStep").asText(), out.path("failedStep").asText());
            assertEquals(in.path("failedStep").asText() + "Failed", out.path("error").asText());
            assertTrue(texts(out.path("removed")).contains("IAM user " + in.at("/request/userName").asText()), "the user was rolled back");
            assertEquals(List.of(), texts(out.path("remaining")));
        });
        // POST /offboardings for a user the rollback just removed: 404, for both routes.
        expected.put("StartForcedOffboardingFunction", (in, out) -> assertApi(out, 404, "UserNotFound"));
        expected.put("StartOffboardingFunction", (in, out) -> assertApi(out, 404, "UserNotFound"));
        expected.put("StartOnboardingFunction", (in, out) -> {
            JsonNode body = assertApi(out, 202, null);
            assertTrue(body.path("onboardingId").asText().startsWith("onb-"));
            // The sample names no handover: SELF_SERVICE, so the hire enrols, played as bin/local onboard plays them.
            assertFalse(in.path("body").asText().contains("handover"), "the sample takes the stack's default handover");
            String email = readTree(in.path("body").asText()).path("email").asText();
            PlayTheHire.Enrolled enrolled = new PlayTheHire(stack, Clock.systemUTC()).enrolWhenInvited(email, mailBeforeTheSample,
                    Onboardings.TIMEOUT);
            assertEquals("ENROLLED", enrolled.answer().path("status").asText(), enrolled.answer().toString());
            // The offboarding samples that follow take apart what this onboarding makes.
            DescribeExecutionResponse finished = new ExecutionProgress(SharedStack.sfn())
                    .follow(body.path("executionArn").asText(), Onboardings.TIMEOUT, e -> { });
            assertEquals("SUCCEEDED", finished.statusAsString(), finished.cause());
        });
        expected.put("DeleteIdentityFunction", (in, out) -> {
            List<String> performed = new ArrayList<>();
            out.path("performed").forEach(a -> performed.add(a.path("action").asText()));
            assertEquals("iam:DeleteUser", performed.get(performed.size() - 1), "the user goes last");
            assertThrows(NoSuchEntityException.class, () -> SharedStack.iam().getUser(b -> b.userName(in.at("/request/userName").asText())));
        });
        expected.put("DisableAccessFunction", (in, out) -> assertEquals(0, out.path("performedCount").asInt(), "the user is gone"));
        expected.put("GetOffboardingFunction", (in, out) -> assertApi(out, 404, "OffboardingNotFound"));
        // The POST sample's Idempotency-Key names the onboarding the GET sample asks for.
        expected.put("GetOnboardingFunction", (in, out) -> {
            JsonNode body = assertApi(out, 200, null);
            assertEquals(in.at("/pathParameters/id").asText(), body.path("onboardingId").asText());
            assertEquals("SUCCEEDED", body.path("status").asText());
            assertEquals("jane.doe", body.at("/result/userName").asText());
        });
        expected.put("InviteHireFunction", (in, out) -> {
            assertFalse(out.path("invitationId").asText().isBlank());
            Duration validity = Duration.ofSeconds(in.at("/request/invitationValiditySeconds").asLong());
            Duration left = Duration.between(Instant.now(), Instant.parse(out.path("expiresAt").asText()));
            assertTrue(left.compareTo(validity) <= 0 && left.compareTo(validity.minusMinutes(5)) > 0, "valid for the request's period: " + left);
            assertFalse(out.toString().contains(in.path("taskToken").asText()), "the task token stays in the invitation record");
            Mailbox.Message mail = stack.mailbox().lastTo(in.at("/request/email").asText(), mailBeforeTheSample).orElseThrow();
            assertEquals(stack.intrinsics().parameterValues().get("EnrolmentSenderAddress"), mail.from());
            String link = mail.invitationLink().orElseThrow(() -> new AssertionError("no link in " + mail.text()));
            assertTrue(link.startsWith(in.at("/request/enrolmentUrl").asText() + "#"), "the link opens the request's page: " + mail.text());
            assertFalse(out.toString().contains(link.substring(link.indexOf('#') + 1)), "the token only in the e-mail");
        });
        // The public enrolment routes with a well-formed token no invitation has.
        expected.put("EnrolmentStartFunction", (in, out) -> assertApi(out, 404, "InvitationNotFound"));
        expected.put("EnrolmentCompleteFunction", (in, out) -> assertApi(out, 404, "InvitationNotFound"));
        expected.put("ResendInvitationFunction", (in, out) -> assertApi(out, 404, "OnboardingNotFound"));
        expected.put("EnrolmentPageFunction", (in, out) -> {
            assertEquals(200, out.path("statusCode").asInt());
            assertTrue(out.path("headers").path("Content-Type").asText().startsWith("text/html"));
            assertTrue(out.path("headers").path("Content-Security-Policy").asText().contains("default-src 'none'"),
                    out.path("headers").toString());
            assertTrue(out.path("body").asText().contains("<form"), "the page itself");
        });
        expected.put("NotifyOffboardedFunction", (in, out) -> assertEquals("PUBLISHED", out.path("status").asText()));
        // The sample cohort has 3 invalid rows among 8 (events/batches/cohort-2027-01.csv): REJECT runs none of it.
        expected.put("PlanBatchFunction", (in, out) -> {
            assertEquals(in.path("batchId").asText(), out.path("batchId").asText());
            assertEquals(0, out.path("runs").asInt(-1), "a rejected batch runs no row");
        });
        expected.put("WriteBatchReportFunction", (in, out) -> {
            assertEquals(Map.of("INVALID", 3, "NOT_RUN", 5), Batches.nonZero(out.path("counts")));
            assertTrue(out.at("/report/csv").asText().endsWith("/reports/" + in.path("batchId").asText() + "/report.csv"), out.toString());
        });
        expected.put("FollowBatchRowFunction", (in, out) -> {
            assertEquals("RUNNING", out.path("phase").asText(), "no status record yet: still starting");
            assertEquals(in.at("/followed/polls").asInt() + 1, out.path("polls").asInt());
        });
        // GET runs before the sample batch is planned: there is none yet.
        expected.put("GetBatchFunction", (in, out) -> assertApi(out, 404, "BatchNotFound"));
        expected.put("StartBatchFunction", (in, out) -> assertTrue(assertApi(out, 202, null).path("batchId").asText().startsWith("bat-")));
        expected.put("PlanOffboardingFunction", (in, out) -> {
            assertEquals(in.at("/request/userName").asText(), out.path("userName").asText());
            assertFalse(out.path("userExists").asBoolean(true), "the user is gone");
            assertEquals(0, out.path("actionCount").asInt(-1));
        });
        return expected;
    }

    /** The proxy response's status, its body's code if given; the body. */
    private static JsonNode assertApi(JsonNode response, int status, String code) {
        assertEquals(status, response.path("statusCode").asInt(), "HTTP status");
        try {
            JsonNode body = Json.MAPPER.readTree(response.path("body").asText());
            if (code != null) {
                assertEquals(code, body.path("code").asText());
            }
            return body;
        } catch (IOException e) {
            throw new AssertionError("the body is not JSON", e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String nameOf(Path sample) {
        return sample.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The functions the ASL's Task states call, in the order they appear; the others (the API's) after, by name. */
    private static List<Path> samplesInWorkflowOrder(LocalStack stack) throws IOException {
        List<String> order = new ArrayList<>();
        JsonNode asl = Json.MAPPER.readTree(stack.template().stateMachines().get(0).definitionFile().toFile());
        addInOrder(asl.path("States"), order);
        try (Stream<Path> files = Files.list(stack.repoRoot().resolve("events"))) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.comparingInt((Path p) -> rank(order, p)).thenComparing(Path::toString))
                    .toList();
        }
    }

    /** The functions the states invoke, in definition order; a Parallel state's branches in place, one after another. */
    private static void addInOrder(JsonNode states, List<String> order) {
        states.forEach(state -> {
            Matcher matcher = FUNCTION_ARN_SUBSTITUTION.matcher(state.path("Parameters").path("FunctionName").asText());
            if (matcher.matches() && !order.contains(matcher.group(1))) {
                order.add(matcher.group(1));
            }
            state.path("Branches").forEach(branch -> addInOrder(branch.path("States"), order));
        });
    }

    private static int rank(List<String> order, Path sample) {
        String function = sample.getFileName().toString().replaceFirst("\\.json$", "").split("-")[0];
        int index = order.indexOf(function);
        if (index >= 0) {
            return index;
        }
        boolean startsSomething = SharedStack.get().template().apiRoutes().stream()
                .anyMatch(r -> r.functionLogicalId().equals(function) && r.method().equals("POST"));
        return startsSomething ? 1000 : 2000;
    }
}
