package com.iamonboarding.local.lambda;

import com.iamonboarding.local.proxy.RecordedRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.FunctionDef;
import com.iamonboarding.local.testhandlers.EchoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The local Lambda endpoint, spoken to with the real SDK clients, in front of the shared moto_server. */
class LocalLambdaEndpointIT {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo-function";
    private static final List<String> LOG = new ArrayList<>();

    private static LocalLambdaEndpoint endpoint;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        URI emulator = SharedStack.get().emulator().endpoint();
        endpoint = LocalLambdaEndpoint.start(0, line -> {
            synchronized (LOG) {
                LOG.add(line);
            }
        });
        endpoint.forwardTo(emulator);
        FunctionDef echo = new FunctionDef("EchoFunction", EchoHandler.class.getName() + "::handleRequest",
                Map.of(), null, 5, 128);
        LocalFunction function = new LocalFunction(echo, "echo-function", ARN, "arn:aws:iam::123456789012:role/echo-function-role",
                Map.of("GREETING", "hello", "AWS_REGION", "us-east-1"));
        endpoint.serve(new FunctionInvoker(new FunctionRegistry(List.of(function)), endpoint.faults(), line -> { }));
        lambda = EmulatorClients.build(LambdaClient.builder(), endpoint.url());
    }

    @AfterAll
    static void stop() {
        lambda.close();
        endpoint.close();
    }

    @AfterEach
    void clearFaults() {
        endpoint.faults().clear();
    }

    @Test
    void invokesTheHandlerByNameArnQualifiedArnAndLogicalIdWithOneInstance() throws IOException {
        int constructedBefore = EchoHandler.CONSTRUCTED.get();
        for (String name : List.of("echo-function", ARN, ARN + ":live", "EchoFunction", "echo-function:live")) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"n\":1}")));
            assertEquals(200, response.statusCode(), name);
            assertNull(response.functionError(), name);
            JsonNode output = Json.MAPPER.readTree(response.payload().asUtf8String());
            assertEquals("hello", output.get("greeting").asText());
            assertEquals("us-east-1", output.get("region").asText());
            assertEquals("echo-function", output.get("functionName").asText());
            assertEquals(1, output.get("echo").get("n").asInt());
        }
        assertTrue(EchoHandler.CONSTRUCTED.get() - constructedBefore <= 1, "the handler is built once");
    }

    @Test
    void aHandlerExceptionIsAnUnhandledFunctionErrorNamedAfterItsClass() throws IOException {
        InvokeResponse response = lambda.invoke(b -> b.functionName("echo-function")
                .payload(SdkBytes.fromUtf8String("{\"fail\":\"user jane.doe exists without our tag\"}")));

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.functionError());
        JsonNode error = Json.MAPPER.readTree(response.payload().asUtf8String());
        assertEquals("com.iamonboarding.common.PermanentStepException", error.get("errorType").asText());
        assertEquals("user jane.doe exists without our tag", error.get("errorMessage").asText());
    }

    @Test
    void anInjectedFunctionFaultFailsTheInvocationWithoutRunningTheHandler() throws IOException {
        endpoint.faults().failFunction("EchoFunction", "com.example.Injected", "injected");

        InvokeResponse response = lambda.invoke(b -> b.functionName(ARN).payload(SdkBytes.fromUtf8String("{}")));

        assertEquals("Unhandled", response.functionError());
        assertEquals("com.example.Injected", Json.MAPPER.readTree(response.payload().asUtf8String()).get("errorType").asText());
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName("no-such-function").payload(SdkBytes.fromUtf8String("{}"))));
        assertEquals(404, error.statusCode());
        assertEquals("ResourceNotFoundException", error.awsErrorDetails().errorCode());
    }

    @Test
    void otherRequestsGoToTheEmulatorAndAreRecordedWithTheirParameters() {
        String user = "endpoint-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (IamClient iam = EmulatorClients.build(IamClient.builder(), endpoint.url())) {
            iam.createUser(b -> b.userName(user).path("/endpoint-it/")
                    .permissionsBoundary("arn:aws:iam::aws:policy/PowerUserAccess")
                    .tags(t -> t.key("Team").value("platform")));

            assertEquals("/endpoint-it/", SharedStack.iam().getUser(b -> b.userName(user)).user().path());
            RecordedRequest createUser = endpoint.recorder().matching(r -> "CreateUser".equals(r.action())
                    && user.equals(r.parameter("UserName"))).get(0);
            assertEquals("iam", createUser.service());
            assertEquals("arn:aws:iam::aws:policy/PowerUserAccess", createUser.parameter("PermissionsBoundary"));
            assertEquals("Team", createUser.parameter("Tags.member.1.Key"));
            assertEquals("platform", createUser.parameter("Tags.member.1.Value"));
        }
    }

    @Test
    void anActionTheEmulatorLacksGetsTheTrueEmptyAnswer() {
        String user = "endpoint-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (IamClient iam = EmulatorClients.build(IamClient.builder(), endpoint.url())) {
            iam.createUser(b -> b.userName(user));
            // moto 5.2.1 answers HTTP 500 here; it cannot create such credentials, so there are none.
            assertEquals(List.of(), iam.listServiceSpecificCredentials(b -> b.userName(user)).serviceSpecificCredentials());
        }
    }

    @Test
    void jsonProtocolRequestsAreRecordedByTheirTarget() {
        String name = "endpoint-it/" + UUID.randomUUID();
        try (SecretsManagerClient secrets = EmulatorClients.build(SecretsManagerClient.builder(), endpoint.url())) {
            secrets.createSecret(b -> b.name(name).secretString("value-that-must-not-be-printed"));

            RecordedRequest create = endpoint.recorder().withAction("CreateSecret").stream()
                    .filter(r -> name.equals(r.parameter("Name"))).findFirst().orElseThrow();
            assertEquals("secretsmanager", create.service());
            assertEquals("value-that-must-not-be-printed", create.parameter("SecretString"));
            assertTrue(!create.toString().contains("value-that-must-not-be-printed"));
            synchronized (LOG) {
                assertTrue(LOG.stream().noneMatch(line -> line.contains("value-that-must-not-be-printed")));
            }
        }
    }

    @Test
    void binaryS3BodiesAndHeadLengthsSurviveTheRoundTrip() {
        String bucket = "endpoint-it-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, 13, 10};
        try (S3Client s3 = EmulatorClients.build(S3Client.builder().forcePathStyle(true), endpoint.url())) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("mfa/x.png").contentType("image/png"), RequestBody.fromBytes(png));

            assertArrayEquals(png, s3.getObjectAsBytes(b -> b.bucket(bucket).key("mfa/x.png")).asByteArray());
            assertEquals(png.length, s3.headObject(b -> b.bucket(bucket).key("mfa/x.png")).contentLength());
            assertEquals(1, endpoint.recorder().matching(r -> "PutObject".equals(r.action())
                    && r.path().equals("/" + bucket + "/mfa/x.png")).size());
        }
    }

    @Test
    void injectedActionFaultsReachTheSdkAsTheNamedAwsError() {
        endpoint.faults().failAction("ListUsers", 403, "AccessDenied", "injected by the test");
        endpoint.faults().failAction("ListSecrets", 400, "InvalidRequestException", "injected by the test");
        try (IamClient iam = EmulatorClients.build(IamClient.builder(), endpoint.url());
             SecretsManagerClient secrets = EmulatorClients.build(SecretsManagerClient.builder(), endpoint.url())) {
            IamException iamError = assertThrows(IamException.class, iam::listUsers);
            assertEquals("AccessDenied", iamError.awsErrorDetails().errorCode());
            assertEquals(403, iamError.statusCode());

            SecretsManagerException secretsError = assertThrows(SecretsManagerException.class, () -> secrets.listSecrets());
            assertEquals("InvalidRequestException", secretsError.awsErrorDetails().errorCode());
        }
    }

    @Test
    void anyMethodAndPathIsForwardedUnchanged() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(SharedStack.get().emulator().endpoint()
                .resolve("/moto-api/config")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(endpoint.url().resolve("/moto-api/config"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(direct.statusCode(), forwarded.statusCode());
        assertEquals(direct.body(), forwarded.body());
    }
}
