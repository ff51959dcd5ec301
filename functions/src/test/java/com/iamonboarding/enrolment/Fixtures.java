package com.iamonboarding.enrolment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Values and DynamoDB items the enrolment tests share; written out here, never taken from the code under test. */
final class Fixtures {

    static final String TABLE = "iam-onboarding-invitations";
    static final String ONBOARDING_ID = "onb-7a1b2c3d4e5f";
    static final String USER = "jane.doe";
    static final String EMAIL = "jane.doe@example.com";
    static final String ENROLMENT_URL = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/enrol";
    static final String SIGN_IN_URL = "https://example-corp.signin.aws.amazon.com/console";
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/" + USER;
    static final String TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAa1b2c3d4-secret-task-token";
    /** A token of the shape InvitationToken makes: 43 base64url characters (32 bytes, no padding). */
    static final String TOKEN = "vQx7-LmN2pR8sT4uW6yZ0aB1cD5eF9gH3iJ0kL_mN2o";
    static final String TOKEN_HASH = sha256Hex(TOKEN);

    private Fixtures() {
    }

    /** SHA-256, hex, computed here independently of InvitationToken. */
    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An invitation item as the table holds it. {@code serial} null: no visit of the page yet. */
    static Map<String, AttributeValue> invitationItem(String tokenHash, String status, Instant expiresAt, int attempts, int starts,
                                                      String serial) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tokenHash", AttributeValue.fromS(tokenHash));
        item.put("invitationId", AttributeValue.fromS("inv-" + tokenHash.substring(0, Math.min(8, tokenHash.length()))));
        item.put("onboardingId", AttributeValue.fromS(ONBOARDING_ID));
        item.put("userName", AttributeValue.fromS(USER));
        item.put("taskToken", AttributeValue.fromS(TASK_TOKEN));
        item.put("expiresAt", AttributeValue.fromS(expiresAt.toString()));
        item.put("status", AttributeValue.fromS(status));
        item.put("attempts", AttributeValue.fromN(Integer.toString(attempts)));
        item.put("starts", AttributeValue.fromN(Integer.toString(starts)));
        item.put("email", AttributeValue.fromS(EMAIL));
        item.put("displayName", AttributeValue.fromS("Jane Doe"));
        item.put("signInUrl", AttributeValue.fromS(SIGN_IN_URL));
        item.put("enrolmentUrl", AttributeValue.fromS(ENROLMENT_URL));
        if (serial != null) {
            item.put("mfaSerial", AttributeValue.fromS(serial));
        }
        return item;
    }

    static ConditionalCheckFailedException conditionFailed() {
        return (ConditionalCheckFailedException) ConditionalCheckFailedException.builder().statusCode(400)
                .message("The conditional request failed")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException")
                        .errorMessage("The conditional request failed").serviceName("DynamoDb").build())
                .build();
    }

    /** A real SDK exception of the given type, with the code and status the service answers. */
    static <T extends AwsServiceException> T error(AwsServiceException.Builder builder, String code, int status) {
        @SuppressWarnings("unchecked")
        T e = (T) builder.statusCode(status).message(code + " (test)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " (test)").build()).build();
        return e;
    }
}
