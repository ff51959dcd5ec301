package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.AwsRequestParser;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.template.PseudoParameters;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * S3 object calls and object listing, path-style as the functions address the emulator
 * ({@code /bucket/key}). HeadObject is authorised as s3:GetObject and ListObjects(V2) as
 * s3:ListBucket. With SSE-KMS, S3 asks KMS with the caller's permissions: kms:GenerateDataKey to
 * write an object, kms:Decrypt to read it; an object written with {@code x-amz-tagging} is also
 * s3:PutObjectTagging.
 */
final class S3Requests implements ServiceRequests {

    /** Request headers whose value IAM sees as the condition key {@code s3:<header>} on s3:PutObject. */
    private static final List<String> PUT_HEADERS = List.of(
            "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-customer-algorithm", "x-amz-acl", "x-amz-grant-read", "x-amz-grant-write",
            "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control", "x-amz-storage-class",
            "x-amz-copy-source", "x-amz-metadata-directive", "x-amz-website-redirect-location");

    /** Object lock headers, whose condition keys drop the {@code x-amz-}. */
    private static final List<String> OBJECT_LOCK_HEADERS = List.of(
            "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold");

    /** The query fields of ListObjects and ListObjectsV2; any other names a bucket subresource. */
    private static final Set<String> LIST_FIELDS = Set.of("list-type", "prefix", "delimiter", "max-keys",
            "continuation-token", "start-after", "fetch-owner", "encoding-type", "marker", "x-id");

    private static final String KMS_ENCRYPTION = "aws:kms";

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        String[] bucketAndKey = bucketAndKey(request.path());
        String bucket = bucketAndKey[0];
        if (bucketAndKey.length == 1) {
            return List.of(request.parameters().containsKey("policy") ? bucketPolicy(request, scope, bucket)
                    : listBucket(request, scope, bucket));
        }
        String key = bucketAndKey[1];
        String object = Arns.s3Object(bucket, key);
        return switch (request.action()) {
            case "PutObject" -> putObject(request, scope, bucket, object);
            case "GetObject" -> withKms(List.of(onObject(request, scope, "s3:GetObject", object).build()),
                    scope.facts().objectEncryptionKey(bucket, key), "kms:Decrypt", object, scope);
            case "HeadObject" -> List.of(onObject(request, scope, "s3:GetObject", object).build());
            case "DeleteObject" -> List.of(onObject(request, scope, "s3:DeleteObject", object).build());
            default -> throw ServiceRequests.unknown(request);
        };
    }

    /** {@code ?policy}: s3:GetBucketPolicy, s3:PutBucketPolicy, s3:DeleteBucketPolicy by the method. */
    private static Authorization bucketPolicy(RecordedRequest request, Scope scope, String bucket) {
        String action = switch (request.method()) {
            case "GET" -> "s3:GetBucketPolicy";
            case "PUT" -> "s3:PutBucketPolicy";
            case "DELETE" -> "s3:DeleteBucketPolicy";
            default -> throw ServiceRequests.unknown(request);
        };
        return common(request, scope.authorize(action, Arns.s3Bucket(bucket))).build();
    }

    private static Authorization listBucket(RecordedRequest request, Scope scope, String bucket) {
        boolean listing = request.method().equals("GET")
                && request.parameters().keySet().stream().allMatch(name -> LIST_FIELDS.contains(name) || name.startsWith("x-amz-"));
        if (!listing) {
            throw ServiceRequests.unknown(request);
        }
        return common(request, scope.authorize("s3:ListBucket", Arns.s3Bucket(bucket)))
                .with("s3:prefix", Params.text(request, "prefix"))
                .with("s3:delimiter", Params.text(request, "delimiter"))
                .with("s3:max-keys", Params.text(request, "max-keys"))
                .build();
    }

    private static List<Authorization> putObject(RecordedRequest request, Scope scope, String bucket, String object) {
        Map<String, String> tags = objectTags(request);
        AuthorizationBuilder put = onObject(request, scope, "s3:PutObject", object);
        PUT_HEADERS.forEach(header -> put.with("s3:" + header, Params.text(request, header)));
        OBJECT_LOCK_HEADERS.forEach(header -> put.with("s3:" + header.substring("x-amz-".length()), Params.text(request, header)));
        List<Authorization> authorizations = new ArrayList<>();
        authorizations.add(withObjectTags(put, tags).build());
        if (!tags.isEmpty()) {
            authorizations.add(withObjectTags(onObject(request, scope, "s3:PutObjectTagging", object), tags).build());
        }
        return withKms(authorizations, writeKey(request, scope, bucket), "kms:GenerateDataKey", object, scope);
    }

    /**
     * The key S3 encrypts a new object with: the one the request names, else the bucket's default;
     * none when the request asks for other encryption.
     */
    private static Optional<String> writeKey(RecordedRequest request, Scope scope, String bucket) {
        Optional<String> encryption = Params.text(request, "x-amz-server-side-encryption");
        if (encryption.isPresent() && !encryption.get().startsWith(KMS_ENCRYPTION)) {
            return Optional.empty();
        }
        return Params.text(request, "x-amz-server-side-encryption-aws-kms-key-id")
                .or(() -> scope.facts().bucketEncryptionKey(bucket));
    }

    private static List<Authorization> withKms(List<Authorization> s3, Optional<String> keyId, String kmsAction,
                                               String object, Scope scope) {
        if (keyId.isEmpty() || KmsKeys.awsManaged(keyId.get())) {
            return s3;
        }
        List<Authorization> all = new ArrayList<>(s3);
        all.add(scope.kmsOnBehalf("s3", kmsAction, KmsKeys.arn(keyId.get(), scope))
                .with("kms:EncryptionContext:aws:s3:arn", object).build());
        return all;
    }

    private static AuthorizationBuilder onObject(RecordedRequest request, Scope scope, String action, String object) {
        return common(request, scope.authorize(action, object));
    }

    /** Keys S3 sets on every request signed the way the SDK signs. */
    private static AuthorizationBuilder common(RecordedRequest request, AuthorizationBuilder builder) {
        return builder.with("s3:ResourceAccount", PseudoParameters.ACCOUNT_ID)
                .with("s3:authType", "REST-HEADER")
                .with("s3:signatureversion", "AWS4-HMAC-SHA256")
                .with("s3:x-amz-content-sha256", Params.text(request, "x-amz-content-sha256"));
    }

    /** {@code x-amz-tagging}: URL-encoded {@code key=value&…}. */
    private static Map<String, String> objectTags(RecordedRequest request) {
        return AwsRequestParser.form(Params.text(request, "x-amz-tagging").orElse(""));
    }

    private static AuthorizationBuilder withObjectTags(AuthorizationBuilder builder, Map<String, String> tags) {
        return builder.withTags("s3:RequestObjectTag/", tags).withAll("s3:RequestObjectTagKeys", tags.keySet());
    }

    /** {@code [bucket]} or {@code [bucket, key]} of a path-style path; the key percent-decoded. */
    static String[] bucketAndKey(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            return new String[] {decode(slash < 0 ? path : path.substring(0, slash))};
        }
        return new String[] {decode(path.substring(0, slash)), decode(path.substring(slash + 1))};
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
