package com.iamonboarding.enrolment;

import static com.iamonboarding.enrolment.Fixtures.EMAIL;
import static com.iamonboarding.enrolment.Fixtures.ENROLMENT_URL;
import static com.iamonboarding.enrolment.Fixtures.ONBOARDING_ID;
import static com.iamonboarding.enrolment.Fixtures.SERIAL;
import static com.iamonboarding.enrolment.Fixtures.SIGN_IN_URL;
import static com.iamonboarding.enrolment.Fixtures.TABLE;
import static com.iamonboarding.enrolment.Fixtures.TASK_TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN;
import static com.iamonboarding.enrolment.Fixtures.TOKEN_HASH;
import static com.iamonboarding.enrolment.Fixtures.USER;
import static com.iamonboarding.enrolment.Fixtures.conditionFailed;
import static com.iamonboarding.enrolment.Fixtures.invitationItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.RetryableStepException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

@ExtendWith(MockitoExtension.class)
class InvitationStoreTest {

    static final Instant NOW = Instant.parse("2026-06-02T10:00:00Z");
    static final Instant EXPIRES = Instant.parse("2026-06-05T10:00:00Z");

    @Mock
    DynamoDbClient dynamoDb;

    InvitationStore store;

    @BeforeEach
    void setUp() {
        store = new InvitationStore(dynamoDb, TABLE, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Invitation invitation(String displayName, String signInUrl) {
        return new Invitation(TOKEN_HASH, "inv-1", ONBOARDING_ID, USER, TASK_TOKEN, EXPIRES, Invitation.Status.ACTIVE, 0, 0,
                Optional.empty(), new Invitation.Recipient(EMAIL, displayName, signInUrl, ENROLMENT_URL));
    }

    private UpdateItemRequest theUpdate() {
        ArgumentCaptor<UpdateItemRequest> update = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(dynamoDb).updateItem(update.capture());
        return update.getValue();
    }

    private static String value(UpdateItemRequest update, String placeholder) {
        AttributeValue value = update.expressionAttributeValues().get(placeholder);
        return value.s() != null ? value.s() : value.n();
    }

    // --- create ---

    @Test
    void createPutsAnActiveInvitationOnlyIfItsHashIsNew() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());

        store.create(invitation("Jane Doe", SIGN_IN_URL));

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        PutItemRequest request = put.getValue();
        assertEquals(TABLE, request.tableName());
        assertEquals("attribute_not_exists(#hash)", request.conditionExpression());
        assertEquals(Map.of("#hash", "tokenHash"), request.expressionAttributeNames());
        Map<String, AttributeValue> item = request.item();
        assertEquals(TOKEN_HASH, item.get("tokenHash").s());
        assertEquals("inv-1", item.get("invitationId").s());
        assertEquals(ONBOARDING_ID, item.get("onboardingId").s());
        assertEquals(USER, item.get("userName").s());
        assertEquals(TASK_TOKEN, item.get("taskToken").s());
        assertEquals("2026-06-05T10:00:00Z", item.get("expiresAt").s());
        assertEquals("ACTIVE", item.get("status").s());
        assertEquals("0", item.get("attempts").n());
        assertEquals("0", item.get("starts").n());
        assertEquals(EMAIL, item.get("email").s());
        assertEquals("Jane Doe", item.get("displayName").s());
        assertEquals(SIGN_IN_URL, item.get("signInUrl").s());
        assertEquals(ENROLMENT_URL, item.get("enrolmentUrl").s());
        assertFalse(item.containsKey("mfaSerial"));
    }

    @Test
    void createStoresTheHashOfTheTokenAndNeverTheToken() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());

        store.create(invitation("Jane Doe", SIGN_IN_URL));

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        assertEquals(Fixtures.sha256Hex(TOKEN), put.getValue().item().get("tokenHash").s());
        assertFalse(put.getValue().toString().contains(TOKEN), "the token itself must not be stored");
        put.getValue().item().values().forEach(v -> assertFalse(String.valueOf(v.s()).contains(TOKEN)));
    }

    @Test
    void theTtlIsOneDayAfterTheExpiryInEpochSeconds() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());

        store.create(invitation("Jane Doe", SIGN_IN_URL));

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        // 2026-06-06T10:00:00Z
        assertEquals(Long.toString(Instant.parse("2026-06-06T10:00:00Z").getEpochSecond()), put.getValue().item().get("ttl").n());
        assertEquals("1780740000", put.getValue().item().get("ttl").n());
    }

    @Test
    void createLeavesOutTheOptionalNameAndSignInPage() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());

        store.create(invitation(null, null));

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb).putItem(put.capture());
        assertFalse(put.getValue().item().containsKey("displayName"));
        assertFalse(put.getValue().item().containsKey("signInUrl"));
    }

    // --- find ---

    @Test
    void findReadsConsistentlyByHashAndReadsEveryField() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 2, 3, SERIAL)).build());

        Invitation found = store.find(TOKEN_HASH).orElseThrow();

        ArgumentCaptor<GetItemRequest> get = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(dynamoDb).getItem(get.capture());
        assertEquals(TABLE, get.getValue().tableName());
        assertEquals(Map.of("tokenHash", AttributeValue.fromS(TOKEN_HASH)), get.getValue().key());
        assertTrue(get.getValue().consistentRead());
        assertEquals(TOKEN_HASH, found.tokenHash());
        assertEquals(ONBOARDING_ID, found.onboardingId());
        assertEquals(USER, found.userName());
        assertEquals(TASK_TOKEN, found.taskToken());
        assertEquals(EXPIRES, found.expiresAt());
        assertEquals(Invitation.Status.ACTIVE, found.status());
        assertEquals(2, found.attempts());
        assertEquals(3, found.starts());
        assertEquals(Optional.of(SERIAL), found.mfaSerial());
        assertEquals(new Invitation.Recipient(EMAIL, "Jane Doe", SIGN_IN_URL, ENROLMENT_URL), found.recipient());
    }

    @Test
    void findIsEmptyForAMissingItem() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        assertEquals(Optional.empty(), store.find(TOKEN_HASH));
    }

    @Test
    void findIsEmptyForAnEmptyItem() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().item(Map.of()).build());

        assertEquals(Optional.empty(), store.find(TOKEN_HASH));
    }

    @Test
    void findIsEmptyWhenTheStoredHashIsNotTheOneAskedFor() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder()
                .item(invitationItem(Fixtures.sha256Hex("another token"), "ACTIVE", EXPIRES, 0, 0, null)).build());

        assertEquals(Optional.empty(), store.find(TOKEN_HASH));
    }

    // --- deviceCreated ---

    @Test
    void deviceCreatedRecordsTheSerialAndCountsTheVisitWhileActiveAndUnderTheLimit() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());

        assertTrue(store.deviceCreated(TOKEN_HASH, SERIAL));

        UpdateItemRequest update = theUpdate();
        assertEquals(TABLE, update.tableName());
        assertEquals(Map.of("tokenHash", AttributeValue.fromS(TOKEN_HASH)), update.key());
        assertEquals("SET #serial = :serial ADD #starts :one", update.updateExpression());
        String condition = update.conditionExpression();
        assertTrue(condition.contains("attribute_exists(#hash)"), condition);
        assertTrue(condition.contains("#status = :active"), condition);
        assertTrue(condition.contains("#starts < :maxStarts"), condition);
        assertEquals("tokenHash", update.expressionAttributeNames().get("#hash"));
        assertEquals("status", update.expressionAttributeNames().get("#status"));
        assertEquals("starts", update.expressionAttributeNames().get("#starts"));
        assertEquals("mfaSerial", update.expressionAttributeNames().get("#serial"));
        assertEquals("ACTIVE", value(update, ":active"));
        assertEquals("10", value(update, ":maxStarts"));
        assertEquals("1", value(update, ":one"));
        assertEquals(SERIAL, value(update, ":serial"));
    }

    @Test
    void deviceCreatedIsFalseWhenTheConditionFails() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());

        assertFalse(store.deviceCreated(TOKEN_HASH, SERIAL));
    }

    @Test
    void mayStartUntilTenVisits() {
        assertTrue(store.mayStart(InvitationStore.fromItem(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 0, 9, null))));
        assertFalse(store.mayStart(InvitationStore.fromItem(invitationItem(TOKEN_HASH, "ACTIVE", EXPIRES, 0, 10, null))));
    }

    // --- failedAttempt ---

    @Test
    void aFailedAttemptCountsAndAnswersTheAttemptsLeft() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder()
                .attributes(Map.of("attempts", AttributeValue.fromN("3"))).build());

        assertEquals(2, store.failedAttempt(TOKEN_HASH));

        UpdateItemRequest update = theUpdate();
        assertEquals("ADD #attempts :one", update.updateExpression());
        assertEquals(ReturnValue.ALL_NEW, update.returnValues());
        assertTrue(update.conditionExpression().contains("#status = :active"), update.conditionExpression());
        assertEquals("attempts", update.expressionAttributeNames().get("#attempts"));
        assertEquals("1", value(update, ":one"));
        assertEquals("ACTIVE", value(update, ":active"));
    }

    @Test
    void theFifthFailedAttemptVoidsTheInvitation() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class)))
                .thenReturn(UpdateItemResponse.builder().attributes(Map.of("attempts", AttributeValue.fromN("5"))).build())
                .thenReturn(UpdateItemResponse.builder().build());

        assertEquals(0, store.failedAttempt(TOKEN_HASH));

        ArgumentCaptor<UpdateItemRequest> updates = ArgumentCaptor.forClass(UpdateItemRequest.class);
        verify(dynamoDb, times(2)).updateItem(updates.capture());
        UpdateItemRequest voided = updates.getAllValues().get(1);
        assertEquals("SET #status = :ended", voided.updateExpression());
        assertEquals("VOID", value(voided, ":ended"));
        assertTrue(voided.conditionExpression().contains("#status = :active"));
    }

    @Test
    void theFourthFailedAttemptLeavesOneAndDoesNotVoid() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder()
                .attributes(Map.of("attempts", AttributeValue.fromN("4"))).build());

        assertEquals(1, store.failedAttempt(TOKEN_HASH));

        verify(dynamoDb, times(1)).updateItem(any(UpdateItemRequest.class));
    }

    @Test
    void aFailedAttemptOnAnInvitationNoLongerActiveLeavesNone() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());

        assertEquals(0, store.failedAttempt(TOKEN_HASH));
    }

    // --- end ---

    @Test
    void endMarksAnActiveInvitationUsed() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());

        assertTrue(store.end(TOKEN_HASH, Invitation.Status.USED));

        UpdateItemRequest update = theUpdate();
        assertEquals(Map.of("tokenHash", AttributeValue.fromS(TOKEN_HASH)), update.key());
        assertEquals("SET #status = :ended", update.updateExpression());
        assertEquals("attribute_exists(#hash) AND #status = :active", update.conditionExpression());
        assertEquals("USED", value(update, ":ended"));
        assertEquals("ACTIVE", value(update, ":active"));
        assertEquals(Map.of("#hash", "tokenHash", "#status", "status"), update.expressionAttributeNames());
    }

    @Test
    void endIsFalseWhenTheInvitationWasNoLongerActive() {
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(conditionFailed());

        assertFalse(store.end(TOKEN_HASH, Invitation.Status.VOID));
    }

    // --- allFor / voidAll ---

    private void invitationsAre(Map<String, String> statusByHash) {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenAnswer(call -> {
            String hash = call.<GetItemRequest>getArgument(0).key().get("tokenHash").s();
            return GetItemResponse.builder().item(invitationItem(hash, statusByHash.get(hash), EXPIRES, 0, 0, null)).build();
        });
    }

    private static Map<String, AttributeValue> keyItem(String hash) {
        return Map.of("tokenHash", AttributeValue.fromS(hash), "onboardingId", AttributeValue.fromS(ONBOARDING_ID));
    }

    @Test
    void allForPagesThroughTheIndexAndReadsEachInvitationConsistently() {
        Map<String, AttributeValue> lastKey = keyItem("hash-1");
        when(dynamoDb.query(any(QueryRequest.class)))
                .thenReturn(QueryResponse.builder().items(keyItem("hash-1")).lastEvaluatedKey(lastKey).build())
                .thenReturn(QueryResponse.builder().items(keyItem("hash-2")).build());
        invitationsAre(Map.of("hash-1", "VOID", "hash-2", "ACTIVE"));

        List<Invitation> all = store.allFor(ONBOARDING_ID);

        assertEquals(List.of("hash-1", "hash-2"), all.stream().map(Invitation::tokenHash).toList());
        ArgumentCaptor<QueryRequest> queries = ArgumentCaptor.forClass(QueryRequest.class);
        verify(dynamoDb, times(2)).query(queries.capture());
        QueryRequest first = queries.getAllValues().get(0);
        assertEquals(TABLE, first.tableName());
        assertEquals("ByOnboarding", first.indexName());
        assertEquals("#onboarding = :onboarding", first.keyConditionExpression());
        assertEquals(Map.of("#onboarding", "onboardingId"), first.expressionAttributeNames());
        assertEquals(Map.of(":onboarding", AttributeValue.fromS(ONBOARDING_ID)), first.expressionAttributeValues());
        assertFalse(first.hasExclusiveStartKey(), "the first page starts at the beginning");
        assertEquals(lastKey, queries.getAllValues().get(1).exclusiveStartKey());
        ArgumentCaptor<GetItemRequest> reads = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(dynamoDb, times(2)).getItem(reads.capture());
        assertTrue(reads.getAllValues().stream().allMatch(GetItemRequest::consistentRead));
    }

    @Test
    void anEmptyLastEvaluatedKeyEndsThePaging() {
        when(dynamoDb.query(any(QueryRequest.class)))
                .thenReturn(QueryResponse.builder().items(keyItem("hash-1")).lastEvaluatedKey(Map.of()).build());
        invitationsAre(Map.of("hash-1", "ACTIVE"));

        assertEquals(1, store.allFor(ONBOARDING_ID).size());
        verify(dynamoDb, times(1)).query(any(QueryRequest.class));
    }

    @Test
    void voidAllVoidsOnlyTheActiveInvitations() {
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder()
                .items(keyItem("hash-used"), keyItem("hash-active"), keyItem("hash-void")).build());
        invitationsAre(Map.of("hash-used", "USED", "hash-active", "ACTIVE", "hash-void", "VOID"));
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenReturn(UpdateItemResponse.builder().build());

        store.voidAll(ONBOARDING_ID);

        UpdateItemRequest update = theUpdate();
        assertEquals("hash-active", update.key().get("tokenHash").s());
        assertEquals("VOID", value(update, ":ended"));
        assertTrue(update.conditionExpression().contains("#status = :active"));
    }

    @Test
    void voidAllWithNoInvitationsWritesNothing() {
        when(dynamoDb.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().build());

        store.voidAll(ONBOARDING_ID);

        verify(dynamoDb, never()).updateItem(any(UpdateItemRequest.class));
    }

    // --- errors ---

    static Stream<Arguments> retryableErrors() {
        return Stream.of(
                Arguments.of("ProvisionedThroughputExceededException",
                        Fixtures.error(ProvisionedThroughputExceededException.builder(), "ProvisionedThroughputExceededException", 400)),
                Arguments.of("ThrottlingException", Fixtures.error(DynamoDbException.builder(), "ThrottlingException", 400)),
                Arguments.of("RequestLimitExceeded", Fixtures.error(RequestLimitExceededException.builder(), "RequestLimitExceeded", 400)),
                Arguments.of("InternalServerError", Fixtures.error(InternalServerErrorException.builder(), "InternalServerError", 500)),
                Arguments.of("ServiceUnavailable", Fixtures.error(DynamoDbException.builder(), "ServiceUnavailable", 503)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retryableErrors")
    void throttlingAndServerErrorsAreRetryableOnEveryCall(String code, AwsServiceException error) {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(error);
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(error);
        when(dynamoDb.updateItem(any(UpdateItemRequest.class))).thenThrow(error);
        when(dynamoDb.query(any(QueryRequest.class))).thenThrow(error);

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> store.find(TOKEN_HASH));
        assertTrue(e.getMessage().contains(code), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN_HASH), "the message names no key");
        assertThrows(RetryableStepException.class, () -> store.create(invitation("Jane Doe", SIGN_IN_URL)));
        assertThrows(RetryableStepException.class, () -> store.end(TOKEN_HASH, Invitation.Status.USED));
        assertThrows(RetryableStepException.class, () -> store.deviceCreated(TOKEN_HASH, SERIAL));
        assertThrows(RetryableStepException.class, () -> store.failedAttempt(TOKEN_HASH));
        assertThrows(RetryableStepException.class, () -> store.allFor(ONBOARDING_ID));
    }

    @Test
    void aValidationErrorIsPermanent() {
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(
                Fixtures.<AwsServiceException>error(DynamoDbException.builder(), "ValidationException", 400));

        assertThrows(com.iamonboarding.common.PermanentStepException.class, () -> store.find(TOKEN_HASH));
    }

    @Test
    void aFailedConditionOnCreateIsNotTurnedIntoAStepError() {
        when(dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(conditionFailed());

        assertThrows(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class,
                () -> store.create(invitation("Jane Doe", SIGN_IN_URL)));
    }
}
