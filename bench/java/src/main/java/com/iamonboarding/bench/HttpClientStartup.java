package com.iamonboarding.bench;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * A fresh JVM that builds an IamClient on one HTTP client and has its first call answered
 * (bench/http-client.sh times the whole process): {@code url} (url-connection-client, what the
 * functions use) or {@code crt} (the AWS CRT client the SDK guide suggests for Lambda).
 */
public final class HttpClientStartup {

    private HttpClientStartup() {
    }

    public static void main(String[] args) {
        SdkHttpClient http = switch (args[0]) {
            case "url" -> UrlConnectionHttpClient.create();
            case "crt" -> AwsCrtHttpClient.create();
            default -> throw new IllegalArgumentException("url or crt");
        };
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(args[1])).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(http).build()) {
            iam.getUser(b -> b.userName("http-client-startup"));
        } catch (NoSuchEntityException expected) {
            // The answer arrived: that is the first call done.
        }
    }
}
