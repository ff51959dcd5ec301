package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.LoopbackHttpServer;
import com.iamonboarding.local.proxy.AwsRequestParser;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.template.PseudoParameters;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Records the HTTP requests real SDK clients send, as the local Lambda endpoint records them
 * ({@link AwsRequestParser}), on a loopback server that answers every request with an error once
 * it has it: the call fails, the request is kept.
 */
final class SdkCapture implements AutoCloseable {

    private final LoopbackHttpServer server = LoopbackHttpServer.bind(0, "sdk capture");
    private final List<RecordedRequest> recorded = new ArrayList<>();
    private final List<SdkClient> clients = new ArrayList<>();
    final IamClient iam = client(IamClient.builder());
    final S3Client s3 = client(S3Client.builder().forcePathStyle(true));
    final SecretsManagerClient secretsManager = client(SecretsManagerClient.builder());
    final KmsClient kms = client(KmsClient.builder());
    final EventBridgeClient eventBridge = client(EventBridgeClient.builder());
    final SfnClient sfn = client(SfnClient.builder());
    final DynamoDbClient dynamoDb = client(DynamoDbClient.builder());
    final SesV2Client ses = client(SesV2Client.builder());
    final LambdaClient lambda = client(LambdaClient.builder());

    SdkCapture() {
        server.serve(this::record);
    }

    /** The one request {@code call} sent. */
    RecordedRequest capture(Consumer<SdkCapture> call) {
        synchronized (recorded) {
            recorded.clear();
        }
        try {
            call.accept(this);
        } catch (SdkException answeredWithAnError) {
            // The request is what counts.
        }
        synchronized (recorded) {
            if (recorded.size() != 1) {
                throw new AssertionError("expected one request, the SDK sent " + recorded);
            }
            return recorded.get(0);
        }
    }

    private void record(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            RecordedRequest request = AwsRequestParser.parse(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body);
            synchronized (recorded) {
                recorded.add(request);
            }
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C extends SdkClient> C client(B builder) {
        C client = builder.endpointOverride(server.url())
                .region(Region.of(PseudoParameters.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(SdkClient::close);
        server.close();
    }
}
