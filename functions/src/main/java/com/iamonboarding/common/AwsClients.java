package com.iamonboarding.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the SDK clients a handler needs, once per container (handlers call this from their
 * constructors). Every client uses the region from the function's environment and the lightweight
 * URLConnection HTTP client.
 *
 * <p>The SDK retries one kind of error only: throttling ({@link AwsErrors#isThrottling}), up to
 * {@link #THROTTLED_ATTEMPTS} attempts with exponential backoff and full jitter. A throttled request
 * was refused before anything happened, so sending it again is always safe, and retrying the one call
 * keeps what the invocation already did: a step that needs several IAM writes in a row (EnrollMfa
 * makes two or three) would otherwise start over each time one of them met a rate limit that other
 * steps share, and could starve while single-write steps took every token. Every other transient
 * error, and throttling that outlasts these attempts ({@link ThrottledStepException}), is the state
 * machine's to retry with its own backoff and jitter (see statemachine/onboarding.asl.json), so
 * attempts do not multiply. Timeouts are short enough that a stuck call fails well inside the
 * function's timeout and surfaces as a retryable error, and {@link InvocationDeadline} starts no call
 * that could outlast the invocation.
 */
public final class AwsClients {

    /** Attempts of a throttled call, the first included; the pauses between them add up to at most 3.75 s. */
    public static final int THROTTLED_ATTEMPTS = 5;
    static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(250);
    static final Duration THROTTLED_MAX_DELAY = Duration.ofSeconds(2);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {
    }

    public static ClientOverrideConfiguration overrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(throttledCallsOnly())
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .addExecutionInterceptor(new InvocationDeadline())
                .addExecutionInterceptor(new Priming.Guard())
                .build();
    }

    static RetryStrategy throttledCallsOnly() {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, THROTTLED_MAX_DELAY);
        return StandardRetryStrategy.builder()
                .retryOnException(AwsErrors::isThrottling)
                .treatAsThrottling(AwsErrors::isThrottling)
                .maxAttempts(THROTTLED_ATTEMPTS)
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                // The retry quota would stop retrying exactly when an account is busiest.
                .circuitBreakerEnabled(false)
                // Without this the client adds the SDK's own conditions (5xx, timeouts, ...) to the strategy.
                .useClientDefaults(false)
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
        return primed(IamClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.getUser(b -> b.userName("priming")));
    }

    public static S3Client s3(FunctionEnvironment env) {
        return primed(S3Client.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                // S3-compatible custom endpoints (set through AWS_ENDPOINT_URL) only understand
                // path-style addressing; against AWS itself the SDK's default stays in place.
                .forcePathStyle(customEndpointConfigured(env))
                .build(),
                c -> c.headObject(b -> b.bucket("priming").key("priming")));
    }

    public static SecretsManagerClient secretsManager(FunctionEnvironment env) {
        return primed(SecretsManagerClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.describeSecret(b -> b.secretId("priming")));
    }

    public static EventBridgeClient eventBridge(FunctionEnvironment env) {
        return primed(EventBridgeClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.describeEventBus(b -> b.name("priming")));
    }

    public static DynamoDbClient dynamoDb(FunctionEnvironment env) {
        return primed(DynamoDbClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.getItem(b -> b.tableName("priming").key(Map.of("id", AttributeValue.fromS("priming")))));
    }

    public static KmsClient kms(FunctionEnvironment env) {
        return primed(KmsClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.verifyMac(b -> b.keyId("priming").macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(SdkBytes.fromUtf8String("priming")).mac(SdkBytes.fromUtf8String("priming"))));
    }

    public static SfnClient stepFunctions(FunctionEnvironment env) {
        return primed(SfnClient.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.describeExecution(b -> b.executionArn("arn:aws:states:" + env.region() + ":000000000000:execution:priming:priming")));
    }

    /**
     * Registers a request of the client's kind for SnapStart priming ({@link Priming}): it is
     * marshalled and signed before the snapshot, and stopped before it is sent.
     */
    private static <C> C primed(C client, java.util.function.Consumer<C> request) {
        Priming.register(() -> request.accept(client));
        return client;
    }

    public static SesV2Client ses(FunctionEnvironment env) {
        return primed(SesV2Client.builder()
                .credentialsProvider(credentials(env))
                .region(Region.of(env.region()))
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration())
                .build(),
                c -> c.getEmailIdentity(b -> b.emailIdentity("priming.example.com")));
    }

    static boolean customEndpointConfigured(FunctionEnvironment env) {
        return env.optional("AWS_ENDPOINT_URL_S3").isPresent()
                || env.optional("AWS_ENDPOINT_URL").isPresent()
                || System.getProperty("aws.endpointUrlS3") != null
                || System.getProperty("aws.endpointUrl") != null;
    }
}
