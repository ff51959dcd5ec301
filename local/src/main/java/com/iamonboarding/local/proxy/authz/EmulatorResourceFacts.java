package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.stack.EmulatorClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@link ResourceFacts} read from the emulator with the local stack's own clients, straight to
 * moto (not through the local Lambda endpoint, whose requests are the ones being authorised).
 * moto keeps no tags on MFA devices, so those come from the tagging requests the local stack saw
 * succeed ({@link #rememberMfaDeviceTags}); it keeps no user permissions boundary either, so
 * {@code iam:PermissionsBoundary} of an existing user is never set locally.
 */
public final class EmulatorResourceFacts implements ResourceFacts, AutoCloseable {

    private static final int NOT_FOUND = 404;

    private final IamClient iam;
    private final S3Client s3;
    private final KmsClient kms;
    private final SecretsManagerClient secrets;
    private final SesV2Client ses;
    private final DynamoDbClient dynamoDb;
    /** Key schemas do not change: read once per table or index. */
    private final Map<String, Optional<String>> partitionKeys = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> mfaDeviceTags = new ConcurrentHashMap<>();
    /** moto drops a user's permissions boundary: the boundaries the emulator was asked to set, by user name. */
    private final Map<String, String> boundaries = new ConcurrentHashMap<>();

    public EmulatorResourceFacts(URI emulator) {
        this.iam = EmulatorClients.build(IamClient.builder(), emulator);
        this.s3 = EmulatorClients.build(S3Client.builder().forcePathStyle(true), emulator);
        this.kms = EmulatorClients.build(KmsClient.builder(), emulator);
        this.secrets = EmulatorClients.build(SecretsManagerClient.builder(), emulator);
        this.ses = EmulatorClients.build(SesV2Client.builder(), emulator);
        this.dynamoDb = EmulatorClients.build(DynamoDbClient.builder(), emulator);
    }

    @Override
    public Optional<UserFacts> user(String userName) {
        try {
            User user = iam.getUser(b -> b.userName(userName)).user();
            Map<String, String> tags = iam.listUserTags(b -> b.userName(userName)).tags().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
            Optional<String> boundary = Optional.ofNullable(user.permissionsBoundary())
                    .map(AttachedPermissionsBoundary::permissionsBoundaryArn)
                    .or(() -> Optional.ofNullable(boundaries.get(userName)));
            return Optional.of(new UserFacts(user.path(), tags, boundary));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> groupPath(String groupName) {
        try {
            return Optional.of(iam.getGroup(b -> b.groupName(groupName).maxItems(1)).group().path());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, String> mfaDeviceTags(String serialNumber) {
        return Map.copyOf(mfaDeviceTags.getOrDefault(serialNumber, Map.of()));
    }

    /**
     * Keeps the tags of an IAM request the emulator applied: CreateVirtualMFADevice, TagMFADevice,
     * UntagMFADevice and DeleteVirtualMFADevice change them; any other request is ignored.
     */
    public void rememberMfaDeviceTags(RecordedRequest applied) {
        if (!applied.service().equals("iam")) {
            return;
        }
        switch (applied.action()) {
            case "CreateVirtualMFADevice" -> Params.text(applied, "VirtualMFADeviceName").ifPresent(name ->
                    mfaDeviceTags.put(Arns.iam("mfa", Params.text(applied, "Path").orElse("/"), name),
                            Params.memberTags(applied, "Tags")));
            case "TagMFADevice" -> Params.text(applied, "SerialNumber").ifPresent(serial ->
                    mfaDeviceTags.merge(serial, Params.memberTags(applied, "Tags"), EmulatorResourceFacts::merged));
            case "UntagMFADevice" -> Params.text(applied, "SerialNumber").ifPresent(serial ->
                    mfaDeviceTags.computeIfPresent(serial, (s, tags) -> without(tags, untagged(applied))));
            case "DeleteVirtualMFADevice" -> Params.text(applied, "SerialNumber").ifPresent(mfaDeviceTags::remove);
            default -> {
                // Not a change to an MFA device's tags.
            }
        }
    }

    /**
     * Keeps the permissions boundary of an IAM request the emulator applied (CreateUser with a
     * boundary, PutUserPermissionsBoundary; DeleteUserPermissionsBoundary and DeleteUser forget it),
     * since moto keeps none.
     */
    public void rememberBoundaries(RecordedRequest applied) {
        if (!applied.service().equals("iam")) {
            return;
        }
        Optional<String> user = Params.text(applied, "UserName");
        switch (applied.action()) {
            case "CreateUser", "PutUserPermissionsBoundary" -> user.ifPresent(name ->
                    Params.text(applied, "PermissionsBoundary").ifPresent(boundary -> boundaries.put(name, boundary)));
            case "DeleteUserPermissionsBoundary", "DeleteUser" -> user.ifPresent(boundaries::remove);
            default -> {
                // Not a change to a user's boundary.
            }
        }
    }

    @Override
    public Optional<SecretFacts> secret(String secretId) {
        try {
            DescribeSecretResponse secret = secrets.describeSecret(b -> b.secretId(secretId));
            Map<String, String> tags = secret.tags().stream().collect(Collectors.toMap(
                    software.amazon.awssdk.services.secretsmanager.model.Tag::key,
                    software.amazon.awssdk.services.secretsmanager.model.Tag::value, (a, b) -> b, LinkedHashMap::new));
            return Optional.of(new SecretFacts(secret.arn(), tags, Optional.ofNullable(secret.kmsKeyId())));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> kmsKeyArn(String keyId) {
        try {
            return Optional.of(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn());
        } catch (software.amazon.awssdk.services.kms.model.NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> bucketEncryptionKey(String bucket) {
        try {
            return s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().stream()
                    .map(rule -> rule.applyServerSideEncryptionByDefault())
                    .filter(byDefault -> byDefault != null && byDefault.sseAlgorithm() == ServerSideEncryption.AWS_KMS)
                    .map(ServerSideEncryptionByDefault::kmsMasterKeyID)
                    .filter(key -> key != null)
                    .findFirst();
        } catch (S3Exception e) {
            return notFound(e);
        }
    }

    @Override
    public Optional<String> objectEncryptionKey(String bucket, String key) {
        try {
            HeadObjectResponse object = s3.headObject(b -> b.bucket(bucket).key(key));
            return object.serverSideEncryption() == ServerSideEncryption.AWS_KMS
                    ? Optional.ofNullable(object.ssekmsKeyId()) : Optional.empty();
        } catch (S3Exception e) {
            return notFound(e);
        }
    }

    @Override
    public Optional<String> sesIdentity(String emailAddress) {
        String domain = emailAddress.substring(emailAddress.indexOf('@') + 1);
        for (String identity : List.of(emailAddress, domain)) {
            try {
                ses.getEmailIdentity(b -> b.emailIdentity(identity));
                return Optional.of(identity);
            } catch (software.amazon.awssdk.services.sesv2.model.NotFoundException e) {
                // Not verified under this name; try the next.
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> partitionKey(String tableName, Optional<String> indexName) {
        return partitionKeys.computeIfAbsent(tableName + indexName.map(i -> "/" + i).orElse(""), k -> {
            try {
                TableDescription table = dynamoDb.describeTable(b -> b.tableName(tableName)).table();
                List<KeySchemaElement> schema = indexName.map(index -> indexSchema(table, index)).orElse(table.keySchema());
                return schema.stream().filter(e -> e.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName).findFirst();
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private static List<KeySchemaElement> indexSchema(TableDescription table, String index) {
        return java.util.stream.Stream.concat(
                table.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(index)).map(i -> i.keySchema()),
                table.localSecondaryIndexes().stream().filter(i -> i.indexName().equals(index)).map(i -> i.keySchema()))
                .findFirst().orElse(List.of());
    }

    /** S3 answers a bucket without default encryption, and a missing object, with a 404. */
    private static <T> Optional<T> notFound(S3Exception e) {
        if (e.statusCode() == NOT_FOUND) {
            return Optional.empty();
        }
        throw e;
    }

    private static Map<String, String> merged(Map<String, String> tags, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        return merged;
    }

    private static Map<String, String> without(Map<String, String> tags, List<String> keys) {
        Map<String, String> remaining = new LinkedHashMap<>(tags);
        keys.forEach(remaining::remove);
        return remaining;
    }

    private static List<String> untagged(RecordedRequest request) {
        return request.parameters().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("TagKeys.member."))
                .map(entry -> String.valueOf(entry.getValue()))
                .toList();
    }

    @Override
    public void close() {
        List.<SdkClient>of(iam, s3, kms, secrets, ses, dynamoDb).forEach(SdkClient::close);
    }
}
