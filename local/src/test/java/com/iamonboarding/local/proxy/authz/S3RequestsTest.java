package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * S3 calls, against the Service Authorization Reference for S3 (resource types {@code object}
 * {@code arn:${Partition}:s3:::${BucketName}/${ObjectName}} and {@code bucket}) and for KMS, which
 * S3 calls with the caller's permissions for SSE-KMS (AWS KMS Developer Guide, kms:ViaService).
 */
class S3RequestsTest extends MappingTestSupport {

    private static final String OBJECT = "arn:aws:s3:::iam-onboarding-qr/mfa/jane.doe/qr code.png";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, List<String>> TAGS = Map.of(
            "s3:RequestObjectTag/ManagedBy", List.of("iam-onboarding"),
            "s3:RequestObjectTag/OnboardingId", List.of("ob-1"),
            "s3:RequestObjectTagKeys", List.of("ManagedBy", "OnboardingId"));
    private static final Map<String, List<String>> KMS_VIA_S3 = Map.of(
            "kms:ViaService", List.of("s3.us-east-1.amazonaws.com"),
            "kms:CallerAccount", List.of("123456789012"),
            "kms:EncryptionContext:aws:s3:arn", List.of(OBJECT));

    @Test
    void putObjectWithSseKmsAndTaggingIsPutObjectPutObjectTaggingAndGenerateDataKeyViaS3() {
        RecordedRequest request = sdk.capture(SampleCalls.PUT_OBJECT.call());
        List<Authorization> authorizations = mapped(request);

        assertEquals(3, authorizations.size(), authorizations::toString);
        assertAuthorization("s3:PutObject", OBJECT, authorizations.get(0));
        assertContext(plus(plus(common(request), TAGS), Map.of(
                "s3:x-amz-server-side-encryption", List.of("aws:kms"),
                "s3:x-amz-server-side-encryption-aws-kms-key-id", List.of(KEY))), authorizations.get(0));

        assertAuthorization("s3:PutObjectTagging", OBJECT, authorizations.get(1));
        assertContext(plus(common(request), TAGS), authorizations.get(1));

        assertAuthorization("kms:GenerateDataKey", KEY, authorizations.get(2));
        assertContext(KMS_VIA_S3, authorizations.get(2));
        assertEquals(List.of("true"), authorizations.get(2).context().get("aws:ViaAWSService"));
    }

    @Test
    void putObjectWithoutEncryptionHeadersUsesTheBucketsDefaultKey() {
        List<Authorization> authorizations = map(SampleCalls.PUT_OBJECT_BUCKET_DEFAULT_KEY);

        assertEquals(List.of("s3:PutObject on " + OBJECT, "kms:GenerateDataKey on " + KEY),
                authorizations.stream().map(Authorization::toString).toList());
        assertNoKey("s3:x-amz-server-side-encryption", authorizations.get(0));
    }

    @Test
    void putObjectWithSseS3CallsNoKms() {
        List<Authorization> authorizations = mapped(sdk.capture(c -> c.s3.putObject(b -> b.bucket(SampleCalls.BUCKET)
                .key(SampleCalls.OBJECT_KEY).serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(new byte[1]))));

        assertEquals(1, authorizations.size(), authorizations::toString);
        assertEquals(List.of("AES256"), authorizations.get(0).context().get("s3:x-amz-server-side-encryption"));
    }

    @Test
    void headObjectIsGetObjectWithoutDecrypting() {
        RecordedRequest request = sdk.capture(SampleCalls.HEAD_OBJECT.call());

        assertEquals(List.of("s3:GetObject on " + OBJECT), mapped(request).stream().map(Authorization::toString).toList());
        assertContext(common(request), mapped(request).get(0));
    }

    @Test
    void getObjectOfAnSseKmsObjectIsAlsoDecryptViaS3() {
        RecordedRequest request = sdk.capture(SampleCalls.GET_OBJECT.call());
        List<Authorization> authorizations = mapped(request);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("s3:GetObject", OBJECT, authorizations.get(0));
        assertContext(common(request), authorizations.get(0));
        assertAuthorization("kms:Decrypt", KEY, authorizations.get(1));
        assertContext(KMS_VIA_S3, authorizations.get(1));
    }

    @Test
    void listObjectsV2IsListBucketOnTheBucketWithThePrefix() {
        RecordedRequest request = sdk.capture(SampleCalls.LIST_OBJECTS_V2.call());
        Authorization authorization = mapped(request).get(0);

        assertAuthorization("s3:ListBucket", "arn:aws:s3:::iam-onboarding-qr", authorization);
        assertContext(plus(common(request), Map.of("s3:prefix", List.of("mfa/jane.doe/"), "s3:max-keys", List.of("10"))),
                authorization);
    }

    @Test
    void deleteObjectIsOnTheObject() {
        RecordedRequest request = sdk.capture(SampleCalls.DELETE_OBJECT.call());

        assertEquals(List.of("s3:DeleteObject on " + OBJECT), mapped(request).stream().map(Authorization::toString).toList());
        assertContext(common(request), mapped(request).get(0));
    }

    @Test
    void theBucketPolicyIsGetPutOrDeleteBucketPolicyByTheMethod() {
        for (Map.Entry<String, RecordedRequest> call : Map.of(
                "s3:GetBucketPolicy", sdk.capture(c -> c.s3.getBucketPolicy(b -> b.bucket(SampleCalls.BUCKET))),
                "s3:PutBucketPolicy", sdk.capture(c -> c.s3.putBucketPolicy(b -> b.bucket(SampleCalls.BUCKET).policy("{}"))),
                "s3:DeleteBucketPolicy", sdk.capture(c -> c.s3.deleteBucketPolicy(b -> b.bucket(SampleCalls.BUCKET)))).entrySet()) {
            List<Authorization> authorizations = mapped(call.getValue());
            assertEquals(1, authorizations.size(), call.getKey());
            assertAuthorization(call.getKey(), "arn:aws:s3:::iam-onboarding-qr", authorizations.get(0));
            assertContext(common(call.getValue()), authorizations.get(0));
        }
    }

    @Test
    void aBucketSubresourceIsUnmapped() {
        Mapping mapping = mapping(sdk.capture(c -> c.s3.getBucketTagging(b -> b.bucket(SampleCalls.BUCKET))), FUNCTION);

        assertInstanceOf(Mapping.Unmapped.class, mapping);
    }

    private List<Authorization> mapped(RecordedRequest request) {
        return assertInstanceOf(Mapping.Mapped.class, mapping(request, FUNCTION)).authorizations();
    }

    /** What S3 sets on every SigV4 header-signed request; the payload hash is the SDK's header. */
    private static Map<String, List<String>> common(RecordedRequest request) {
        return Map.of(
                "s3:ResourceAccount", List.of("123456789012"),
                "s3:authType", List.of("REST-HEADER"),
                "s3:signatureversion", List.of("AWS4-HMAC-SHA256"),
                "s3:x-amz-content-sha256", List.of(request.parameter("x-amz-content-sha256")));
    }
}
