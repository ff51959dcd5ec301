package com.iamonboarding.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.status.StatusRecord;
import com.iamonboarding.status.StatusTable;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A batch row's one look at its child: where the row's onboarding or offboarding is, from its
 * status record (one GetItem, never a Step Functions read). The Distributed Map waits and looks
 * again while the phase is RUNNING: for a self-service row until its hire is invited, for a row
 * whose child already existed until that child ends. After {@link #MAX_POLLS} looks the row is left
 * to run on without the batch ({@link #GAVE_UP}; the report shows it RUNNING).
 */
public class FollowBatchRowHandler extends JsonHandler<FollowBatchRowHandler.Input, BatchItem.Followed> {

    /** The phases are {@link BatchReport.Status} names (RUNNING, INVITED, SUCCEEDED, FAILED), or this one. */
    public static final String RUNNING = BatchReport.Status.RUNNING.name();
    public static final String GAVE_UP = "GAVE_UP";
    /** A day of looks at the default 10 s: far longer than a row takes to run or to invite its hire. */
    static final int MAX_POLLS = 8_640;

    /** The row being followed (the map's item). */
    public static class Input {
        public String id;
        public BatchItem.Followed followed;
    }

    private final StatusTable status;

    public FollowBatchRowHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public FollowBatchRowHandler(FunctionEnvironment env) {
        this(StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("FollowBatchRow")));
    }

    public FollowBatchRowHandler(StatusTable status) {
        super(Input.class);
        this.status = status;
    }

    @Override
    public BatchItem.Followed handle(Input input, Context context) {
        int polls = (input.followed == null ? 0 : input.followed.polls()) + 1;
        Optional<StatusRecord> record;
        try {
            record = status.read(input.id);
        } catch (SdkException e) {
            throw AwsErrors.classify("dynamodb:GetItem", e);
        }
        String phase = record.map(r -> BatchReport.Status.of(r).name()).orElse(RUNNING);
        if (RUNNING.equals(phase) && polls >= MAX_POLLS) {
            phase = GAVE_UP;
        }
        return new BatchItem.Followed(phase, polls);
    }
}
