package com.iamonboarding.seal;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;

/**
 * Seals the input of an execution the API starts, and lets every step check it: the workflow runs
 * only what came through the API.
 *
 * <p>Why: a step function or the state machine can be invoked by anyone with
 * {@code lambda:InvokeFunction} or {@code states:StartExecution} on it, and the steps' roles may
 * create users, add them to any profile group and write their secrets. IAM cannot tell who wrote a
 * state. An HMAC with a KMS key whose key policy grants {@code kms:GenerateMac} to the API
 * functions' roles only (the steps get {@code kms:VerifyMac}) can: a hand-written state has no valid
 * MAC, and changing the request of a sealed one breaks it.
 *
 * <p>What is sealed: the workflow name, the id, the time of sealing and the SHA-256 of the request's
 * canonical JSON ({@link Json#canonical}), one per line. KMS MACs at most 4 KB of message, so the
 * request (up to 16 KB) is hashed first. What the steps add to the state later is not sealed: every
 * step checks in IAM that the user it acts on belongs to this onboarding before it writes.
 *
 * <p>A seal expires after {@link #MAX_AGE}, longer than any execution may legitimately run, so a
 * sealed input copied from an old execution's history cannot be started again later.
 */
public class InputSeal {

    public static final String ENVIRONMENT_VARIABLE = "SEAL_KEY_ID";
    /** Longer than the longest execution (a self-service enrolment may wait for its hire for weeks). */
    public static final Duration MAX_AGE = Duration.ofDays(30);
    /** A seal from a clock this far ahead is still accepted. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final String VERSION = "iam-onboarding-seal-v1";

    private final KmsClient kms;
    private final String keyId;
    private final Clock clock;

    public InputSeal(KmsClient kms, String keyId, Clock clock) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalStateException("environment variable " + ENVIRONMENT_VARIABLE + " is not set");
        }
        this.kms = kms;
        this.keyId = keyId;
        this.clock = clock;
    }

    /** The seal of the function's environment: the key in {@value #ENVIRONMENT_VARIABLE}, the system clock. */
    public static InputSeal fromEnvironment(FunctionEnvironment env, KmsClient kms) {
        return new InputSeal(kms, env.optional(ENVIRONMENT_VARIABLE).orElse(null), Clock.systemUTC());
    }

    /** The seal of the execution input {@code {"<workflow>Id": id, "request": request}}. KMS errors propagate. */
    public Seal seal(String workflow, String id, Object request) {
        String issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] mac = kms.generateMac(GenerateMacRequest.builder()
                .keyId(keyId)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(SdkBytes.fromByteArray(message(workflow, id, issuedAt, request)))
                .build()).mac().asByteArray();
        return new Seal(issuedAt, Base64.getEncoder().encodeToString(mac));
    }

    /**
     * The execution input {@code {"<workflow>Id": id, "request": request, "seal": ...}}: what the API
     * starts an execution with, and what a batch starts each of its rows' child executions with.
     */
    public Map<String, Object> sealedInput(String workflow, String id, Object request) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(workflow + "Id", id);
        input.put("request", request);
        input.put("seal", seal(workflow, id, request));
        return input;
    }

    /**
     * Returns normally only when {@code input} carries a seal this key made for this workflow, id and
     * request, and the seal has not expired; throws {@link SealRejectedException} otherwise. KMS
     * errors other than an invalid MAC are classified like every other AWS error (throttling is
     * retried).
     */
    public void verify(String workflow, SealedInput input) {
        if (input == null || input.sealedId() == null || input.sealedRequest() == null) {
            throw rejected(workflow, "it has no id or no request");
        }
        Seal seal = input.seal();
        if (seal == null || seal.mac() == null || seal.issuedAt() == null) {
            throw rejected(workflow, "it carries no seal");
        }
        Instant issuedAt;
        byte[] mac;
        try {
            issuedAt = Instant.parse(seal.issuedAt());
            mac = Base64.getDecoder().decode(seal.mac());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw rejected(workflow, "its seal is malformed");
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW)) || issuedAt.plus(MAX_AGE).isBefore(now)) {
            throw rejected(workflow, "its seal from " + seal.issuedAt() + " has expired or is not yet valid");
        }
        boolean valid;
        try {
            valid = Boolean.TRUE.equals(kms.verifyMac(VerifyMacRequest.builder()
                    .keyId(keyId)
                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message(workflow, input.sealedId(), seal.issuedAt(), input.sealedRequest())))
                    .mac(SdkBytes.fromByteArray(mac))
                    .build()).macValid());
        } catch (KmsInvalidMacException e) {
            valid = false;
        } catch (SdkException e) {
            throw AwsErrors.classify("kms:VerifyMac", e);
        }
        if (!valid) {
            throw rejected(workflow, "its seal does not match its id and request");
        }
    }

    static byte[] message(String workflow, String id, String issuedAt, Object request) {
        String text = VERSION + "\n" + workflow + "\n" + id + "\n" + issuedAt + "\n" + sha256Hex(Json.canonical(request));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static SealRejectedException rejected(String workflow, String why) {
        return new SealRejectedException("the " + workflow + " state was not sealed by the API (" + why
                + "); only executions started through the API run, and this step changed nothing");
    }
}
