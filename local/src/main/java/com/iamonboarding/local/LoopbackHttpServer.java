package com.iamonboarding.local;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on the loopback address with its own pool of daemon threads: what the local Lambda
 * endpoint and the local API are served by. Port {@code 0} picks any free port.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /**
     * The JDK's server writes an answer's headers and its body apart; with Nagle's algorithm on, the
     * body then waits for the caller's delayed ACK, 40 ms on Linux, on every request an SDK sends
     * through the proxy (about 60 per onboarding). Read once, when the JDK builds its first server.
     */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the port; nothing is answered until {@link #serve}. */
    public static LoopbackHttpServer bind(int port, String purpose) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, purpose.replace(' ', '-') + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            return new LoopbackHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the " + purpose, e);
        }
    }

    public void serve(HttpHandler handler) {
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }

    /** The server's own threads, for work that must outlive a request's wait (a timed-out invocation). */
    public ExecutorService executor() {
        return executor;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
