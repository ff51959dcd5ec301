package com.iamonboarding.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Priming;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every function of the template, built the way Lambda builds it (its FunctionEnvironment
 * constructor), primes for SnapStart without a single request leaving the process: each request is
 * marshalled and signed, then stopped. The AWS endpoint of this JVM is a local server that counts
 * what reaches it; the control shows that an ordinary call does reach it.
 */
class SnapStartPrimingTest {

    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("AWS_REGION", "us-east-1"),
            Map.entry("AWS_ACCESS_KEY_ID", "AKIA-PRIMING-EXAMPLE"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "priming-secret"),
            Map.entry("SEAL_KEY_ID", "arn:aws:kms:us-east-1:123456789012:key/seal"),
            Map.entry("STATUS_TABLE", "status"),
            Map.entry("LEASE_TABLE", "leases"),
            Map.entry("KMS_KEY_ID", "alias/iam-onboarding"),
            Map.entry("QR_BUCKET", "qr-codes"),
            Map.entry("EVENT_BUS_NAME", "bus"),
            Map.entry("ACCOUNT_ALIAS", "example-corp"),
            Map.entry("USER_PATH", "/onboarded/"),
            Map.entry("HIRE_BOUNDARY_ARN", "arn:aws:iam::123456789012:policy/iam-onboarding/guardrail"),
            Map.entry("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:onboarding"),
            Map.entry("OFFBOARDING_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:offboarding"),
            Map.entry("STACK_NAME", "iam-onboarding"),
            Map.entry("INVITATION_TABLE", "invitations"),
            Map.entry("ENROLMENT_SENDER", "onboarding@example.com"),
            Map.entry("INVITATION_VALIDITY_HOURS", "72"),
            Map.entry("INTAKE_BUCKET", "intake"),
            Map.entry("API_URL", "https://api.example.com/v1"),
            Map.entry("BATCH_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:batch"));

    private final AtomicInteger received = new AtomicInteger();
    private HttpServer server;
    private String previousEndpoint;

    @BeforeEach
    void startTheEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        previousEndpoint = System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopTheEndpoint() {
        server.stop(0);
        if (previousEndpoint == null) {
            System.clearProperty("aws.endpointUrl");
        } else {
            System.setProperty("aws.endpointUrl", previousEndpoint);
        }
    }

    @Test
    void everyFunctionPrimesWithoutSendingARequest() throws Exception {
        int mark = Priming.registered();
        ProjectTemplate template = ProjectTemplate.load();
        Set<String> handlers = new TreeSet<>();
        for (Map<String, Object> function : template.functions().values()) {
            String handler = String.valueOf(ProjectTemplate.properties(function).get("Handler")).split("::")[0];
            handlers.add(handler);
        }
        for (String handler : handlers) {
            Class.forName(handler).getConstructor(FunctionEnvironment.class).newInstance(new FunctionEnvironment(ENVIRONMENT));
        }

        List<String> stopped = Priming.primeFrom(mark);

        assertEquals(0, received.get(), "no request left the process while priming");
        assertTrue(new TreeSet<>(stopped).containsAll(List.of("GetUserRequest", "HeadObjectRequest", "DescribeSecretRequest",
                "DescribeEventBusRequest", "GetItemRequest", "VerifyMacRequest", "DescribeExecutionRequest",
                "GetEmailIdentityRequest")),
                "every kind of client was primed up to sending: " + new TreeSet<>(stopped));
    }

    @Test
    void outsidePrimingTheSameClientsDoReachTheEndpoint() {
        assertThrows(SdkException.class, () -> AwsClients.iam(new FunctionEnvironment(ENVIRONMENT)).getUser(b -> b.userName("x")));
        assertEquals(1, received.get(), "the control: an ordinary call arrives");
    }
}
