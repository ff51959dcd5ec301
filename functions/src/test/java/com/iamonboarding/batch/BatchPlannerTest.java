package com.iamonboarding.batch;

import static com.iamonboarding.batch.Planning.ANN_ID;
import static com.iamonboarding.batch.Planning.BATCH_ID;
import static com.iamonboarding.batch.Planning.BOB_ID;
import static com.iamonboarding.batch.Planning.BUCKET;
import static com.iamonboarding.batch.Planning.CAT_ID;
import static com.iamonboarding.batch.Planning.EXPIRES_AT;
import static com.iamonboarding.batch.Planning.KEY_ARN;
import static com.iamonboarding.batch.Planning.MAC;
import static com.iamonboarding.batch.Planning.MIXED_CSV;
import static com.iamonboarding.batch.Planning.TABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.offboarding.OffboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.testsupport.AwsExceptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

class BatchPlannerTest {

    private static final String KEY = "batches/cohort-2027-01.csv";
    private static final String FILE = "s3://" + BUCKET + "/" + KEY;
    private static final String ROWS_KEY = "work/" + BATCH_ID + "/rows.json";

    private final Planning world = new Planning();

    private BatchPlanner.Planned plan(BatchPlan.OnInvalidRows onInvalidRows) {
        return world.planner().plan(BATCH_ID, BUCKET, KEY, onInvalidRows);
    }

    /** What was written to rows.json (the test fails unless exactly one PutObject wrote it). */
    private JsonNode rowsJson() throws Exception {
        ArgumentCaptor<PutObjectRequest> put = ArgumentCaptor.forClass(PutObjectRequest.class);
        ArgumentCaptor<RequestBody> body = ArgumentCaptor.forClass(RequestBody.class);
        verify(world.s3).putObject(put.capture(), body.capture());
        assertEquals(BUCKET, put.getValue().bucket());
        assertEquals(ROWS_KEY, put.getValue().key());
        assertEquals("application/json", put.getValue().contentType());
        return Json.MAPPER.readTree(SdkClients.text(body.getValue()));
    }

    private JsonNode batchLines() throws Exception {
        return Json.MAPPER.readTree(world.batchItem().get("lines").s());
    }

    private static String seal() {
        return "{\"issuedAt\":\"2027-01-15T09:00:00Z\",\"mac\":\"" + MAC + "\"}";
    }

    @Test
    void aSkippingBatchWritesEachRowToRunWithItsStateMachineFollowAndSealedInput() throws Exception {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        BatchPlanner.Planned planned = plan(BatchPlan.OnInvalidRows.SKIP);

        assertEquals(new BatchPlanner.Planned(BATCH_ID, BUCKET, ROWS_KEY, 3, 5), planned);
        String expected = """
                [
                  {"row": 2, "action": "onboard", "userName": "ann.lee", "id": "%1$s", "workflow": "onboarding", "follow": "RUN",
                   "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-onboarding",
                   "input": {"onboardingId": "%1$s",
                             "request": {"employeeId": "E-1", "userName": "ann.lee", "email": "ann.lee@example.com",
                                         "accessProfile": "developer", "consoleAccess": true, "programmaticAccess": true,
                                         "tags": {}, "handover": "OPERATOR"},
                             "seal": %4$s},
                   "followSeconds": 10, "followed": {"phase": "STARTING", "polls": 0}},
                  {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "%2$s", "workflow": "onboarding", "follow": "INVITE",
                   "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-onboarding",
                   "input": {"onboardingId": "%2$s",
                             "request": {"employeeId": "E-2", "userName": "bob.ray", "email": "bob.ray@example.com",
                                         "accessProfile": "billing", "consoleAccess": true, "programmaticAccess": true,
                                         "tags": {}, "handover": "SELF_SERVICE",
                                         "enrolmentUrl": "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/enrol",
                                         "invitationValiditySeconds": 259200},
                             "seal": %4$s},
                   "followSeconds": 10, "followed": {"phase": "STARTING", "polls": 0}},
                  {"row": 5, "action": "offboard", "userName": "cat.fox", "id": "%3$s", "workflow": "offboarding", "follow": "RUN",
                   "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-offboarding",
                   "input": {"offboardingId": "%3$s",
                             "request": {"userName": "cat.fox", "mode": "DISABLE", "reason": "Left 2027-01-31",
                                         "force": false, "dryRun": false, "forced": false},
                             "seal": %4$s},
                   "followSeconds": 10, "followed": {"phase": "STARTING", "polls": 0}}
                ]
                """.formatted(ANN_ID, BOB_ID, CAT_ID, seal());
        assertEquals(Json.MAPPER.readTree(expected), rowsJson());
    }

    @Test
    void everyRowToRunHasItsStatusRecordBegunAndTheBatchRecordsEveryLine() throws Exception {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        plan(BatchPlan.OnInvalidRows.SKIP);

        List<PutItemRequest> begun = world.statusPuts();
        assertEquals(List.of(ANN_ID, BOB_ID, CAT_ID), begun.stream().map(put -> put.item().get("id").s()).toList(),
                "one record per row to run; none for the leavers that failed at planning");
        assertEquals(List.of("onboarding", "onboarding", "offboarding"), begun.stream().map(put -> put.item().get("workflow").s()).toList());
        for (PutItemRequest put : begun) {
            assertEquals(TABLE, put.tableName());
            assertEquals("RUNNING", put.item().get("status").s());
            assertEquals("1", put.item().get("attempt").n());
            assertEquals("2027-01-15T09:00:00Z", put.item().get("startedAt").s());
            assertEquals("attribute_not_exists(#id) OR #attempt < :attempt", put.conditionExpression(),
                    "a re-submitted file never overwrites a row's existing record");
        }
        Map<String, AttributeValue> batch = world.batchItem();
        assertEquals(BATCH_ID, batch.get("id").s());
        assertEquals("RUNNING", batch.get("status").s());
        assertEquals(FILE, batch.get("file").s());
        assertEquals("SKIP", batch.get("onInvalidRows").s());
        assertEquals(EXPIRES_AT, batch.get("expiresAt").n());
        String expected = """
                [
                  {"row": 2, "action": "onboard", "userName": "ann.lee", "id": "%s", "status": "RUNNING"},
                  {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "%s", "status": "RUNNING"},
                  {"row": 4, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
                  {"row": 5, "action": "offboard", "userName": "cat.fox", "id": "%s", "status": "RUNNING"},
                  {"row": 6, "action": "offboard", "userName": "dan.orr", "status": "FAILED", "failedStep": "PlanBatch",
                   "errorCode": "NotManagedByIamOnboarding"},
                  {"row": 7, "action": "offboard", "userName": "eve.kim", "status": "FAILED", "failedStep": "PlanBatch",
                   "errorCode": "UserNotFound"}
                ]
                """.formatted(ANN_ID, BOB_ID, CAT_ID);
        assertEquals(Json.MAPPER.readTree(expected), batchLines());
    }

    @Test
    void anOffboardingRowsUserIsLookedUpByNameWithGetUserAndListUserTags() {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        plan(BatchPlan.OnInvalidRows.SKIP);

        ArgumentCaptor<GetUserRequest> got = ArgumentCaptor.forClass(GetUserRequest.class);
        verify(world.iam, times(3)).getUser(got.capture());
        assertEquals(List.of("cat.fox", "dan.orr", "eve.kim"), got.getAllValues().stream().map(GetUserRequest::userName).toList());
        ArgumentCaptor<ListUserTagsRequest> tags = ArgumentCaptor.forClass(ListUserTagsRequest.class);
        verify(world.iam, times(2)).listUserTags(tags.capture());
        assertEquals(List.of("cat.fox", "dan.orr"), tags.getAllValues().stream().map(ListUserTagsRequest::userName).toList());
    }

    @Test
    void eachRowsSealIsAKmsMacOfItsWorkflowIdTimeAndRequest() {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        plan(BatchPlan.OnInvalidRows.SKIP);

        ArgumentCaptor<GenerateMacRequest> macs = ArgumentCaptor.forClass(GenerateMacRequest.class);
        verify(world.kms, times(3)).generateMac(macs.capture());
        List<String> heads = macs.getAllValues().stream().map(r -> {
            assertEquals(KEY_ARN, r.keyId());
            assertEquals(MacAlgorithmSpec.HMAC_SHA_256, r.macAlgorithm());
            String[] lines = r.message().asString(StandardCharsets.UTF_8).split("\n");
            assertEquals(5, lines.length);
            assertTrue(lines[4].matches("[0-9a-f]{64}"), "the request's SHA-256, not the request: " + lines[4]);
            return String.join("|", lines[0], lines[1], lines[2], lines[3]);
        }).toList();
        assertEquals(List.of(
                "iam-onboarding-seal-v1|onboarding|" + ANN_ID + "|2027-01-15T09:00:00Z",
                "iam-onboarding-seal-v1|onboarding|" + BOB_ID + "|2027-01-15T09:00:00Z",
                "iam-onboarding-seal-v1|offboarding|" + CAT_ID + "|2027-01-15T09:00:00Z"), heads);
    }

    @Test
    void eachRowsInputVerifiesAsItsChildsStepsWillReadIt() throws Exception {
        world.file(KEY, MIXED_CSV);
        world.leavers();
        plan(BatchPlan.OnInvalidRows.SKIP);
        ArgumentCaptor<GenerateMacRequest> macs = ArgumentCaptor.forClass(GenerateMacRequest.class);
        verify(world.kms, times(3)).generateMac(macs.capture());
        List<SdkBytes> sealed = macs.getAllValues().stream().map(GenerateMacRequest::message).toList();
        // KMS as the steps' VerifyMac sees it: valid only for a message that was sealed, with the MAC it made.
        when(world.kms.verifyMac(any(VerifyMacRequest.class))).thenAnswer(call -> {
            VerifyMacRequest check = call.getArgument(0);
            return VerifyMacResponse.builder().macValid(sealed.contains(check.message())
                    && check.mac().equals(SdkBytes.fromUtf8String(Planning.MAC_BYTES))).build();
        });
        InputSeal steps = new InputSeal(world.kms, KEY_ARN, Clock.fixed(Planning.NOW.plusSeconds(3600), ZoneOffset.UTC));

        JsonNode rows = rowsJson();
        steps.verify("onboarding", Json.MAPPER.treeToValue(rows.get(0).get("input"), OnboardingState.class));
        steps.verify("onboarding", Json.MAPPER.treeToValue(rows.get(1).get("input"), OnboardingState.class));
        steps.verify("offboarding", Json.MAPPER.treeToValue(rows.get(2).get("input"), OffboardingState.class));
        OnboardingState changed = Json.MAPPER.treeToValue(rows.get(1).get("input"), OnboardingState.class);
        changed.request.enrolmentUrl = "https://phishing.example.com/enrol";
        assertThrows(SealRejectedException.class, () -> steps.verify("onboarding", changed), "the link is sealed too");
    }

    @Test
    void aRejectedBatchWithInvalidRowsRunsNothingSealsNothingAndStillRecordsEveryLine() throws Exception {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        BatchPlanner.Planned planned = plan(BatchPlan.OnInvalidRows.REJECT);

        assertEquals(new BatchPlanner.Planned(BATCH_ID, BUCKET, ROWS_KEY, 0, 5), planned);
        verifyNoInteractions(world.kms, world.iam);
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        assertEquals(List.of(), world.statusPuts(), "no row's status is begun");
        assertEquals("REJECT", world.batchItem().get("onInvalidRows").s());
        assertEquals("RUNNING", world.batchItem().get("status").s(), "the batch goes on to its report");
        String expected = """
                [
                  {"row": 2, "action": "onboard", "userName": "ann.lee", "id": "%s", "status": "NOT_RUN"},
                  {"row": 3, "action": "onboard", "userName": "bob.ray", "id": "%s", "status": "NOT_RUN"},
                  {"row": 4, "userName": "bad name", "status": "INVALID", "errorCode": "ValidationFailed", "violations": "userName:pattern"},
                  {"row": 5, "action": "offboard", "userName": "cat.fox", "status": "NOT_RUN"},
                  {"row": 6, "action": "offboard", "userName": "dan.orr", "status": "NOT_RUN"},
                  {"row": 7, "action": "offboard", "userName": "eve.kim", "status": "NOT_RUN"}
                ]
                """.formatted(ANN_ID, BOB_ID);
        assertEquals(Json.MAPPER.readTree(expected), batchLines());
    }

    @Test
    void aFileWithOnlyValidRowsRunsThemAllUnderReject() throws Exception {
        world.file(KEY, "employeeId,userName,email,accessProfile,handover\nE-1,ann.lee,ann.lee@example.com,developer,OPERATOR\n");

        BatchPlanner.Planned planned = plan(BatchPlan.OnInvalidRows.REJECT);

        assertEquals(1, planned.runs());
        assertEquals(ANN_ID, rowsJson().get(0).get("id").asText());
        assertEquals("RUN", rowsJson().get(0).get("follow").asText());
    }

    @Test
    void aJsonLinesFileIsPlannedLikeACsvFile() throws Exception {
        String key = "batches/leavers.jsonl";
        world.file(key, "{\"action\":\"offboard\",\"userName\":\"cat.fox\",\"reason\":\"Left 2027-01-31\"}\n");
        world.leavers();

        BatchPlanner.Planned planned = world.planner().plan(BATCH_ID, BUCKET, key, BatchPlan.OnInvalidRows.REJECT);

        assertEquals(1, planned.runs());
        JsonNode row = rowsJson().get(0);
        assertEquals(1, row.get("row").asInt(), "a JSON Lines row is its line");
        assertEquals(CAT_ID, row.get("id").asText());
        assertEquals("arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-offboarding", row.get("stateMachineArn").asText());
    }

    @Test
    void aLeaverOutsideTheUserPathIsNotManagedEvenWithTheTag() throws Exception {
        world.file(KEY, "action,userName,reason\noffboard,zed.out,Left\n");
        when(world.iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder()
                .user(Planning.user("zed.out", "/", "AIDAZEDOUT")).build());
        when(world.iam.listUserTags(any(ListUserTagsRequest.class))).thenReturn(ListUserTagsResponse.builder()
                .tags(Planning.tag("ManagedBy", "iam-onboarding")).build());

        BatchPlanner.Planned planned = plan(BatchPlan.OnInvalidRows.REJECT);

        assertEquals(0, planned.runs());
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        verifyNoInteractions(world.kms);
        assertEquals(List.of(), world.statusPuts());
        assertEquals(Json.MAPPER.readTree("[{\"row\": 2, \"action\": \"offboard\", \"userName\": \"zed.out\", \"status\": \"FAILED\","
                + " \"failedStep\": \"PlanBatch\", \"errorCode\": \"NotManagedByIamOnboarding\"}]"), batchLines());
    }

    @Test
    void aLeaverTheRoleMayNotSeeIsNotFound() throws Exception {
        world.file(KEY, "action,userName,reason\noffboard,zed.out,Left\n");
        when(world.iam.getUser(any(GetUserRequest.class))).thenThrow(AwsExceptions.iamError("AccessDenied", 403));

        plan(BatchPlan.OnInvalidRows.REJECT);

        assertEquals("UserNotFound", batchLines().get(0).get("errorCode").asText());
        assertEquals("FAILED", batchLines().get(0).get("status").asText());
    }

    @Test
    void aThrottledUserLookupIsRetryable() {
        world.file(KEY, "action,userName,reason\noffboard,cat.fox,Left\n");
        when(world.iam.getUser(any(GetUserRequest.class))).thenThrow(AwsExceptions.throttling());

        assertThrows(RetryableStepException.class, () -> plan(BatchPlan.OnInvalidRows.REJECT));
    }

    static Stream<Arguments> outsideTheIntake() {
        return Stream.of(
                Arguments.of("another-bucket", "batches/cohort.csv"),
                Arguments.of(BUCKET, "reports/cohort.csv"),
                Arguments.of(BUCKET, "work/bat-x/rows.json"));
    }

    @ParameterizedTest
    @MethodSource("outsideTheIntake")
    void aFileOutsideTheIntakesBatchesPrefixIsRefusedUnreadAndTheBatchRecordedFailed(String bucket, String key) {
        BatchFileRefused refused = assertThrows(BatchFileRefused.class,
                () -> world.planner().plan(BATCH_ID, bucket, key, BatchPlan.OnInvalidRows.REJECT));

        assertEquals("NotInIntake", refused.code());
        verifyNoInteractions(world.s3, world.kms, world.iam);
        Map<String, AttributeValue> batch = world.batchItem();
        assertEquals("FAILED", batch.get("status").s());
        assertEquals("NotInIntake", batch.get("error").s());
        assertEquals("s3://" + bucket + "/" + key, batch.get("file").s());
        assertEquals("[]", batch.get("lines").s());
        assertEquals("2027-01-15T09:00:00Z", batch.get("stoppedAt").s());
        assertTrue(batch.get("message").s().contains("s3://" + BUCKET + "/batches/"), batch.get("message").s());
    }

    @Test
    void aMissingFileIsFileNotFoundWhenS3SaysNoSuchKey() {
        when(world.s3.headObject(any(HeadObjectRequest.class))).thenThrow(NoSuchKeyException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").serviceName("S3").build()).message("gone").build());

        assertFileNotFound();
    }

    @Test
    void aMissingFileIsFileNotFoundWhenHeadObjectAnswersABare404() {
        // HeadObject has no body: the SDK may only know the status.
        when(world.s3.headObject(any(HeadObjectRequest.class))).thenThrow(S3Exception.builder().statusCode(404).message("Not Found").build());

        assertFileNotFound();
    }

    @Test
    void aFileDeletedBetweenHeadAndGetIsFileNotFound() {
        world.file(KEY, MIXED_CSV);
        when(world.s3.getObjectAsBytes(any(GetObjectRequest.class))).thenThrow(NoSuchKeyException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").serviceName("S3").build()).message("gone").build());

        assertFileNotFound();
    }

    private void assertFileNotFound() {
        BatchFileRefused refused = assertThrows(BatchFileRefused.class, () -> plan(BatchPlan.OnInvalidRows.REJECT));

        assertEquals("FileNotFound", refused.code());
        assertEquals("there is no file " + FILE, refused.getMessage());
        assertEquals("FAILED", world.batchItem().get("status").s());
        assertEquals("FileNotFound", world.batchItem().get("error").s());
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void aFileOverTheLimitIsRefusedByItsSizeBeforeItIsRead() {
        when(world.s3.headObject(any(HeadObjectRequest.class)))
                .thenReturn(HeadObjectResponse.builder().contentLength(2L * 1024 * 1024 + 1).build());

        BatchFileRefused refused = assertThrows(BatchFileRefused.class, () -> plan(BatchPlan.OnInvalidRows.REJECT));

        assertEquals("FileTooLarge", refused.code());
        ArgumentCaptor<HeadObjectRequest> head = ArgumentCaptor.forClass(HeadObjectRequest.class);
        verify(world.s3).headObject(head.capture());
        assertEquals(BUCKET, head.getValue().bucket());
        assertEquals(KEY, head.getValue().key());
        verify(world.s3, never()).getObjectAsBytes(any(GetObjectRequest.class));
        assertEquals("FileTooLarge", world.batchItem().get("error").s());
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() {
        world.file(KEY, MIXED_CSV);
        when(world.s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder().contentLength(2L * 1024 * 1024).build());
        world.leavers();

        plan(BatchPlan.OnInvalidRows.REJECT);

        ArgumentCaptor<GetObjectRequest> get = ArgumentCaptor.forClass(GetObjectRequest.class);
        verify(world.s3).getObjectAsBytes(get.capture());
        assertEquals(BUCKET, get.getValue().bucket());
        assertEquals(KEY, get.getValue().key());
    }

    @Test
    void aFileThatIsNotRowsIsRefusedWithItsCodeAndRecordedFailed() {
        world.file(KEY, "userName,salary\nann.lee,100\n");

        BatchFileRefused refused = assertThrows(BatchFileRefused.class, () -> plan(BatchPlan.OnInvalidRows.SKIP));

        assertEquals("UnknownColumn", refused.code());
        Map<String, AttributeValue> batch = world.batchItem();
        assertEquals("UnknownColumn", batch.get("error").s());
        assertEquals("SKIP", batch.get("onInvalidRows").s());
        assertFalse(batch.get("message").s().contains("100"), "the message names the column, never a value");
        verifyNoInteractions(world.kms);
    }

    @Test
    void s3ErrorsAreClassified() {
        when(world.s3.headObject(any(HeadObjectRequest.class))).thenThrow(S3Exception.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").build()).message("slow down").build());
        assertThrows(RetryableStepException.class, () -> plan(BatchPlan.OnInvalidRows.REJECT));

        doThrow(S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).message("denied").build())
                .when(world.s3).headObject(any(HeadObjectRequest.class));
        // S3's answer for a missing key to a role without s3:ListBucket: refused as a file, so the batch is recorded FAILED.
        BatchFileRefused refused = assertThrows(BatchFileRefused.class, () -> plan(BatchPlan.OnInvalidRows.REJECT));
        assertEquals("FileNotReadable", refused.code());
    }

    @Test
    void aKmsThrottlingErrorIsRetryable() {
        world.file(KEY, MIXED_CSV);
        world.leavers();
        when(world.kms.generateMac(any(GenerateMacRequest.class))).thenThrow(KmsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").serviceName("KMS").build())
                .message("Rate exceeded").build());

        RetryableStepException e = assertThrows(RetryableStepException.class, () -> plan(BatchPlan.OnInvalidRows.SKIP));

        assertTrue(e.getMessage().startsWith("kms:GenerateMac failed: ThrottlingException"), e.getMessage());
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void aThrottledBatchRecordWriteIsRetryable() {
        world.file(KEY, MIXED_CSV);
        world.leavers();
        when(world.dynamoDb.putItem(any(PutItemRequest.class))).thenAnswer(call -> {
            if (call.<PutItemRequest>getArgument(0).item().get("id").s().startsWith("bat-")) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .message("throughput").build();
            }
            return software.amazon.awssdk.services.dynamodb.model.PutItemResponse.builder().build();
        });

        assertThrows(RetryableStepException.class, () -> plan(BatchPlan.OnInvalidRows.SKIP));
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void aThrottledFailureRecordIsRetryableToo() {
        when(world.dynamoDb.putItem(any(PutItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("throughput").build());

        assertThrows(RetryableStepException.class,
                () -> world.planner().plan(BATCH_ID, "another-bucket", KEY, BatchPlan.OnInvalidRows.REJECT));
    }

    @Test
    void aRowsFileThatCannotBeWrittenIsClassified() {
        world.file(KEY, MIXED_CSV);
        world.leavers();
        when(world.s3.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenThrow(S3Exception.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").build()).message("internal").build());

        assertThrows(RetryableStepException.class, () -> plan(BatchPlan.OnInvalidRows.SKIP));
    }

    @Test
    void aSelfServiceRowNeedsAnEnrolmentPage() {
        world.file(KEY, MIXED_CSV);
        world.leavers();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> world.planner(Optional.empty()).plan(BATCH_ID, BUCKET, KEY, BatchPlan.OnInvalidRows.SKIP));

        assertTrue(e.getMessage().contains("ENROLMENT_PAGE_URL"), e.getMessage());
        verify(world.s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }
}
