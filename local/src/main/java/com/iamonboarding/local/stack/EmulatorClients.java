package com.iamonboarding.local.stack;

import com.iamonboarding.local.template.PseudoParameters;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SDK clients of the local stack itself (provisioning, watching executions, reading results),
 * talking straight to the emulator with its dummy credentials; or, built with other credentials
 * against the local proxy, clients of a principal whose requests the stack authorises.
 */
public final class EmulatorClients implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";

    private final URI endpoint;
    private final AwsCredentials credentials;
    private final List<SdkClient> opened = new ArrayList<>();
    private IamClient iam;
    private S3Client s3;
    private KmsClient kms;
    private EventBridgeClient eventBridge;
    private SfnClient sfn;
    private DynamoDbClient dynamoDb;
    private SecretsManagerClient secretsManager;

    public EmulatorClients(URI endpoint) {
        this(endpoint, AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Clients that sign with {@code credentials}: through the local proxy, as a principal the stack authorises. */
    public EmulatorClients(URI endpoint, AwsCredentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Configures any SDK client builder for the emulator at {@code endpoint}. */
    public static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        return build(builder, endpoint, AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** The same, signing with {@code credentials}. */
    public static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint,
                                                                                         AwsCredentials credentials) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(PseudoParameters.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = track(build(IamClient.builder(), endpoint, credentials));
        }
        return iam;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = track(build(S3Client.builder().forcePathStyle(true), endpoint, credentials));
        }
        return s3;
    }

    public synchronized KmsClient kms() {
        if (kms == null) {
            kms = track(build(KmsClient.builder(), endpoint, credentials));
        }
        return kms;
    }

    public synchronized EventBridgeClient eventBridge() {
        if (eventBridge == null) {
            eventBridge = track(build(EventBridgeClient.builder(), endpoint, credentials));
        }
        return eventBridge;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager = track(build(SecretsManagerClient.builder(), endpoint, credentials));
        }
        return secretsManager;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = track(build(DynamoDbClient.builder(), endpoint, credentials));
        }
        return dynamoDb;
    }

    public synchronized SfnClient sfn() {
        if (sfn == null) {
            sfn = track(build(SfnClient.builder(), endpoint, credentials));
        }
        return sfn;
    }

    private <C extends SdkClient> C track(C client) {
        opened.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        opened.forEach(SdkClient::close);
        opened.clear();
    }
}
