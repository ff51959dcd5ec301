package com.iamonboarding.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/** The functions' SDK clients send a throttled call again themselves, and nothing else. */
class AwsClientsTest {

    private static final String THROTTLED = error("Throttling", "Rate exceeded");
    private static final String SERVICE_FAILURE = error("ServiceFailure", "Internal");
    private static final String ALIASES = "<ListAccountAliasesResponse><ListAccountAliasesResult><AccountAliases/>"
            + "<IsTruncated>false</IsTruncated></ListAccountAliasesResult><ResponseMetadata><RequestId>r</RequestId>"
            + "</ResponseMetadata></ListAccountAliasesResponse>";

    private final AtomicInteger received = new AtomicInteger();
    /** Status and body of the next answers; when empty, the aliases. */
    private final Deque<Map.Entry<Integer, String>> answers = new ArrayDeque<>();
    private HttpServer server;
    private String previousEndpoint;
    private IamClient iam;

    private static String error(String code, String message) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    }

    @BeforeEach
    void startIam() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Map.Entry<Integer, String> answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? Map.entry(200, ALIASES) : answers.poll();
            }
            byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(answer.getKey(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        previousEndpoint = System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + server.getAddress().getPort());
        iam = AwsClients.iam(new FunctionEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY", "test")));
    }

    @AfterEach
    void stopIam() {
        iam.close();
        server.stop(0);
        if (previousEndpoint == null) {
            System.clearProperty("aws.endpointUrl");
        } else {
            System.setProperty("aws.endpointUrl", previousEndpoint);
        }
    }

    private void answer(int times, int status, String body) {
        for (int i = 0; i < times; i++) {
            answers.add(Map.entry(status, body));
        }
    }

    @Test
    void aCallThrottledTwiceIsSentAgainAndAnswered() {
        answer(2, 400, THROTTLED);

        iam.listAccountAliases();

        assertEquals(3, received.get());
    }

    @Test
    void aCallThrottledFiveTimesIsAThrottledStepForTheStateMachineToRetry() {
        answer(6, 400, THROTTLED);

        IamException e = assertThrows(IamException.class, () -> iam.listAccountAliases());

        assertEquals(5, received.get(), "five attempts, the first included");
        RuntimeException classified = AwsErrors.classify("iam:ListAccountAliases", e);
        assertEquals(ThrottledStepException.class, classified.getClass());
        assertEquals("iam:ListAccountAliases failed: Throttling (HTTP 400)", classified.getMessage());
    }

    @Test
    void anyOtherFailureIsLeftToTheStateMachineAtOnce() {
        answer(1, 500, SERVICE_FAILURE);

        IamException e = assertThrows(IamException.class, () -> iam.listAccountAliases());

        assertEquals(1, received.get(), "a 5xx may have been applied: only the step, which checks first, may try again");
        assertEquals(RetryableStepException.class, AwsErrors.classify("iam:ListAccountAliases", e).getClass());
    }
}
