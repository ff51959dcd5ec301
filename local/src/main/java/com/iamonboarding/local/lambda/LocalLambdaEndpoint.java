package com.iamonboarding.local.lambda;

import com.iamonboarding.local.LoopbackHttpServer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Lambda endpoint on a loopback port: Lambda's Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}) runs the template's handlers in process;
 * every other request goes on, unchanged, to the emulator, and its answer comes back. moto's state
 * machine engine (MOTO_PORT) and the functions' SDK clients (aws.endpointUrl) both talk to it, so it
 * sees every AWS call of the workflow: it records them for tests, and can inject faults
 * ({@link FaultInjection}).
 * Request bodies are never printed: they carry passwords and keys.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

    private final LoopbackHttpServer server;
    private final Forwarder forwarder = new Forwarder();
    private final RequestRecorder recorder = new RequestRecorder();
    private final FaultInjection faults = new FaultInjection();
    private final IamDeleteConflicts deleteConflicts = new IamDeleteConflicts(forwarder::target);
    private final Consumer<String> log;
    private volatile FunctionInvoker invoker;

    private LocalLambdaEndpoint(LoopbackHttpServer server, Consumer<String> log) {
        this.server = server;
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
        forwarder.target(emulator);
    }

    /** Starts answering invocations with these functions. */
    public void serve(FunctionInvoker functions) {
        this.invoker = functions;
    }

    public RequestRecorder recorder() {
        return recorder;
    }

    public FaultInjection faults() {
        return faults;
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
                    respond(exchange, 500, Map.of(), "text/plain", "the local Lambda endpoint failed".getBytes(StandardCharsets.UTF_8));
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
            forward(exchange, method, rawPath, body);
        }
    }

    private void invoke(HttpExchange exchange, String function, byte[] payload) throws IOException {
        recorder.record(new RecordedRequest(Instant.now(), "lambda", "Invoke", "POST",
                exchange.getRequestURI().getRawPath(), Map.of("FunctionName", function)));
        FunctionInvoker functions = invoker;
        if (functions == null) {
            respond(exchange, 503, Map.of("x-amzn-ErrorType", "ServiceException"), "application/json",
                    "{\"Type\":\"Service\",\"message\":\"the local stack is still starting\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse");
        if (invocationType.equals("DryRun")) {
            int status = functions.registry().find(function).isPresent() ? 204 : 404;
            respond(exchange, status, Map.of(), "application/json", new byte[0]);
            return;
        }
        if (invocationType.equals("Event")) {
            server.executor().submit(() -> functions.invoke(function, payload));
            respond(exchange, 202, Map.of(), "application/json", new byte[0]);
            return;
        }
        InvocationResult result = functions.invoke(function, payload);
        switch (result.status()) {
            case SUCCESS -> respond(exchange, 200, Map.of("X-Amz-Executed-Version", "$LATEST"), "application/json", result.payload());
            case FUNCTION_ERROR -> respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled",
                    "X-Amz-Executed-Version", "$LATEST"), "application/json", result.payload());
            case NOT_FOUND -> respond(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                    "application/json", result.payload());
            default -> throw new IllegalStateException("unexpected invocation status " + result.status());
        }
    }

    /**
     * Passes a request on to the emulator, unless a fault rule claims it: then the request is
     * answered with an AWS error or its connection dropped before it reaches the emulator, or it is
     * applied and its answer delayed or replaced ({@link Fault.Kind}). In strict mode, IAM deletions
     * the emulator would wrongly allow are answered with DeleteConflict ({@link IamDeleteConflicts}).
     */
    private void forward(HttpExchange exchange, String method, String rawPath, byte[] body) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> lowerCaseHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> lowerCaseHeaders.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        RecordedRequest recorded = AwsRequestParser.parse(method, rawPath, rawQuery, lowerCaseHeaders, body);
        recorder.record(recorded);
        boolean jsonProtocol = lowerCaseHeaders.containsKey("x-amz-target");

        Fault fault = faults.claim(recorded).map(FaultRule::fault).orElse(null);
        if (fault != null) {
            log.accept(recorded.service() + ":" + recorded.action() + " meets injected " + fault.describe());
            if (fault.kind() == Fault.Kind.DROPPED_CONNECTION) {
                // Closing the exchange before any response line closes the connection: the caller reads EOF.
                return;
            }
            if (!fault.kind().applies()) {
                respondWithError(exchange, recorded, jsonProtocol, AwsErrorResponses.errorFor(fault, recorded, jsonProtocol));
                return;
            }
        }
        if (fault != null && fault.kind() == Fault.Kind.JITTER) {
            pause(Duration.ofMillis(ThreadLocalRandom.current().nextInt(fault.status() + 1)));
        }
        Optional<String> conflict = faults.strictDeleteConflicts() ? deleteConflicts.conflict(recorded) : Optional.empty();
        HttpResponse<byte[]> answer = null;
        if (conflict.isPresent()) {
            log.accept(recorded.service() + ":" + recorded.action() + " refused with DeleteConflict (strict mode)");
        } else {
            answer = send(exchange, method, rawPath, rawQuery, body);
            if (answer == null) {
                return;
            }
        }
        if (fault != null && fault.kind() == Fault.Kind.FAIL_AFTER_APPLY) {
            respondWithError(exchange, recorded, jsonProtocol, AwsErrorResponses.internalError(recorded.service(), jsonProtocol));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_RESPONSE) {
            holdBack();
        }
        if (conflict.isPresent()) {
            respondWithError(exchange, recorded, jsonProtocol,
                    new AwsErrorResponses.AwsError(IamDeleteConflicts.STATUS, IamDeleteConflicts.CODE, conflict.get()));
            return;
        }
        Optional<byte[]> filledIn = EmulatorGaps.answer(recorded, answer.statusCode());
        if (filledIn.isPresent()) {
            recorded.answer().set(200, Instant.now());
            respond(exchange, 200, Map.of(), "text/xml", filledIn.get());
            return;
        }
        recorded.answer().set(answer.statusCode(), Instant.now());
        Headers out = exchange.getResponseHeaders();
        answer.headers().map().forEach((name, values) -> {
            // A HEAD answer has no body but reports the object's length, as S3's HeadObject does.
            boolean headLength = method.equals("HEAD") && name.equalsIgnoreCase("content-length");
            if (!name.startsWith(":") && (headLength || !Forwarder.isHopHeader(name))) {
                out.put(name, List.copyOf(values));
            }
        });
        sendBody(exchange, method, answer.statusCode(), answer.body());
    }

    /** The emulator's answer, or null after answering the caller with a 502/503 because there is none. */
    private HttpResponse<byte[]> send(HttpExchange exchange, String method, String rawPath, String rawQuery, byte[] body)
            throws IOException {
        try {
            return forwarder.forward(method, rawPath + (rawQuery == null ? "" : "?" + rawQuery),
                    exchange.getRequestHeaders(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, Map.of(), "text/plain", "interrupted".getBytes(StandardCharsets.UTF_8));
            return null;
        } catch (IOException e) {
            log.accept("cannot reach the emulator at " + forwarder.target() + ": " + e.getClass().getSimpleName());
            respond(exchange, 502, Map.of(), "text/plain", "the emulator does not answer".getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    /**
     * Holds a slow answer back until the caller has given up. Writing it afterwards usually fails
     * (the caller closed the connection); {@link #handle} closes the exchange either way.
     */
    private void holdBack() {
        pause(FaultInjection.SLOW_RESPONSE_DELAY);
    }

    /** An injected delay of this request's own thread (a fault), not a wait for other work. */
    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respondWithError(HttpExchange exchange, RecordedRequest request, boolean jsonProtocol,
                                         AwsErrorResponses.AwsError error) throws IOException {
        AwsErrorResponses.Rendered rendered = AwsErrorResponses.render(request, jsonProtocol, error);
        request.answer().set(rendered.status(), Instant.now());
        respond(exchange, rendered.status(), rendered.headers(), rendered.contentType(), rendered.body());
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String contentType,
                                byte[] body) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", contentType);
        out.set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach(out::set);
        sendBody(exchange, exchange.getRequestMethod(), status, body);
    }

    private static void sendBody(HttpExchange exchange, String method, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || "HEAD".equalsIgnoreCase(method) || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.close();
        deleteConflicts.close();
    }
}
