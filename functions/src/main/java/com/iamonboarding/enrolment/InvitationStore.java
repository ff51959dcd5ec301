package com.iamonboarding.enrolment;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.FunctionEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Invitations in DynamoDB ({@code INVITATION_TABLE}), keyed by the token's SHA-256, with an index by
 * onboarding id (a resend voids the current one). Every change is a conditional write on an ACTIVE
 * invitation, so two requests of the hire's browser, or a resend during an enrolment, cannot both
 * win. TTL removes an invitation a day after it expired; until then an expired one is refused by
 * its {@code expiresAt}.
 */
public class InvitationStore {

    public static final String ENVIRONMENT_VARIABLE = "INVITATION_TABLE";
    public static final String BY_ONBOARDING = "ByOnboarding";
    /** Wrong pairs of codes before the invitation is void. */
    public static final int MAX_FAILED_ATTEMPTS = 5;
    /** Visits of the page (each makes a new device) before the invitation is void. */
    public static final int MAX_STARTS = 10;
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    static final String TOKEN_HASH = "tokenHash";
    static final String INVITATION_ID = "invitationId";
    static final String ONBOARDING_ID = "onboardingId";
    static final String USER_NAME = "userName";
    static final String TASK_TOKEN = "taskToken";
    static final String EXPIRES_AT = "expiresAt";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String STARTS = "starts";
    static final String MFA_SERIAL = "mfaSerial";
    static final String TTL = "ttl";
    static final String EMAIL = "email";
    static final String DISPLAY_NAME = "displayName";
    static final String SIGN_IN_URL = "signInUrl";
    static final String ENROLMENT_URL = "enrolmentUrl";

    private static final String WHILE_ACTIVE = "attribute_exists(#hash) AND #status = :active";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public InvitationStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public static InvitationStore fromEnvironment(FunctionEnvironment env, DynamoDbClient dynamoDb) {
        return new InvitationStore(dynamoDb, env.require(ENVIRONMENT_VARIABLE), Clock.systemUTC());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stores a new ACTIVE invitation; a hash that exists already (never, with 256 random bits) is refused. */
    public void create(Invitation invitation) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TOKEN_HASH, s(invitation.tokenHash()));
        item.put(INVITATION_ID, s(invitation.invitationId()));
        item.put(ONBOARDING_ID, s(invitation.onboardingId()));
        item.put(USER_NAME, s(invitation.userName()));
        item.put(TASK_TOKEN, s(invitation.taskToken()));
        item.put(EXPIRES_AT, s(invitation.expiresAt().toString()));
        item.put(STATUS, s(Invitation.Status.ACTIVE.name()));
        item.put(ATTEMPTS, n(0));
        item.put(STARTS, n(0));
        item.put(TTL, n(invitation.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond()));
        Invitation.Recipient to = invitation.recipient();
        item.put(EMAIL, s(to.email()));
        item.put(ENROLMENT_URL, s(to.enrolmentUrl()));
        if (to.displayName() != null) {
            item.put(DISPLAY_NAME, s(to.displayName()));
        }
        if (to.signInUrl() != null) {
            item.put(SIGN_IN_URL, s(to.signInUrl()));
        }
        call("dynamodb:PutItem invitation", () -> dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#hash)").expressionAttributeNames(Map.of("#hash", TOKEN_HASH)).build()));
    }

    /** The invitation whose token hashes to {@code tokenHash}, read consistently. */
    public Optional<Invitation> find(String tokenHash) {
        GetItemResponse response = call("dynamodb:GetItem invitation", () -> dynamoDb.getItem(GetItemRequest.builder().tableName(table)
                .key(Map.of(TOKEN_HASH, s(tokenHash))).consistentRead(true).build()));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Invitation invitation = fromItem(response.item());
        // The key lookup found it; the hash is compared again in constant time all the same.
        return InvitationToken.sameHash(invitation.tokenHash(), tokenHash) ? Optional.of(invitation) : Optional.empty();
    }

    /** A visit of the page made device {@code serial}; false when the invitation is no longer active or used up its visits. */
    public boolean deviceCreated(String tokenHash, String serial) {
        return update(tokenHash, "SET #serial = :serial ADD #starts :one", WHILE_ACTIVE + " AND #starts < :maxStarts",
                Map.of("#serial", MFA_SERIAL, "#starts", STARTS),
                Map.of(":serial", s(serial), ":one", n(1), ":maxStarts", n(MAX_STARTS)));
    }

    /** May the page make one more device? */
    public boolean mayStart(Invitation invitation) {
        return invitation.starts() < MAX_STARTS;
    }

    /** A wrong pair of codes: the attempts left, 0 once the invitation is void. */
    public int failedAttempt(String tokenHash) {
        try {
            Map<String, AttributeValue> after = call("dynamodb:UpdateItem invitation", () -> dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table).key(Map.of(TOKEN_HASH, s(tokenHash))).updateExpression("ADD #attempts :one")
                    .conditionExpression(WHILE_ACTIVE).returnValues(ReturnValue.ALL_NEW)
                    .expressionAttributeNames(Map.of("#hash", TOKEN_HASH, "#status", STATUS, "#attempts", ATTEMPTS))
                    .expressionAttributeValues(Map.of(":one", n(1), ":active", s(Invitation.Status.ACTIVE.name()))).build())).attributes();
            int attempts = Integer.parseInt(after.get(ATTEMPTS).n());
            if (attempts >= MAX_FAILED_ATTEMPTS) {
                end(tokenHash, Invitation.Status.VOID);
                return 0;
            }
            return MAX_FAILED_ATTEMPTS - attempts;
        } catch (ConditionalCheckFailedException notActive) {
            return 0;
        }
    }

    /** Ends an ACTIVE invitation as USED or VOID; false when it was not active any more. */
    public boolean end(String tokenHash, Invitation.Status status) {
        return update(tokenHash, "SET #status = :ended", WHILE_ACTIVE, Map.of(), Map.of(":ended", s(status.name())));
    }

    /** The ACTIVE invitations of one onboarding (one, unless a resend and an enrolment crossed). */
    public List<Invitation> activeFor(String onboardingId) {
        return allFor(onboardingId).stream().filter(i -> i.status() == Invitation.Status.ACTIVE).toList();
    }

    /** Every invitation of one onboarding that the table still holds, in any status. */
    public List<Invitation> allFor(String onboardingId) {
        List<Invitation> active = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = call("dynamodb:Query invitations", () -> dynamoDb.query(QueryRequest.builder().tableName(table).indexName(BY_ONBOARDING)
                    .keyConditionExpression("#onboarding = :onboarding").exclusiveStartKey(from)
                    .expressionAttributeNames(Map.of("#onboarding", ONBOARDING_ID))
                    .expressionAttributeValues(Map.of(":onboarding", s(onboardingId))).build()));
            for (Map<String, AttributeValue> item : page.items()) {
                // The index holds only the keys: read the invitation itself, consistently.
                find(item.get(TOKEN_HASH).s()).ifPresent(active::add);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return active;
    }

    /** Voids every ACTIVE invitation of the onboarding: a resend, or the rollback. */
    public void voidAll(String onboardingId) {
        activeFor(onboardingId).forEach(invitation -> end(invitation.tokenHash(), Invitation.Status.VOID));
    }

    private boolean update(String tokenHash, String expression, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#hash", TOKEN_HASH);
        allNames.put("#status", STATUS);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":active", s(Invitation.Status.ACTIVE.name()));
        try {
            call("dynamodb:UpdateItem invitation", () -> dynamoDb.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(TOKEN_HASH, s(tokenHash))).updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(allNames).expressionAttributeValues(allValues).build()));
            return true;
        } catch (ConditionalCheckFailedException notActive) {
            return false;
        }
    }

    /** The state machine's error types for anything but a failed condition, which the caller decides about. */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException condition) {
            throw condition;
        } catch (SdkException e) {
            throw AwsErrors.classify(what, e);
        }
    }

    static Invitation fromItem(Map<String, AttributeValue> item) {
        return new Invitation(item.get(TOKEN_HASH).s(), item.get(INVITATION_ID).s(), item.get(ONBOARDING_ID).s(),
                item.get(USER_NAME).s(), item.get(TASK_TOKEN).s(), Instant.parse(item.get(EXPIRES_AT).s()),
                Invitation.Status.valueOf(item.get(STATUS).s()),
                Integer.parseInt(item.getOrDefault(ATTEMPTS, n(0)).n()), Integer.parseInt(item.getOrDefault(STARTS, n(0)).n()),
                Optional.ofNullable(item.get(MFA_SERIAL)).map(AttributeValue::s),
                new Invitation.Recipient(text(item, EMAIL), text(item, DISPLAY_NAME), text(item, SIGN_IN_URL), text(item, ENROLMENT_URL)));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
