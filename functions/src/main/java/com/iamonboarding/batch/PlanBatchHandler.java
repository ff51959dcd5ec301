package com.iamonboarding.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.api.StartOnboardingHandler;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import com.iamonboarding.offboarding.api.StartOffboardingHandler;
import com.iamonboarding.offboarding.api.UserLookup;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.CreateUserHandler;
import java.time.Clock;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Batch step 1: reads and validates the whole file, then records the plan and prepares the rows to
 * run ({@link BatchPlanner}). A file refused as a whole fails the batch with {@link BatchFileRefused}
 * and its code; invalid rows never fail it (the report lists them).
 */
public class PlanBatchHandler extends JsonHandler<PlanBatchHandler.Input, BatchPlanner.Planned> {

    public static final String INTAKE_BUCKET = "INTAKE_BUCKET";
    public static final String MAX_CONCURRENCY = "BATCH_MAX_CONCURRENCY";
    public static final String FOLLOW_SECONDS = "BATCH_FOLLOW_SECONDS";
    /** The API's base URL: a row's invitation links to its enrolment page unless ENROLMENT_PAGE_URL names another. */
    public static final String API_URL = "API_URL";

    /** The state machine's input to this step. */
    public static class Input {
        public String batchId;
        public String bucket;
        public String key;
        public String onInvalidRows;
    }

    private final BatchPlanner planner;
    private final Log log = Log.forFunction("PlanBatch");

    public PlanBatchHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public PlanBatchHandler(FunctionEnvironment env) {
        this(planner(env));
    }

    public PlanBatchHandler(BatchPlanner planner) {
        super(Input.class);
        this.planner = planner;
    }

    /** One client per service, built once per execution environment. */
    private static BatchPlanner planner(FunctionEnvironment env) {
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(env);
        boolean canInvite = env.optional(StartOnboardingHandler.ENROLMENT_SENDER).filter(s -> !s.isBlank()).isPresent();
        BatchValidator validator = new BatchValidator(new RequestValidator(AccessProfiles.load(env),
                env.get(StartOnboardingHandler.DEFAULT_HANDOVER, OnboardingRequest.SELF_SERVICE)), new OffboardingRequestValidator(), canInvite);
        BatchPlanner.Settings settings = new BatchPlanner.Settings(env.require(INTAKE_BUCKET),
                env.require(StartOnboardingHandler.STATE_MACHINE_ARN),
                env.require(StartOffboardingHandler.STATE_MACHINE_ARN),
                env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH),
                env.optional(StartOnboardingHandler.ENROLMENT_PAGE_URL).filter(url -> !url.isBlank())
                        .or(() -> env.optional(API_URL).filter(url -> !url.isBlank()).map(url -> url + "/enrol")),
                Integer.parseInt(env.get(StartOnboardingHandler.INVITATION_VALIDITY_HOURS, "72")) * 3600,
                Integer.parseInt(env.get(MAX_CONCURRENCY, "5")),
                Integer.parseInt(env.get(FOLLOW_SECONDS, "10")));
        return new BatchPlanner(AwsClients.s3(env), validator, new UserLookup(AwsClients.iam(env)),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                new StatusTable(dynamoDb, env.require(StatusTable.ENVIRONMENT_VARIABLE), Clock.systemUTC(), Log.forFunction("PlanBatch")),
                new BatchTable(dynamoDb, env.require(StatusTable.ENVIRONMENT_VARIABLE), Clock.systemUTC()), settings);
    }

    @Override
    public BatchPlanner.Planned handle(Input input, Context context) {
        BatchPlan.OnInvalidRows onInvalidRows = onInvalidRows(input.onInvalidRows);
        try {
            BatchPlanner.Planned planned = planner.plan(input.batchId, input.bucket, input.key, onInvalidRows);
            log.info(null, "batch planned", "batchId", input.batchId, "runs", planned.runs(), "onInvalidRows", onInvalidRows);
            return planned;
        } catch (BatchFileRefused refused) {
            log.info(null, "batch file refused", "batchId", input.batchId, "code", refused.code());
            throw refused;
        }
    }

    private static BatchPlan.OnInvalidRows onInvalidRows(String value) {
        if (value == null || value.isBlank()) {
            return BatchPlan.OnInvalidRows.REJECT;
        }
        try {
            return BatchPlan.OnInvalidRows.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BatchFileRefused("InvalidOnInvalidRows", "onInvalidRows must be REJECT or SKIP");
        }
    }

}
