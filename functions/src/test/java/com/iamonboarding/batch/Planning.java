package com.iamonboarding.batch;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.common.Log;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import com.iamonboarding.offboarding.api.UserLookup;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mockito.ArgumentCaptor;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The world a batch is planned in, for BatchPlannerTest and PlanBatchHandlerTest: the real
 * planner (real validator, seal, status table and batch table) over mocked S3, IAM, KMS and
 * DynamoDB clients that answer with real response objects, and the requests they were sent.
 */
final class Planning {

    static final Instant NOW = Instant.parse("2027-01-15T09:00:00Z");
    /** NOW + 400 days (the status table's TTL), in epoch seconds. */
    static final String EXPIRES_AT = "1834563600";
    /** The sample event's bucket (events/PlanBatchFunction.json). */
    static final String BUCKET = "iam-onboarding-local-intakebucket";
    static final String TABLE = "iam-onboarding-status";
    static final String BATCH_ID = "bat-0123456789abcdef0123456789abcdef";
    static final String ONBOARDING_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-onboarding";
    static final String OFFBOARDING_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:iam-onboarding-offboarding";
    static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/seal-key";
    static final String ENROLMENT_URL = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/enrol";
    /** What the mocked KMS answers GenerateMac with, and its base64 form as a seal carries it. */
    static final String MAC_BYTES = "mac-made-by-the-seal-key";
    static final String MAC = "bWFjLW1hZGUtYnktdGhlLXNlYWwta2V5";

    /**
     * Six rows: an OPERATOR and a SELF_SERVICE joiner, an invalid joiner (a space in the user
     * name), a leaver iam-onboarding created, a leaver it did not create, a leaver IAM does not know.
     */
    static final String MIXED_CSV = """
            action,employeeId,userName,email,accessProfile,handover,reason
            onboard,E-1,ann.lee,ann.lee@example.com,developer,OPERATOR,
            onboard,E-2,bob.ray,bob.ray@example.com,billing,SELF_SERVICE,
            onboard,E-3,bad name,bad.name@example.com,developer,,
            offboard,,cat.fox,,,,Left 2027-01-31
            offboard,,dan.orr,,,,Left 2027-01-31
            offboard,,eve.kim,,,,Left 2027-01-31
            """;

    /** The ids the API would give these requests: the first 32 hex digits of SHA-256 over their canonical JSON. */
    static final String ANN_ID = id("onb-", "{\"accessProfile\":\"developer\",\"consoleAccess\":true,\"email\":\"ann.lee@example.com\","
            + "\"employeeId\":\"E-1\",\"handover\":\"OPERATOR\",\"programmaticAccess\":true,\"tags\":{},\"userName\":\"ann.lee\"}");
    static final String BOB_ID = id("onb-", "{\"accessProfile\":\"billing\",\"consoleAccess\":true,\"email\":\"bob.ray@example.com\","
            + "\"employeeId\":\"E-2\",\"handover\":\"SELF_SERVICE\",\"programmaticAccess\":true,\"tags\":{},\"userName\":\"bob.ray\"}");
    /**
     * The offboarding id also covers the user's IAM id. ("forced" is OffboardingRequest.isForced()
     * read as a property by Jackson: the API's offboarding ids have always included it.)
     */
    static final String CAT_ID = id("off-", "{\"dryRun\":false,\"force\":false,\"forced\":false,\"mode\":\"DISABLE\",\"reason\":\"Left 2027-01-31\","
            + "\"userId\":\"AIDACATFOX\",\"userName\":\"cat.fox\"}");

    final S3Client s3 = SdkClients.mockClient(S3Client.class);
    final IamClient iam = SdkClients.mockClient(IamClient.class);
    final KmsClient kms = mock(KmsClient.class, withSettings().strictness(Strictness.LENIENT));
    final DynamoDbClient dynamoDb = mock(DynamoDbClient.class, withSettings().strictness(Strictness.LENIENT));

    Planning() {
        lenient().when(kms.generateMac(any(GenerateMacRequest.class)))
                .thenReturn(GenerateMacResponse.builder().mac(SdkBytes.fromUtf8String(MAC_BYTES)).keyId(KEY_ARN).build());
        lenient().when(dynamoDb.putItem(any(PutItemRequest.class))).thenReturn(PutItemResponse.builder().build());
        lenient().when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().eTag("\"etag\"").build());
    }

    BatchPlanner planner() {
        return planner(Optional.of(ENROLMENT_URL));
    }

    BatchPlanner planner(Optional<String> enrolmentPageUrl) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BatchValidator validator = new BatchValidator(new RequestValidator(AccessProfiles.bundled()), new OffboardingRequestValidator());
        return new BatchPlanner(s3, validator, new UserLookup(iam), new InputSeal(kms, KEY_ARN, clock),
                new StatusTable(dynamoDb, TABLE, clock, Log.forFunction("test")), new BatchTable(dynamoDb, TABLE, clock),
                new BatchPlanner.Settings(BUCKET, ONBOARDING_ARN, OFFBOARDING_ARN, "/onboarded/", enrolmentPageUrl, 259_200, 5, 10));
    }

    /** The file {@code key} of the intake bucket holds {@code text}. */
    void file(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        lenient().when(s3.headObject(any(HeadObjectRequest.class)))
                .thenReturn(HeadObjectResponse.builder().contentLength((long) bytes.length).contentType("text/csv").build());
        lenient().when(s3.getObjectAsBytes(any(GetObjectRequest.class)))
                .thenReturn(ResponseBytes.fromByteArray(GetObjectResponse.builder().contentLength((long) bytes.length).build(), bytes));
    }

    /** IAM answers GetUser and ListUserTags for the mixed file's three leavers: managed, not managed, missing. */
    void leavers() {
        lenient().when(iam.getUser(any(GetUserRequest.class))).thenAnswer(call -> {
            String name = call.<GetUserRequest>getArgument(0).userName();
            return switch (name) {
                case "cat.fox" -> GetUserResponse.builder().user(user(name, "/onboarded/", "AIDACATFOX")).build();
                case "dan.orr" -> GetUserResponse.builder().user(user(name, "/onboarded/", "AIDADANORR")).build();
                default -> throw com.iamonboarding.testsupport.AwsExceptions.noSuchEntity();
            };
        });
        lenient().when(iam.listUserTags(any(ListUserTagsRequest.class))).thenAnswer(call -> {
            String name = call.<ListUserTagsRequest>getArgument(0).userName();
            return switch (name) {
                case "cat.fox" -> ListUserTagsResponse.builder().tags(tag("ManagedBy", "iam-onboarding"), tag("OnboardingId", "onb-cat"))
                        .isTruncated(false).build();
                // Under the path, but never tagged by iam-onboarding: someone else's user.
                case "dan.orr" -> ListUserTagsResponse.builder().tags(tag("Team", "ops")).isTruncated(false).build();
                default -> throw com.iamonboarding.testsupport.AwsExceptions.noSuchEntity();
            };
        });
    }

    static User user(String name, String path, String userId) {
        return User.builder().userName(name).path(path).userId(userId).arn("arn:aws:iam::123456789012:user" + path + name)
                .createDate(Instant.parse("2026-01-05T10:00:00Z")).build();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** Every PutItem the table was sent, in order (none: an empty list). */
    List<PutItemRequest> putItems() {
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(dynamoDb, atLeast(0)).putItem(put.capture());
        return put.getAllValues();
    }

    /** The batch's own record: the PutItem of workflow "batch". */
    Map<String, AttributeValue> batchItem() {
        List<Map<String, AttributeValue>> batches = putItems().stream().map(PutItemRequest::item)
                .filter(item -> item.get("workflow").s().equals("batch")).toList();
        if (batches.size() != 1) {
            throw new AssertionError("expected one batch record, got " + batches.size());
        }
        return batches.get(0);
    }

    /** The status records begun for rows: every other PutItem. */
    List<PutItemRequest> statusPuts() {
        return new ArrayList<>(putItems().stream().filter(put -> !put.item().get("workflow").s().equals("batch")).toList());
    }

    static String id(String prefix, String canonicalJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
