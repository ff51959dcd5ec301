package com.iamonboarding.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.offboarding.OffboardingRequest;
import com.iamonboarding.offboarding.OffboardingState;
import com.iamonboarding.offboarding.api.OffboardingIds;
import com.iamonboarding.offboarding.api.UserLookup;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.ManagedUsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Plans a batch before anything is created: reads the file from the intake bucket, validates every
 * row, and either refuses the whole batch (REJECT with invalid rows: nothing runs) or prepares the
 * rows to run. For each, it does what the API does for one request: derives the id, records the
 * status, seals the input; an offboarding row's user is looked up first, and one iam-onboarding did
 * not create fails here, on its own, before anything changes. The rows to run go to
 * {@code work/<batchId>/rows.json}, which the Distributed Map reads.
 */
public class BatchPlanner {

    public static final String BATCH_PREFIX = "batches/";
    public static final String WORK_PREFIX = "work/";
    /** The step the report names for a row that failed before its child execution started. */
    static final String PLAN_STEP = "PlanBatch";

    /** Where a batch's files are and how its rows run: the stack's settings. */
    public record Settings(String intakeBucket, String onboardingStateMachineArn, String offboardingStateMachineArn,
                           String userPath, Optional<String> enrolmentPageUrl, int invitationValiditySeconds,
                           int maxConcurrency, int followSeconds) {
    }

    /** What the state machine goes on with: how many rows run and where they are. */
    public record Planned(String batchId, String bucket, String rowsKey, int runs, int maxConcurrency) {
    }

    private final S3Client s3;
    private final BatchValidator validator;
    private final UserLookup users;
    private final InputSeal seal;
    private final StatusTable status;
    private final BatchTable batches;
    private final Settings settings;

    public BatchPlanner(S3Client s3, BatchValidator validator, UserLookup users, InputSeal seal, StatusTable status,
                        BatchTable batches, Settings settings) {
        this.s3 = s3;
        this.validator = validator;
        this.users = users;
        this.seal = seal;
        this.status = status;
        this.batches = batches;
        this.settings = settings;
    }

    public Planned plan(String batchId, String bucket, String key, BatchPlan.OnInvalidRows onInvalidRows) {
        String file = "s3://" + bucket + "/" + key;
        List<BatchRow> rows;
        try {
            rows = BatchFile.read(key, read(bucket, key));
        } catch (BatchFileRefused refused) {
            try {
                batches.failed(batchId, file, onInvalidRows.name(), refused.code(), refused.getMessage());
            } catch (SdkException e) {
                throw AwsErrors.classify("dynamodb:PutItem " + batchId, e);
            }
            throw refused;
        }
        BatchPlan plan = validator.validate(rows);
        List<BatchReport.Line> lines = new ArrayList<>(BatchReport.planned(batchId, plan, onInvalidRows).lines());
        Map<Integer, Integer> lineOfRow = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            lineOfRow.put(lines.get(i).row(), i);
        }
        List<BatchItem> items = new ArrayList<>();
        for (BatchPlan.Planned row : plan.runs(onInvalidRows)) {
            int at = lineOfRow.get(row.row());
            if (BatchRow.ONBOARD.equals(row.action())) {
                items.add(onboarding(row));
            } else {
                Prepared prepared = offboarding(row);
                if (prepared.item() != null) {
                    items.add(prepared.item());
                    lines.set(at, withId(lines.get(at), prepared.item().id()));
                } else {
                    BatchReport.Line line = lines.get(at);
                    lines.set(at, new BatchReport.Line(line.row(), line.action(), line.userName(), null, BatchReport.Status.FAILED,
                            PLAN_STEP, prepared.errorCode(), null));
                }
            }
        }
        try {
            batches.planned(batchId, file, onInvalidRows.name(), lines);
        } catch (SdkException e) {
            // The batch's own record fails loudly (BatchTable), but as an error the state machine understands.
            throw AwsErrors.classify("dynamodb:PutItem " + batchId, e);
        }
        String rowsKey = WORK_PREFIX + batchId + "/rows.json";
        if (!items.isEmpty()) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(rowsKey).contentType("application/json"),
                        RequestBody.fromString(Json.write(items)));
            } catch (SdkException e) {
                throw AwsErrors.classify("s3:PutObject " + rowsKey, e);
            }
        }
        return new Planned(batchId, bucket, rowsKey, items.size(), settings.maxConcurrency());
    }

    private record Prepared(BatchItem item, String errorCode) {
    }

    private BatchItem onboarding(BatchPlan.Planned row) {
        OnboardingRequest request = convert(row, OnboardingRequest.class);
        if (request.isSelfService()) {
            // As the API does after deriving the id: where the invitation's link points, how long it is valid.
            request.enrolmentUrl = settings.enrolmentPageUrl().orElseThrow(() -> new IllegalStateException(
                    "ENROLMENT_PAGE_URL is not set: a batch cannot invite its SELF_SERVICE rows"));
            request.invitationValiditySeconds = settings.invitationValiditySeconds();
        }
        return item(row, row.id(), OnboardingState.WORKFLOW, request.isSelfService() ? BatchItem.INVITE : BatchItem.RUN,
                settings.onboardingStateMachineArn(), request);
    }

    private Prepared offboarding(BatchPlan.Planned row) {
        OffboardingRequest request = convert(row, OffboardingRequest.class);
        UserLookup.Result user;
        try {
            user = users.find(request.userName);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:GetUser", e);
        }
        if (user instanceof UserLookup.Found found) {
            if (!ManagedUsers.isManaged(found.path(), found.tags(), settings.userPath())) {
                return new Prepared(null, ManagedUsers.NOT_MANAGED);
            }
            String id = OffboardingIds.fromRequest(request, found.userId());
            return new Prepared(item(row, id, OffboardingState.WORKFLOW, BatchItem.RUN, settings.offboardingStateMachineArn(), request),
                    null);
        }
        // Missing, or outside the user path (IAM does not say which): nothing this system may offboard.
        return new Prepared(null, "UserNotFound");
    }

    private BatchItem item(BatchPlan.Planned row, String id, String workflow, String follow, String stateMachineArn, Object request) {
        status.begin(id, workflow, 1);
        Map<String, Object> input;
        try {
            input = seal.sealedInput(workflow, id, request);
        } catch (SdkException e) {
            throw AwsErrors.classify("kms:GenerateMac", e);
        }
        return new BatchItem(row.row(), row.action(), row.userName(), id, workflow, follow, stateMachineArn,
                Json.MAPPER.valueToTree(input), settings.followSeconds(), new BatchItem.Followed("STARTING", 0));
    }

    private static BatchReport.Line withId(BatchReport.Line line, String id) {
        return new BatchReport.Line(line.row(), line.action(), line.userName(), id, line.status(), line.failedStep(), line.errorCode(),
                line.violations());
    }

    private static <T> T convert(BatchPlan.Planned row, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(row.request(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("row " + row.row() + " was validated but does not read as a " + type.getSimpleName());
        }
    }

    private byte[] read(String bucket, String key) {
        if (!bucket.equals(settings.intakeBucket()) || !key.startsWith(BATCH_PREFIX)) {
            throw new BatchFileRefused("NotInIntake", "a batch file is read only from s3://" + settings.intakeBucket() + "/"
                    + BATCH_PREFIX + "...");
        }
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            if (head.contentLength() != null) {
                BatchFile.checkSize(head.contentLength());
            }
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BatchFileRefused("FileNotFound", "there is no file s3://" + bucket + "/" + key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new BatchFileRefused("FileNotFound", "there is no file s3://" + bucket + "/" + key);
            }
            if (e.statusCode() == 403) {
                // Without s3:ListBucket, S3 answers HeadObject of a missing key 403, as it does a key the role may not read.
                throw new BatchFileRefused("FileNotReadable", "there is no file s3://" + bucket + "/" + key
                        + ", or this stack may not read it (batch files are read from " + BATCH_PREFIX + " only)");
            }
            throw AwsErrors.classify("s3:GetObject " + key, e);
        } catch (SdkException e) {
            throw AwsErrors.classify("s3:GetObject " + key, e);
        }
    }
}
