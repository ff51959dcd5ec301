package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.support.SharedStack;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The facts the mapping needs, read from the shared moto_server, as the emulator keeps them. */
class EmulatorResourceFactsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static URI emulator;
    private static EmulatorResourceFacts facts;
    private static SdkCapture sdk;

    @BeforeAll
    static void start() {
        emulator = SharedStack.get().emulator().endpoint();
        facts = new EmulatorResourceFacts(emulator);
        sdk = new SdkCapture();
    }

    @AfterAll
    static void stop() {
        facts.close();
        sdk.close();
    }

    @Test
    void aUserHasItsPathAndTags() {
        String name = "facts-" + RUN;
        SharedStack.iam().createUser(b -> b.userName(name).path("/staff/")
                .tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build()));

        ResourceFacts.UserFacts user = facts.user(name).orElseThrow();

        assertEquals("/staff/", user.path());
        assertEquals(Map.of("ManagedBy", "iam-onboarding"), user.tags());
        assertEquals(Optional.empty(), facts.user("nobody-" + RUN));
    }

    @Test
    void aGroupHasItsPath() {
        String name = "facts-group-" + RUN;
        SharedStack.iam().createGroup(b -> b.groupName(name).path("/profiles/"));

        assertEquals(Optional.of("/profiles/"), facts.groupPath(name));
        assertEquals(Optional.empty(), facts.groupPath("no-group-" + RUN));
    }

    @Test
    void aSecretIsFoundByNameWithItsArnTagsAndKey() {
        String name = "iam-onboarding/facts-" + RUN + "/access-key";
        String created = SharedStack.secrets().createSecret(b -> b.name(name).kmsKeyId("alias/facts-" + RUN).secretString("x")
                .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build()))
                .arn();

        ResourceFacts.SecretFacts secret = facts.secret(name).orElseThrow();

        assertEquals(created, secret.arn());
        assertTrue(secret.arn().matches(".*:secret:" + name + "-[A-Za-z0-9]{6}"), secret.arn());
        assertEquals(Map.of("ManagedBy", "iam-onboarding"), secret.tags());
        assertEquals(Optional.of("alias/facts-" + RUN), secret.kmsKeyId());
        assertEquals(Optional.empty(), facts.secret("iam-onboarding/none-" + RUN));
    }

    @Test
    void keysAreFoundByIdAndAlias() {
        try (KmsClient kms = EmulatorClients.build(KmsClient.builder(), emulator)) {
            String arn = kms.createKey(b -> b.description("facts")).keyMetadata().arn();
            kms.createAlias(b -> b.aliasName("alias/facts-key-" + RUN).targetKeyId(arn));

            assertEquals(Optional.of(arn), facts.kmsKeyArn("alias/facts-key-" + RUN));
            assertEquals(Optional.of(arn), facts.kmsKeyArn(arn.substring(arn.indexOf("key/") + 4)));
            assertEquals(Optional.empty(), facts.kmsKeyArn("alias/no-key-" + RUN));
        }
    }

    @Test
    void aBucketsDefaultKeyAndAnObjectsKey() {
        String bucket = "facts-" + RUN;
        S3Client s3 = SharedStack.s3();
        s3.createBucket(b -> b.bucket(bucket));
        assertEquals(Optional.empty(), facts.bucketEncryptionKey(bucket));
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("bucket-key")))));
        s3.putObject(b -> b.bucket(bucket).key("mfa/x.png").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("object-key"),
                RequestBody.fromBytes(new byte[] {1}));

        assertEquals(Optional.of("bucket-key"), facts.bucketEncryptionKey(bucket));
        assertEquals(Optional.of("object-key"), facts.objectEncryptionKey(bucket, "mfa/x.png"));
        assertEquals(Optional.empty(), facts.objectEncryptionKey(bucket, "mfa/none.png"));
    }

    @Test
    void anAddressIsCoveredByItsVerifiedDomain() {
        String domain = "facts-" + RUN + ".example.com";
        try (SesV2Client ses = EmulatorClients.build(SesV2Client.builder(), emulator)) {
            ses.createEmailIdentity(b -> b.emailIdentity(domain));
        }

        assertEquals(Optional.of(domain), facts.sesIdentity("onboarding@" + domain));
        assertEquals(Optional.empty(), facts.sesIdentity("onboarding@unverified-" + RUN + ".example.com"));
    }

    @Test
    void aTablesAndAnIndexsPartitionKeysComeFromTheirKeySchemas() {
        String table = "facts-" + RUN;
        try (DynamoDbClient dynamoDb = EmulatorClients.build(DynamoDbClient.builder(), emulator)) {
            dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("Id").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("Owner").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("At").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("Id").keyType(KeyType.HASH), k -> k.attributeName("At").keyType(KeyType.RANGE))
                    .globalSecondaryIndexes(g -> g.indexName("ByOwner").projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                            .keySchema(k -> k.attributeName("Owner").keyType(KeyType.HASH))));
        }

        assertEquals(Optional.of("Id"), facts.partitionKey(table, Optional.empty()));
        assertEquals(Optional.of("Owner"), facts.partitionKey(table, Optional.of("ByOwner")));
        assertEquals(Optional.empty(), facts.partitionKey("no-such-table-" + RUN, Optional.empty()));
    }

    /** moto keeps no MFA device tags; the facts keep those of the requests the local stack saw applied. */
    @Test
    void mfaDeviceTagsComeFromTheTaggingRequests() {
        IamClient iam = sdk.iam;
        String serial = "arn:aws:iam::123456789012:mfa/staff/facts-" + RUN;

        facts.rememberMfaDeviceTags(sdk.capture(c -> iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("facts-" + RUN)
                .path("/staff/").tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build()))));
        facts.rememberMfaDeviceTags(sdk.capture(c -> iam.tagMFADevice(b -> b.serialNumber(serial)
                .tags(Tag.builder().key("OnboardingId").value("ob-1").build()))));
        assertEquals(Map.of("ManagedBy", "iam-onboarding", "OnboardingId", "ob-1"), facts.mfaDeviceTags(serial));

        facts.rememberMfaDeviceTags(sdk.capture(c -> iam.untagMFADevice(b -> b.serialNumber(serial).tagKeys("OnboardingId"))));
        assertEquals(Map.of("ManagedBy", "iam-onboarding"), facts.mfaDeviceTags(serial));

        facts.rememberMfaDeviceTags(sdk.capture(c -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serial))));
        assertEquals(Map.of(), facts.mfaDeviceTags(serial));
    }
}
