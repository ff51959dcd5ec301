package com.iamonboarding.local.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.LoopbackHttpServer;
import com.iamonboarding.local.lambda.LocalLambdaEndpoint;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The throttle in its place in the proxy, between a real HTTP client and a fake emulator that
 * records what reaches it: a throttled write is answered as IAM answers it and never reaches the
 * emulator, so it has no effect.
 */
class AwsProxyIamThrottleTest {

    private static final String IAM_AUTH =
            "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x";

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<String> reachedEmulator = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LoopbackHttpServer emulator;
    private LocalLambdaEndpoint endpoint;

    @BeforeEach
    void start() {
        emulator = LoopbackHttpServer.bind(0, "fake emulator");
        emulator.serve(this::answerAsTheEmulator);
        endpoint = LocalLambdaEndpoint.start(0, log::add);
        endpoint.forwardTo(emulator.url());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        emulator.close();
    }

    @Test
    void aWriteBeyondTheBurstGetsIamsThrottlingErrorAndDoesNotReachTheEmulator() throws Exception {
        long frozen = 42L;
        IamThrottle throttle = new IamThrottle(1, 2, () -> frozen);
        endpoint.proxy().iamThrottle(throttle);

        HttpResponse<String> first = iam("Action=CreateUser&Version=2010-05-08&UserName=jane.doe");
        HttpResponse<String> second = iam("Action=AddUserToGroup&Version=2010-05-08&UserName=jane.doe&GroupName=developers");
        HttpResponse<String> third = iam("Action=CreateLoginProfile&Version=2010-05-08&UserName=jane.doe");
        HttpResponse<String> read = iam("Action=GetUser&Version=2010-05-08&UserName=jane.doe");

        assertEquals(List.of(200, 200, 400, 200), List.of(first.statusCode(), second.statusCode(), third.statusCode(), read.statusCode()));
        assertTrue(third.body().matches("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                + "</Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>"), third.body());
        assertEquals("text/xml", third.headers().firstValue("Content-Type").orElse(null));
        assertEquals(List.of("CreateUser", "AddUserToGroup", "GetUser"), reachedEmulator);
        assertEquals(List.of("iam:CreateLoginProfile throttled (IAM write rate 1/s, burst 2)"), log);
        assertEquals(400, endpoint.recorder().withAction("CreateLoginProfile").get(0).answer().status());
        assertEquals(2, throttle.admitted());
        assertEquals(1, throttle.throttled());
    }

    @Test
    void withoutTheSystemPropertyTheProxyDoesNotThrottle() throws Exception {
        assertEquals(null, System.getProperty(IamThrottle.RATE_PROPERTY), "this test runs without the property");
        for (int i = 0; i < 30; i++) {
            assertEquals(200, iam("Action=CreateUser&Version=2010-05-08&UserName=u" + i).statusCode());
        }
        assertEquals("off", endpoint.proxy().iamThrottle().describe());
        assertEquals(30, reachedEmulator.size());
    }

    private HttpResponse<String> iam(String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.url().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", IAM_AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void answerAsTheEmulator(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form;
            try (InputStream in = exchange.getRequestBody()) {
                form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String action = AwsRequestParser.form(form).get("Action");
            reachedEmulator.add(action);
            byte[] body = ("<" + action + "Response/>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
