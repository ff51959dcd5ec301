package com.iamonboarding.local.proxy.authz;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Resource facts set by a test; anything not set does not exist. */
final class FakeResourceFacts implements ResourceFacts {

    final Map<String, UserFacts> users = new HashMap<>();
    final Map<String, String> groupPaths = new HashMap<>();
    final Map<String, Map<String, String>> mfaDeviceTags = new HashMap<>();
    final Map<String, SecretFacts> secrets = new HashMap<>();
    final Map<String, String> keyArns = new HashMap<>();
    final Map<String, String> bucketKeys = new HashMap<>();
    final Map<String, String> objectKeys = new HashMap<>();
    final Map<String, String> sesIdentities = new HashMap<>();
    /** By table name, or {@code table/index}. */
    final Map<String, String> partitionKeys = new HashMap<>();

    @Override
    public Optional<UserFacts> user(String userName) {
        return Optional.ofNullable(users.get(userName));
    }

    @Override
    public Optional<String> groupPath(String groupName) {
        return Optional.ofNullable(groupPaths.get(groupName));
    }

    @Override
    public Map<String, String> mfaDeviceTags(String serialNumber) {
        return mfaDeviceTags.getOrDefault(serialNumber, Map.of());
    }

    @Override
    public Optional<SecretFacts> secret(String secretId) {
        return Optional.ofNullable(secrets.get(secretId));
    }

    @Override
    public Optional<String> kmsKeyArn(String keyId) {
        return Optional.ofNullable(keyArns.get(keyId));
    }

    @Override
    public Optional<String> bucketEncryptionKey(String bucket) {
        return Optional.ofNullable(bucketKeys.get(bucket));
    }

    @Override
    public Optional<String> objectEncryptionKey(String bucket, String key) {
        return Optional.ofNullable(objectKeys.get(bucket + "/" + key));
    }

    @Override
    public Optional<String> partitionKey(String tableName, Optional<String> indexName) {
        return Optional.ofNullable(partitionKeys.get(indexName.map(i -> tableName + "/" + i).orElse(tableName)));
    }

    @Override
    public Optional<String> sesIdentity(String emailAddress) {
        return Optional.ofNullable(sesIdentities.get(emailAddress));
    }
}
