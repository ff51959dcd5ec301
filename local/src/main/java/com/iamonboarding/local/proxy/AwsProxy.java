package com.iamonboarding.local.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * What happens to an AWS request of the functions on its way to the emulator, one step after the
 * other: it is parsed and recorded ({@link RequestRecorder}); authorised as IAM would
 * ({@link RequestGate}, the local IAM enforcement); held to IAM's write rate limit, when one is set
 * ({@link IamThrottle}); met by an injected fault, if a test asked for one ({@link FaultInjection});
 * refused with DeleteConflict where IAM would refuse a deletion the emulator allows
 * ({@link IamDeleteConflicts}, strict mode); forwarded unchanged ({@link Forwarder}); and its answer
 * filled in where the emulator has a gap ({@link EmulatorGaps}), then recorded. Request bodies are never printed: they carry passwords and keys.
 */
public final class AwsProxy implements AutoCloseable {

    private final Forwarder forwarder = new Forwarder();
    private final RequestRecorder recorder = new RequestRecorder();
    private final FaultInjection faults = new FaultInjection();
    private final IamDeleteConflicts deleteConflicts = new IamDeleteConflicts(forwarder::target);
    private final MfaCodeCheck mfaCodes = new MfaCodeCheck(java.time.Clock.systemUTC());
    private final Consumer<String> log;
    private volatile RequestGate gate = RequestGate.OPEN;
    private volatile IamThrottle iamThrottle = IamThrottle.fromProperty();
    private final List<Consumer<RecordedRequest>> appliedListeners = new CopyOnWriteArrayList<>();

    public AwsProxy(Consumer<String> log) {
        this.log = log;
    }

    /** Where requests go. */
    public void forwardTo(URI emulator) {
        forwarder.target(emulator);
    }

    public URI emulator() {
        return forwarder.target();
    }

    /** The authorisation step; {@link RequestGate#OPEN} until the stack sets one. */
    public void gate(RequestGate gate) {
        this.gate = gate;
    }

    /**
     * IAM's rate limit on writes; until this is called, what the system property
     * {@value IamThrottle#RATE_PROPERTY} asks for (off when it is unset), so that a run can be
     * throttled without a code change.
     */
    public void iamThrottle(IamThrottle throttle) {
        this.iamThrottle = Objects.requireNonNull(throttle, "throttle");
    }

    public IamThrottle iamThrottle() {
        return iamThrottle;
    }

    /**
     * {@code listener} learns of every request the emulator applied with success, after the gate: what
     * AWS would then do by itself (S3's event notifications, say). It runs on the request's thread
     * before the answer is sent, so it must hand slow work to a thread of its own.
     */
    public void whenApplied(Consumer<RecordedRequest> listener) {
        appliedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public RequestRecorder recorder() {
        return recorder;
    }

    public FaultInjection faults() {
        return faults;
    }

    /**
     * Records and authorises a Lambda Invoke, which the local Lambda endpoint then runs itself:
     * empty when it may go on, otherwise the error to answer.
     */
    public Optional<AwsErrorResponses.AwsError> admitInvoke(HttpExchange exchange, String function) {
        RecordedRequest recorded = new RecordedRequest(Instant.now(), "lambda", "Invoke", "POST", exchange.getRequestURI().getRawPath(),
                Map.of("FunctionName", function),
                AwsRequestParser.accessKeyId(exchange.getRequestHeaders().getFirst("Authorization")));
        recorder.record(recorded);
        Optional<AwsErrorResponses.AwsError> refused = gate.admit(recorded);
        recorded.answer().set(refused.map(AwsErrorResponses.AwsError::status).orElse(200), Instant.now());
        return refused;
    }

    /** Parses, records, authorises, fault-injects, forwards and answers one AWS request. */
    public void handle(HttpExchange exchange, String method, String rawPath, byte[] body) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> lowerCaseHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> lowerCaseHeaders.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        RecordedRequest recorded = AwsRequestParser.parse(method, rawPath, rawQuery, lowerCaseHeaders, body);
        recorder.record(recorded);
        boolean jsonProtocol = lowerCaseHeaders.containsKey("x-amz-target");

        Optional<AwsErrorResponses.AwsError> refused = gate.admit(recorded);
        if (refused.isPresent()) {
            respondWithError(exchange, recorded, jsonProtocol, refused.get());
            return;
        }
        IamThrottle throttle = iamThrottle;
        Optional<AwsErrorResponses.AwsError> throttled = throttle.admit(recorded);
        if (throttled.isPresent()) {
            log.accept(recorded.service() + ":" + recorded.action() + " throttled (IAM write rate " + throttle.describe() + ")");
            respondWithError(exchange, recorded, jsonProtocol, throttled.get());
            return;
        }
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
            if (fault.kind() == Fault.Kind.JITTER) {
                pause(Duration.ofMillis(ThreadLocalRandom.current().nextInt(fault.status() + 1)));
            } else if (fault.kind() == Fault.Kind.DELAY) {
                pause(Duration.ofMillis(fault.status()));
            }
        }
        Optional<AwsErrorResponses.AwsError> wrongCodes = mfaCodes.check(recorded);
        if (wrongCodes.isPresent()) {
            respondWithError(exchange, recorded, jsonProtocol, wrongCodes.get());
            return;
        }
        Optional<String> conflict = faults.strictDeleteConflicts() ? deleteConflicts.conflict(recorded) : Optional.empty();
        if (conflict.isPresent()) {
            log.accept(recorded.service() + ":" + recorded.action() + " refused with DeleteConflict (strict mode)");
            respondWithError(exchange, recorded, jsonProtocol,
                    new AwsErrorResponses.AwsError(IamDeleteConflicts.STATUS, IamDeleteConflicts.CODE, conflict.get()));
            return;
        }
        HttpResponse<byte[]> answer = send(exchange, method, rawPath, rawQuery, body);
        if (answer == null) {
            return;
        }
        if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
            gate.applied(recorded);
            appliedListeners.forEach(listener -> listener.accept(recorded));
            mfaCodes.observe(recorded, answer.body());
        }
        if (fault != null && fault.kind() == Fault.Kind.FAIL_AFTER_APPLY) {
            respondWithError(exchange, recorded, jsonProtocol, AwsErrorResponses.internalError(recorded.service(), jsonProtocol));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_RESPONSE) {
            // Holds the answer back until the caller has given up; writing it afterwards usually fails.
            pause(FaultInjection.SLOW_RESPONSE_DELAY);
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

    /** A response with the request id header every AWS answer carries. */
    public static void respond(HttpExchange exchange, int status, Map<String, String> headers, String contentType,
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
        deleteConflicts.close();
    }
}
