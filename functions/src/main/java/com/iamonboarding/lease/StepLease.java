package com.iamonboarding.lease;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.RetryableStepException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Lets one delivery of a step work on one onboarding at a time. Lambda and Step Functions deliver at
 * least once, and two deliveries of the same step can run <em>at the same time</em>; a step whose
 * writes depend on what it read a moment before (is there a key without a secret? a device not yet
 * enabled? a password already set?) must not interleave with its twin. A lease is an item in the
 * lease table, written only if no live lease exists (a conditional PutItem): the delivery that holds
 * it runs; the other fails with a {@link RetryableStepException}, and the state machine's retry, by
 * then, finds the first delivery's finished work.
 *
 * <p>A lease lasts as long as its holder can possibly run: the invocation's remaining time, plus
 * {@link #MARGIN} for an SDK call still in flight when Lambda ends the invocation. A holder that
 * dies without releasing it (a Lambda timeout) blocks the step only that long. The table's TTL
 * removes old items; {@code expiresAt} decides, not the TTL, which may lag by hours.
 */
public class StepLease {

    public static final String TABLE_ENVIRONMENT_VARIABLE = "LEASE_TABLE";
    static final String KEY = "leaseId";
    static final String OWNER = "owner";
    static final String EXPIRES_AT = "expiresAt";
    /** Beyond the invocation's end: an SDK call has at most its attempt timeout to come back. */
    static final Duration MARGIN = Duration.ofSeconds(10);
    /** Without a Lambda context (tests, local tools): Lambda's longest invocation. */
    static final Duration WITHOUT_CONTEXT = Duration.ofMinutes(15);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    /** The lease table of the function's environment ({@value #TABLE_ENVIRONMENT_VARIABLE}), the system clock. */
    public static StepLease fromEnvironment(FunctionEnvironment env, DynamoDbClient dynamoDb) {
        return new StepLease(dynamoDb, env.optional(TABLE_ENVIRONMENT_VARIABLE).orElse(null), Clock.systemUTC());
    }

    public StepLease(DynamoDbClient dynamoDb, String table, Clock clock) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + TABLE_ENVIRONMENT_VARIABLE + " is not set");
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** {@code work}, run while this delivery holds the lease of {@code step} for {@code onboardingId}. */
    public <T> T exclusively(String onboardingId, String step, Context context, Supplier<T> work) {
        String leaseId = onboardingId + "#" + step;
        String owner = UUID.randomUUID().toString();
        acquire(leaseId, owner, lifetime(context), step, onboardingId);
        try {
            return work.get();
        } finally {
            release(leaseId, owner);
        }
    }

    private static Duration lifetime(Context context) {
        Duration invocation = context == null || context.getRemainingTimeInMillis() <= 0
                ? WITHOUT_CONTEXT : Duration.ofMillis(context.getRemainingTimeInMillis());
        return invocation.plus(MARGIN);
    }

    private void acquire(String leaseId, String owner, Duration lifetime, String step, String onboardingId) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(Map.of(
                            KEY, AttributeValue.fromS(leaseId),
                            OWNER, AttributeValue.fromS(owner),
                            EXPIRES_AT, AttributeValue.fromN(Long.toString(now + Math.max(1, lifetime.toSeconds())))))
                    .conditionExpression("attribute_not_exists(#key) OR #expiresAt < :now")
                    .expressionAttributeNames(Map.of("#key", KEY, "#expiresAt", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now))))
                    .build());
        } catch (ConditionalCheckFailedException held) {
            throw new RetryableStepException(step + " of " + onboardingId
                    + " is already running in another delivery; this one is retried once that one is done");
        } catch (SdkException e) {
            throw AwsErrors.classify("dynamodb:PutItem " + table, e);
        }
    }

    /** Only this delivery's own lease; a failure is left to the lease's expiry (the work is done either way). */
    private void release(String leaseId, String owner) {
        try {
            dynamoDb.deleteItem(DeleteItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(leaseId)))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", OWNER))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner)))
                    .build());
        } catch (SdkException leftToExpire) {
            // An expired lease taken over by a later delivery, or a failed call: the lease expires by itself.
        }
    }
}
