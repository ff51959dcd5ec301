package com.iamonboarding.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.seal.InputSeal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One function's first invocation in a fresh JVM, or the bare program it is compared with
 * (bench/first-invocation.sh): the same SDK clients, built plainly, making the same AWS calls in
 * the same order, and nothing else. Both talk straight to the stack's emulator.
 * <pre>
 *   prepare &lt;describe.json&gt; &lt;count&gt; &lt;dir&gt;     sealed onboarding states state-&lt;i&gt;.json (untimed)
 *   handler &lt;LogicalId&gt; &lt;describe.json&gt; &lt;state.json&gt;
 *   bare    &lt;LogicalId&gt; &lt;describe.json&gt; &lt;userName&gt;
 * </pre>
 */
public final class FirstInvocation {

    private FirstInvocation() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode describe = Json.MAPPER.readTree(Files.readString(Path.of(args[args[0].equals("prepare") ? 1 : 2])));
        System.setProperty("aws.endpointUrl", describe.path("emulator").asText());
        switch (args[0]) {
            case "prepare" -> prepare(describe, Integer.parseInt(args[2]), Path.of(args[3]));
            case "handler" -> handler(describe, args[1], Files.readAllBytes(Path.of(args[3])));
            case "bare" -> bare(describe, args[1], args[3]);
            default -> throw new IllegalArgumentException("prepare, handler or bare");
        }
    }

    private static Map<String, String> environment(JsonNode describe, String function) {
        Map<String, String> env = new HashMap<>();
        describe.path("functions").path(function).path("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.putIfAbsent("AWS_REGION", "us-east-1");
        return env;
    }

    private static void prepare(JsonNode describe, int count, Path dir) throws Exception {
        Map<String, String> env = environment(describe, "CreateUserFunction");
        try (KmsClient kms = KmsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            InputSeal seal = InputSeal.fromEnvironment(new FunctionEnvironment(env), kms);
            String run = UUID.randomUUID().toString().substring(0, 6);
            for (int i = 1; i <= count; i++) {
                OnboardingRequest request = new OnboardingRequest();
                request.employeeId = "E-" + i;
                request.userName = "bench-fi-" + run + "-" + i;
                request.email = request.userName + "@example.com";
                request.displayName = "Bench " + i;
                request.department = "Bench";
                request.accessProfile = "developer";
                request.consoleAccess = true;
                request.programmaticAccess = true;
                String id = "onb-bench" + run + i;
                ObjectNode state = Json.MAPPER.createObjectNode();
                state.put("onboardingId", id);
                state.set("request", Json.MAPPER.valueToTree(request));
                state.set("seal", Json.MAPPER.valueToTree(seal.seal("onboarding", id, request)));
                Files.writeString(dir.resolve("state-" + i + ".json"), Json.write(state));
                Files.writeString(dir.resolve("user-" + i + ".txt"), request.userName);
            }
        }
    }

    /** The function as Lambda runs it: built through its public (FunctionEnvironment) constructor, then one event. */
    private static void handler(JsonNode describe, String function, byte[] event) throws Exception {
        String className = describe.path("functions").path(function).path("handler").asText();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(className)
                .getConstructor(FunctionEnvironment.class).newInstance(new FunctionEnvironment(environment(describe, function)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new BenchContext(function));
        System.err.println(function + ": " + out.toString(StandardCharsets.UTF_8).length() + " bytes answered");
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private static <T> T quietly(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // The same call as the handler's; its answer (a conditional check, say) does not matter here.
            return null;
        }
    }

    /** The handler's AWS calls, in its order, from plainly built clients. */
    private static void bare(JsonNode describe, String function, String userName) throws Exception {
        Map<String, String> env = environment(describe, function);
        Region region = Region.US_EAST_1;
        try (KmsClient kms = KmsClient.builder().region(region).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbClient dynamoDb = DynamoDbClient.builder().region(region).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
             IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String id = "onb-bare-" + userName;
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
            quietly(() -> kms.verifyMac(b -> b.keyId(env.get("SEAL_KEY_ID")).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromUtf8String("{}")).mac(SdkBytes.fromUtf8String("mac"))));
            quietly(() -> dynamoDb.updateItem(b -> b.tableName(env.get("STATUS_TABLE")).key(key)
                    .updateExpression("SET currentStep = :s").conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(function)))));
            switch (function) {
                case "CreateUserFunction" -> iam.createUser(b -> b.userName(userName).path(env.get("USER_PATH"))
                        .permissionsBoundary(env.get("HIRE_BOUNDARY_ARN"))
                        .tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build(),
                                Tag.builder().key("OnboardingId").value(id).build()));
                case "EnrollMfaFunction" -> {
                    String lease = id + "#EnrollMfa";
                    dynamoDb.putItem(b -> b.tableName(env.get("LEASE_TABLE")).item(Map.of("leaseId", AttributeValue.fromS(lease))));
                    iam.getUser(b -> b.userName(userName));
                    iam.listMFADevices(b -> b.userName(userName));
                    iam.listVirtualMFADevices();
                    try (S3Client s3 = S3Client.builder().region(region).credentialsProvider(credentials()).forcePathStyle(true)
                            .httpClient(UrlConnectionHttpClient.create()).build()) {
                        s3.listObjectsV2(b -> b.bucket(env.get("QR_BUCKET")).prefix("mfa/" + userName + "/"));
                        VirtualMFADevice device = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(userName)).virtualMFADevice();
                        s3.putObject(b -> b.bucket(env.get("QR_BUCKET")).key("mfa/" + userName + "/bare.png")
                                .serverSideEncryption("aws:kms").ssekmsKeyId(env.get("KMS_KEY_ID")),
                                RequestBody.fromBytes(device.qrCodePNG() == null ? new byte[1] : device.qrCodePNG().asByteArray()));
                        long step = System.currentTimeMillis() / 30_000;
                        byte[] seed = device.base32StringSeed() == null ? new byte[20] : base32(device.base32StringSeed().asUtf8String());
                        iam.enableMFADevice(b -> b.userName(userName).serialNumber(device.serialNumber())
                                .authenticationCode1(totp(seed, step - 1)).authenticationCode2(totp(seed, step)));
                    }
                    dynamoDb.deleteItem(b -> b.tableName(env.get("LEASE_TABLE")).key(Map.of("leaseId", AttributeValue.fromS(lease))));
                }
                case "CreateAccessKeyFunction" -> {
                    String lease = id + "#CreateAccessKey";
                    dynamoDb.putItem(b -> b.tableName(env.get("LEASE_TABLE")).item(Map.of("leaseId", AttributeValue.fromS(lease))));
                    String arn = iam.getUser(b -> b.userName(userName)).user().arn();
                    iam.listAccessKeys(b -> b.userName(userName));
                    try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(region).credentialsProvider(credentials())
                            .httpClient(UrlConnectionHttpClient.create()).build()) {
                        String name = "iam-onboarding/" + userName + "/access-key";
                        quietly(() -> secrets.describeSecret(b -> b.secretId(name)));
                        var created = iam.createAccessKey(b -> b.userName(userName)).accessKey();
                        secrets.createSecret(b -> b.name(name).kmsKeyId(env.get("KMS_KEY_ID")));
                        secrets.putResourcePolicy(b -> b.secretId(name).blockPublicPolicy(true).resourcePolicy(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                                        + "\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":"
                                        + "{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"" + arn + "\"}}}]}"));
                        secrets.putSecretValue(b -> b.secretId(name).secretString(
                                "{\"AccessKeyId\":\"" + created.accessKeyId() + "\",\"SecretAccessKey\":\"" + created.secretAccessKey() + "\"}"));
                        secrets.tagResource(b -> b.secretId(name).tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder()
                                .key("AccessKeyId").value(created.accessKeyId()).build()));
                    }
                    dynamoDb.deleteItem(b -> b.tableName(env.get("LEASE_TABLE")).key(Map.of("leaseId", AttributeValue.fromS(lease))));
                }
                default -> throw new IllegalArgumentException("no bare program for " + function
                        + "; there are " + List.of("CreateUserFunction", "EnrollMfaFunction", "CreateAccessKeyFunction"));
            }
            quietly(() -> dynamoDb.updateItem(b -> b.tableName(env.get("STATUS_TABLE")).key(key)
                    .updateExpression("SET currentStep = :s").conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(function)))));
        }
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(Character.toUpperCase(c));
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String totp(byte[] seed, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(seed, "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0F;
            int code = ((hash[offset] & 0x7F) << 24 | (hash[offset + 1] & 0xFF) << 16 | (hash[offset + 2] & 0xFF) << 8
                    | (hash[offset + 3] & 0xFF)) % 1_000_000;
            return String.format("%06d", code);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Lambda hands a handler: a name and the time left. */
    private record BenchContext(String function) implements Context {
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        public String getLogGroupName() {
            return null;
        }

        public String getLogStreamName() {
            return null;
        }

        public String getFunctionName() {
            return function;
        }

        public String getFunctionVersion() {
            return "1";
        }

        public String getInvokedFunctionArn() {
            return null;
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        public int getMemoryLimitInMB() {
            return 1024;
        }

        public LambdaLogger getLogger() {
            return null;
        }
    }
}
