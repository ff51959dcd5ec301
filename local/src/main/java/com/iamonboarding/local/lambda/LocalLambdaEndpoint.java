package com.iamonboarding.local.lambda;

import com.iamonboarding.local.LoopbackHttpServer;
import com.iamonboarding.local.proxy.AwsErrorResponses;
import com.iamonboarding.local.proxy.AwsProxy;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.proxy.RequestRecorder;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Lambda endpoint on a loopback port: Lambda's Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}) runs the template's handlers in process;
 * every other request is an AWS call of a function on its way to the emulator, which the
 * {@link AwsProxy} records, authorises, fault-injects and forwards. moto's state machine engine
 * (MOTO_PORT) and the functions' SDK clients (aws.endpointUrl) both talk to it, so it sees every
 * AWS call of the workflow.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

    private final LoopbackHttpServer server;
    private final AwsProxy proxy;
    private final Consumer<String> log;
    private volatile FunctionInvoker invoker;

    private LocalLambdaEndpoint(LoopbackHttpServer server, Consumer<String> log) {
        this.server = server;
        this.proxy = new AwsProxy(log);
        this.log = log;
    }

    /** Binds the port ({@code 0}: any free loopback port) and starts serving; invocations wait for {@link #serve}. */
    public static LocalLambdaEndpoint start(int port, Consumer<String> log) {
        LoopbackHttpServer server = LoopbackHttpServer.bind(port, "local Lambda endpoint");
        LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(server, log);
        server.serve(endpoint::handle);
        return endpoint;
    }

    public int port() {
        return server.port();
    }

    public URI url() {
        return server.url();
    }

    /** Where requests that are not Lambda invocations go. */
    public void forwardTo(URI emulator) {
        proxy.forwardTo(emulator);
    }

    /** Starts answering invocations with these functions. */
    public void serve(FunctionInvoker functions) {
        this.invoker = functions;
    }

    public AwsProxy proxy() {
        return proxy;
    }

    public RequestRecorder recorder() {
        return proxy.recorder();
    }

    public FaultInjection faults() {
        return proxy.faults();
    }

    public FunctionInvoker invoker() {
        return invoker;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException e) {
                log.accept("local Lambda endpoint: " + e.getClass().getName() + " while serving a request");
                if (exchange.getResponseCode() == -1) {
                    AwsProxy.respond(exchange, 500, Map.of(), "text/plain", "the local Lambda endpoint failed".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Matcher invoke = INVOKE_PATH.matcher(rawPath);
        if (method.equals("POST") && invoke.matches()) {
            invoke(exchange, URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8), body);
        } else {
            proxy.handle(exchange, method, rawPath, body);
        }
    }

    private void invoke(HttpExchange exchange, String function, byte[] payload) throws IOException {
        Optional<AwsErrorResponses.AwsError> refused = proxy.admitInvoke(exchange, function);
        if (refused.isPresent()) {
            AwsErrorResponses.AwsError error = refused.get();
            AwsProxy.respond(exchange, error.status(), Map.of("x-amzn-ErrorType", error.errorCode()), "application/json",
                    ("{\"Type\":\"User\",\"message\":" + com.iamonboarding.common.Json.write(error.message()) + "}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        FunctionInvoker functions = invoker;
        if (functions == null) {
            AwsProxy.respond(exchange, 503, Map.of("x-amzn-ErrorType", "ServiceException"), "application/json",
                    "{\"Type\":\"Service\",\"message\":\"the local stack is still starting\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse");
        if (invocationType.equals("DryRun")) {
            int status = functions.registry().find(function).isPresent() ? 204 : 404;
            AwsProxy.respond(exchange, status, Map.of(), "application/json", new byte[0]);
            return;
        }
        if (invocationType.equals("Event")) {
            server.executor().submit(() -> functions.invoke(function, payload));
            AwsProxy.respond(exchange, 202, Map.of(), "application/json", new byte[0]);
            return;
        }
        InvocationResult result = functions.invoke(function, payload);
        switch (result.status()) {
            case SUCCESS -> AwsProxy.respond(exchange, 200, Map.of("X-Amz-Executed-Version", "$LATEST"), "application/json", result.payload());
            case FUNCTION_ERROR -> AwsProxy.respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled",
                    "X-Amz-Executed-Version", "$LATEST"), "application/json", result.payload());
            case NOT_FOUND -> AwsProxy.respond(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                    "application/json", result.payload());
            default -> throw new IllegalStateException("unexpected invocation status " + result.status());
        }
    }

    @Override
    public void close() {
        server.close();
        proxy.close();
    }
}
