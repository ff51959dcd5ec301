package com.iamonboarding.local.proxy.authz;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What IAM knows about a resource that the request does not say: a user's path and tags, a
 * secret's ARN from its name, the key an object was encrypted with. {@link RequestAuthorizations}
 * asks only for what the action needs; {@link EmulatorResourceFacts} reads it from the emulator.
 */
public interface ResourceFacts {

    /** The user, or empty when there is none by that name. */
    Optional<UserFacts> user(String userName);

    /** The group's path ({@code /} or {@code /a/b/}), or empty when there is no such group. */
    Optional<String> groupPath(String groupName);

    /** The tags of the MFA device with this serial number (its ARN); empty when it has none. */
    Map<String, String> mfaDeviceTags(String serialNumber);

    /** The secret a SecretId (name, ARN or partial ARN) names, or empty when there is none. */
    Optional<SecretFacts> secret(String secretId);

    /** The ARN of the key a key id, key ARN, alias name or alias ARN names, or empty when there is none. */
    Optional<String> kmsKeyArn(String keyId);

    /** The key of the bucket's default SSE-KMS encryption, as configured; empty without one. */
    Optional<String> bucketEncryptionKey(String bucket);

    /** The key the object is encrypted with under SSE-KMS, or empty (other encryption, no such object). */
    Optional<String> objectEncryptionKey(String bucket, String key);

    /** The verified SES identity that covers this address: the address itself, or its domain. */
    /** The partition key attribute of a DynamoDB table, or of one of its indexes; empty when there is no such table. */
    Optional<String> partitionKey(String tableName, Optional<String> indexName);

    Optional<String> sesIdentity(String emailAddress);

    /** {@code path} is {@code /} or {@code /a/b/}; {@code permissionsBoundary} the boundary policy's ARN. */
    record UserFacts(String path, Map<String, String> tags, Optional<String> permissionsBoundary) {

        public UserFacts {
            Objects.requireNonNull(path, "path");
            tags = Map.copyOf(tags);
            Objects.requireNonNull(permissionsBoundary, "permissionsBoundary");
        }
    }

    /** {@code kmsKeyId} as the secret was created with it; empty for the AWS managed key. */
    record SecretFacts(String arn, Map<String, String> tags, Optional<String> kmsKeyId) {

        public SecretFacts {
            Objects.requireNonNull(arn, "arn");
            tags = Map.copyOf(tags);
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        }
    }
}
