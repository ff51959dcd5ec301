package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.accesskey.CreateAccessKeyHandler;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.FaultRule;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.loginprofile.CreateLoginProfileHandler;
import com.iamonboarding.mfa.EnrollMfaHandler;
import com.iamonboarding.mfa.MfaEnrollmentService;
import com.iamonboarding.mfa.OtpAuthUri;
import com.iamonboarding.mfa.Totp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * Two deliveries of the same step for the same onboarding, started together (Lambda and Step
 * Functions deliver at least once, sometimes concurrently), each on its own handler instance as two
 * Lambda containers would run them, against the emulator. Every request of the round's user meets a
 * random delay, so the two interleave differently each round. A delivery that meets a retryable error
 * is delivered again, as the state machine's Retry would. After both finished, the invariants the
 * hire depends on must hold, every round:
 * <ul>
 *   <li>CreateLoginProfile: the password IAM last accepted is the one in the secret;</li>
 *   <li>EnrollMfa: the QR code's seed is the seed of the one device enabled for the user;</li>
 *   <li>CreateAccessKey: the key in the secret is the user's one live key.</li>
 * </ul>
 */
class OverlappingDeliveriesE2ETest {

    private static final int ROUNDS = 20;
    /** Up to this much random delay on every request of the round's user. */
    private static final int JITTER_MILLIS = 20;
    /**
     * The password's race needs wider windows where IAM is told the password: each delivery writes the
     * secret's value, then IAM's password, so the two end up apart only if the deliveries' IAM calls
     * land in the other order than their secret writes.
     */
    private static final Map<String, Integer> PASSWORD_JITTER = Map.of("CreateLoginProfile", 300, "UpdateLoginProfile", 300);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    /** Rounds run side by side (each has its own user); the two deliveries of a round start together. */
    private static final int ROUNDS_AT_ONCE = 4;

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final ExecutorService ROUND_RUNNERS = Executors.newFixedThreadPool(ROUNDS_AT_ONCE);
    private static final ExecutorService DELIVERIES = Executors.newFixedThreadPool(2 * ROUNDS_AT_ONCE);

    @AfterAll
    static void stop() {
        ROUND_RUNNERS.shutdownNow();
        DELIVERIES.shutdownNow();
    }

    /** Runs {@code round} for 1..{@link #ROUNDS}, a few at a time; the first failure fails the test. */
    private static void rounds(IntConsumer round) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 1; i <= ROUNDS; i++) {
            int n = i;
            running.add(ROUND_RUNNERS.submit(() -> round.accept(n)));
        }
        for (Future<?> each : running) {
            try {
                each.get(5, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError failed) {
                    throw failed;
                }
                throw new AssertionError("a round failed", e.getCause());
            } catch (Exception e) {
                throw new AssertionError("a round did not finish", e);
            }
        }
    }

    @Test
    void createLoginProfileLeavesIamAndTheSecretWithTheSamePassword() {
        List<RequestStreamHandler> containers = containers("CreateLoginProfileFunction", CreateLoginProfileHandler::new);
        rounds(round -> {
            String user = Requests.userName("overlap-password");
            ObjectNode state = userCreated(user, true, false);

            deliverTwiceAtOnce(containers, state, user, PASSWORD_JITTER);

            String stored = secret(user, "console-password").path("password").asText();
            RecordedRequest lastAccepted = SharedStack.get().lambdaEndpoint().recorder().matching(r -> "iam".equals(r.service())
                            && List.of("CreateLoginProfile", "UpdateLoginProfile").contains(r.action())
                            && user.equals(r.parameter("UserName")) && r.answer().succeeded())
                    .stream().max(Comparator.comparing(r -> r.answer().at())).orElseThrow();
            // Compared, never printed: the passwords are the emulator's, but they are passwords.
            assertTrue(stored.equals(lastAccepted.parameter("Password")), "round " + round + ": IAM holds a password the secret does not");
        });
    }

    @Test
    void enrollMfaLeavesAQrCodeWhoseSeedIsTheEnabledDevicesSeed() {
        List<RequestStreamHandler> containers = containers("EnrollMfaFunction", EnrollMfaHandler::new);
        rounds(round -> {
            String user = Requests.userName("overlap-mfa");
            ObjectNode state = userCreated(user, false, false);

            deliverTwiceAtOnce(containers, state, user, Map.of());

            String key = MfaEnrollmentService.qrCodeKey(user, state.path("onboardingId").asText());
            byte[] png = SharedStack.s3().getObjectAsBytes(b -> b.bucket(Leftovers.qrBucket()).key(key)).asByteArray();
            String qrSeed = OtpAuthUri.parse(QrCodes.decode(png, key)).secret();
            List<VirtualMFADevice> enabled = SharedStack.iam().listVirtualMFADevicesPaginator(b -> b.assignmentStatus(AssignmentStatusType.ASSIGNED))
                    .virtualMFADevices().stream().filter(d -> d.user() != null && user.equals(d.user().userName())).toList();
            assertEquals(1, enabled.size(), "round " + round + ": one device is enabled for the user");
            // moto hands back the seed it keeps; AWS never would.
            assertEquals(qrSeed, Totp.normaliseBase32(enabled.get(0).base32StringSeed().asUtf8String()),
                    "round " + round + ": the QR code holds the seed of another device than the enabled one");
        });
    }

    @Test
    void createAccessKeyStoresTheUsersOneLiveKey() {
        List<RequestStreamHandler> containers = containers("CreateAccessKeyFunction", CreateAccessKeyHandler::new);
        rounds(round -> {
            String user = Requests.userName("overlap-key");
            ObjectNode state = userCreated(user, false, true);

            deliverTwiceAtOnce(containers, state, user, Map.of());

            String stored = secret(user, "access-key").path("AccessKeyId").asText();
            List<String> live = SharedStack.iam().listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
                    .map(AccessKeyMetadata::accessKeyId).toList();
            assertEquals(List.of(stored), live, "round " + round + ": the stored key is not the user's one live key");
        });
    }

    /** Two instances of the function's handler with its environment: two warm containers. */
    private static List<RequestStreamHandler> containers(String function, Function<FunctionEnvironment, RequestStreamHandler> handler) {
        FunctionEnvironment env = new FunctionEnvironment(SharedStack.get().functions().registry().find(function).orElseThrow().environment());
        return List.of(handler.apply(env), handler.apply(env));
    }

    /** A sealed onboarding state whose user exists, made by the real CreateUser step. */
    private static ObjectNode userCreated(String user, boolean console, boolean programmatic) {
        ObjectNode state = StepInvoker.initialState("onb-" + UUID.randomUUID().toString().replace("-", ""),
                Requests.request(user, FaultScenario.PROFILE, console, programmatic));
        try (StepInvoker invoker = new StepInvoker()) {
            return invoker.advance("CreateUser", state, invoker.invoke("CreateUser", state));
        }
    }

    private static void deliverTwiceAtOnce(List<RequestStreamHandler> containers, ObjectNode state, String user,
                                           Map<String, Integer> wider) {
        List<FaultRule> jitter = new ArrayList<>();
        for (String action : List.of("CreateSecret", "PutResourcePolicy", "PutSecretValue", "DescribeSecret", "TagResource",
                "CreateLoginProfile", "UpdateLoginProfile", "CreateVirtualMFADevice", "ListVirtualMFADevices", "DeactivateMFADevice",
                "DeleteVirtualMFADevice", "EnableMFADevice", "PutObject", "ListObjectsV2", "GET /" + Leftovers.qrBucket(),
                "CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "GetUser")) {
            jitter.add(FAULTS.inject(action, user, FaultRule.ALWAYS, Fault.jitter(wider.getOrDefault(action, JITTER_MILLIS))));
        }
        byte[] event = Json.write(state).getBytes(StandardCharsets.UTF_8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<JsonNode>> results = containers.stream().map(handler -> DELIVERIES.submit(() -> {
                start.await();
                return deliver(handler, event);
            })).toList();
            start.countDown();
            for (Future<JsonNode> result : results) {
                result.get(DELIVERY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("a delivery failed", e);
        } finally {
            jitter.forEach(FAULTS::remove);
        }
    }

    /** One delivery, redelivered after a retryable error as the state machine's Retry would do it. */
    private static JsonNode deliver(RequestStreamHandler handler, byte[] event) {
        return Poll.until("a delivery that succeeds", DELIVERY_TIMEOUT, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, null);
                return Optional.of(Json.MAPPER.readTree(out.toByteArray()));
            } catch (RetryableStepException retried) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static JsonNode secret(String user, String kind) {
        try {
            return Json.MAPPER.readTree(SharedStack.secrets().getSecretValue(b -> b.secretId("iam-onboarding/" + user + "/" + kind)).secretString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
