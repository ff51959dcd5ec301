package com.iamonboarding.local.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Sends a request on to the emulator unchanged (method, path, query, headers, body) and returns its answer. */
final class Forwarder {

    /** Headers the HTTP client sets itself or that only concern one hop. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "proxy-authorization");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private volatile URI target;

    void target(URI emulator) {
        this.target = emulator;
    }

    URI target() {
        return target;
    }

    HttpResponse<byte[]> forward(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body)
            throws IOException, InterruptedException {
        URI emulator = target;
        if (emulator == null) {
            throw new IOException("the emulator is not running yet");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.toString() + rawPathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static boolean isHopHeader(String name) {
        return HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
