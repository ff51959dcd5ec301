package com.iamonboarding.batch;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.ApiHandler;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusTable;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * POST /batches {"s3Uri": "s3://<intake bucket>/batches/<file>", "onInvalidRows": "REJECT" | "SKIP"}:
 * starts the batch state machine on a file already in the intake bucket (dropping a file there
 * starts one by itself; this route starts one explicitly, or again). 202 with the batch id and where
 * to poll, which answers at once: the batch is recorded RUNNING before its execution starts. The
 * batch id is {@code bat-} and the execution's name; with an Idempotency-Key header the
 * name is derived from the key, so a retried POST answers the batch it started instead of a second one
 * (409 IdempotencyConflict when the key's batch was for another file or mode). The file itself is
 * read and judged by the batch's first step, not here.
 */
public class StartBatchHandler extends ApiHandler {

    public static final String BATCH_STATE_MACHINE_ARN = "BATCH_STATE_MACHINE_ARN";
    private static final Set<String> FIELDS = Set.of("s3Uri", "onInvalidRows");
    private static final Pattern S3_URI = Pattern.compile("^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(batches/[^\\u0000-\\u001F\\u007F]{1,900})$");

    private final SfnClient sfn;
    private final BatchTable batches;
    private final String stateMachineArn;
    private final String intakeBucket;

    public StartBatchHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartBatchHandler(FunctionEnvironment env) {
        this(AwsClients.stepFunctions(env), new BatchTable(AwsClients.dynamoDb(env), env.require(StatusTable.ENVIRONMENT_VARIABLE),
                Clock.systemUTC()), env.require(BATCH_STATE_MACHINE_ARN), env.require(PlanBatchHandler.INTAKE_BUCKET));
    }

    public StartBatchHandler(SfnClient sfn, BatchTable batches, String stateMachineArn, String intakeBucket) {
        super(Log.forFunction("StartBatch"));
        this.sfn = sfn;
        this.batches = batches;
        this.stateMachineArn = stateMachineArn;
        this.intakeBucket = intakeBucket;
    }

    @Override
    protected APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        JsonNode body = ApiRequests.jsonBody(event).orElse(null);
        if (body == null || !body.isObject()) {
            return ApiResponses.error(400, "InvalidJson", "the request body must be one JSON object");
        }
        Optional<String> key = ApiRequests.header(event, OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(name, "additionalProperties", "is not a field of a batch request (s3Uri, onInvalidRows)"));
            }
        }
        JsonNode uri = body.get("s3Uri");
        Matcher match = uri != null && uri.isTextual() ? S3_URI.matcher(uri.asText()) : null;
        if (uri == null) {
            violations.add(new Violation("s3Uri", "required", "is required: s3://" + intakeBucket + "/batches/<file>"));
        } else if (match == null || !match.matches()) {
            violations.add(new Violation("s3Uri", "pattern", "must be s3://" + intakeBucket + "/batches/<file>.csv or .jsonl"));
        } else if (!match.group(1).equals(intakeBucket)) {
            violations.add(new Violation("s3Uri", "intakeBucket", "must name this stack's intake bucket, " + intakeBucket));
        }
        JsonNode onInvalidRows = body.get("onInvalidRows");
        if (onInvalidRows != null && !(onInvalidRows.isTextual() && Set.of("REJECT", "SKIP").contains(onInvalidRows.asText()))) {
            violations.add(new Violation("onInvalidRows", "enum", "must be REJECT (the default: run nothing when a row is invalid) or SKIP"));
        }
        if (key.isPresent() && !OnboardingIds.isValidIdempotencyKey(key.get())) {
            violations.add(new Violation(OnboardingIds.IDEMPOTENCY_KEY_HEADER, "pattern", "the header must be 1-64 characters of A-Z a-z 0-9 _ -"));
        }
        if (!violations.isEmpty()) {
            log.info(null, "batch request rejected", "violations", violations.stream().map(v -> v.field() + ":" + v.rule()).toList());
            return ApiResponses.validationFailed("batch", violations);
        }
        String name = key.map(StartBatchHandler::nameFromKey).orElseGet(() -> UUID.randomUUID().toString().replace("-", ""));
        String batchId = BatchTable.ID_PREFIX + name;
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("bucket", match.group(1));
        input.put("key", match.group(2));
        input.put("onInvalidRows", onInvalidRows == null ? "REJECT" : onInvalidRows.asText());
        String executionArn = stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
        String file = uri.asText();
        String mode = String.valueOf(input.get("onInvalidRows"));
        Optional<BatchRecord> existing;
        try {
            existing = batches.accepted(batchId, file, mode);
        } catch (SdkException e) {
            log.warn(null, "batch record not written", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("PutItem", e);
        }
        if (existing.isPresent() && !(existing.get().file().equals(file) && existing.get().onInvalidRows().equals(mode))) {
            // As POST /onboardings: a key names one request; the batch it started is not this one.
            log.warn(null, "batch id already used by a different request", "batchId", batchId);
            return ApiResponses.idempotencyConflict("batch", batchId);
        }
        try {
            executionArn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(Json.write(input))).executionArn();
        } catch (ExecutionAlreadyExistsException replay) {
            log.info(null, "batch already started for this Idempotency-Key", "batchId", batchId);
        } catch (SdkException e) {
            log.warn(null, "StartExecution failed", "errorType", e.getClass().getSimpleName());
            notStarted(batchId, file, mode);
            return ApiResponses.serviceError("StartExecution", e);
        }
        log.info(null, "batch accepted", "batchId", batchId, "file", uri.asText());
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("batchId", batchId);
        accepted.put("status", existing.map(BatchRecord::status).orElse(BatchRecord.RUNNING));
        accepted.put("statusUrl", "/batches/" + batchId);
        accepted.put("executionArn", executionArn);
        return ApiResponses.json(202, accepted, Map.of("Location", "/batches/" + batchId));
    }

    /** The batch's record must not say RUNNING for an execution that never started; best effort. */
    private void notStarted(String batchId, String file, String onInvalidRows) {
        try {
            batches.failed(batchId, file, onInvalidRows, BatchTable.NOT_STARTED, "the batch could not be started; send the request again");
        } catch (SdkException e) {
            log.warn(null, "batch record not updated", "errorType", e.getClass().getSimpleName());
        }
    }

    /** 32 hex characters of the key's SHA-256: the same key names the same execution. */
    static String nameFromKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("batch\n" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
