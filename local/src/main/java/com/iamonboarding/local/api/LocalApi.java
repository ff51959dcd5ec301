package com.iamonboarding.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.lambda.FunctionInvoker;
import com.iamonboarding.local.lambda.InvocationResult;
import com.iamonboarding.local.template.ApiRoute;
import com.iamonboarding.local.LoopbackHttpServer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves the template's API routes on a loopback port like {@code sam local start-api}: each request
 * becomes an API Gateway proxy event for the route's function, and the function's proxy response
 * (statusCode, headers, body) becomes the HTTP answer. Authorization (AWS_IAM in the template) is not
 * checked locally.
 */
public final class LocalApi implements AutoCloseable {

    private final LoopbackHttpServer server;
    private final RouteTable routes;
    private final FunctionInvoker functions;
    private final Consumer<String> log;
    private final String stage;

    private LocalApi(LoopbackHttpServer server, RouteTable routes, FunctionInvoker functions,
                     String stage, Consumer<String> log) {
        this.stage = stage;
        this.server = server;
        this.routes = routes;
        this.functions = functions;
        this.log = log;
    }

    public static LocalApi start(int port, List<ApiRoute> routes, String stage, FunctionInvoker functions,
                                 Consumer<String> log) {
        return serve(LoopbackHttpServer.bind(port, "local API"), routes, stage, functions, log);
    }

    /**
     * Serves the routes on a server bound earlier ({@link LoopbackHttpServer#bind}): the stack binds
     * it first, so that the functions' environment can name the API's URL.
     */
    public static LocalApi serve(LoopbackHttpServer server, List<ApiRoute> routes, String stage, FunctionInvoker functions,
                                 Consumer<String> log) {
        LocalApi api = new LocalApi(server, new RouteTable(routes), functions, stage, log);
        server.serve(api::handle);
        return api;
    }

    public int port() {
        return server.port();
    }

    public URI url() {
        return server.url();
    }

    public List<ApiRoute> routes() {
        return routes.routes();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            Optional<RouteTable.Match> match = routes.match(method, rawPath);
            if (match.isEmpty()) {
                log.accept(method + " " + rawPath + " -> 404 (no route)");
                send(exchange, 404, Map.of("Content-Type", "application/json"),
                        Json.write(Map.of("message", "no route for " + method + " " + rawPath)).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("127.0.0.1:" + port());
            Map<String, Object> event = ProxyEvents.build(match.get(), method, rawPath, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body, host, stage);
            InvocationResult result = functions.invoke(match.get().route().functionLogicalId(),
                    Json.write(event).getBytes(StandardCharsets.UTF_8));
            int status = reply(exchange, result);
            log.accept(method + " " + rawPath + " -> " + status + " (" + match.get().route().functionLogicalId() + ")");
        }
    }

    private int reply(HttpExchange exchange, InvocationResult result) throws IOException {
        if (!result.succeeded()) {
            return internalError(exchange);
        }
        JsonNode response;
        try {
            response = Json.MAPPER.readTree(result.payload());
        } catch (IOException e) {
            return internalError(exchange);
        }
        if (response == null || !response.has("statusCode")) {
            return internalError(exchange);
        }
        Headers headers = exchange.getResponseHeaders();
        response.path("headers").fields().forEachRemaining(h -> headers.set(h.getKey(), h.getValue().asText()));
        response.path("multiValueHeaders").fields().forEachRemaining(h -> {
            headers.remove(h.getKey());
            h.getValue().forEach(v -> headers.add(h.getKey(), v.asText()));
        });
        JsonNode bodyNode = response.get("body");
        String text = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText();
        byte[] body = response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
        int status = response.get("statusCode").asInt();
        send(exchange, status, Map.of(), body);
        return status;
    }

    private static int internalError(HttpExchange exchange) throws IOException {
        send(exchange, 502, Map.of("Content-Type", "application/json"),
                "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
        return 502;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
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
    }
}
