package com.iamonboarding.common;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
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
 * Builds the SDK clients a handler needs, once per container (handlers call this from their
 * constructors). Every client uses the region from the function's environment and the lightweight
 * URLConnection HTTP client.
 *
 * <p>SDK-level retries are off: the state machine retries transient errors with backoff and jitter
 * (see statemachine/onboarding.asl.json), so retrying here too would multiply attempts. Timeouts are
 * short enough that a stuck call fails well inside the function's timeout and surfaces as a
 * retryable error, and {@link InvocationDeadline} starts no call that could outlast the invocation.
 */
public final class AwsClients {

    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {
    }

    public static ClientOverrideConfiguration overrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .addExecutionInterceptor(new InvocationDeadline())
                .build();
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The function's role credentials as its environment gives them: Lambda puts a role session's
     * keys in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN};
     * without them (SnapStart hands out container credentials instead) the SDK's default chain finds
     * them. Read through {@link FunctionEnvironment}, so that functions sharing one JVM (the local
     * stack) each sign as their own role.
     */
    public static AwsCredentialsProvider credentials(FunctionEnvironment env) {
        Optional<String> keyId = env.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.optional("AWS_SECRET_ACCESS_KEY");
        if (keyId.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Optional<String> token = env.optional("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }

    public static IamClient iam(FunctionEnvironment env) {
        return IamClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    public static S3Client s3(FunctionEnvironment env) {
        return S3Client.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                // S3-compatible custom endpoints (set through AWS_ENDPOINT_URL) only understand
                // path-style addressing; against AWS itself the SDK's default stays in place.
                .forcePathStyle(customEndpointConfigured(env))
                .build();
    }

    public static SecretsManagerClient secretsManager(FunctionEnvironment env) {
        return SecretsManagerClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    public static EventBridgeClient eventBridge(FunctionEnvironment env) {
        return EventBridgeClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    public static DynamoDbClient dynamoDb(FunctionEnvironment env) {
        return DynamoDbClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    public static KmsClient kms(FunctionEnvironment env) {
        return KmsClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    public static SfnClient stepFunctions(FunctionEnvironment env) {
        return SfnClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build();
    }

    static boolean customEndpointConfigured(FunctionEnvironment env) {
        return env.optional("AWS_ENDPOINT_URL_S3").isPresent()
                || env.optional("AWS_ENDPOINT_URL").isPresent()
                || System.getProperty("aws.endpointUrlS3") != null
                || System.getProperty("aws.endpointUrl") != null;
    }
}
