package com.iamonboarding.local.emulator;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server process on a loopback port, started through local/moto/launch_moto.py (which fixes
 * getmoto/moto#10077 when the installed moto needs it). MOTO_PORT is the port of the local Lambda
 * endpoint: moto's state machine engine sends its Lambda calls there. Stopped, with any child
 * process, on {@link #close()}, on JVM shutdown (Ctrl-C) and when it fails to start.
 */
public final class MotoServer implements Emulator {

    /** moto exits with this code (printing the install hint) when it cannot be imported. */
    static final int NOT_INSTALLED_EXIT_CODE = 3;
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path logFile;
    private final Thread shutdownHook;

    private MotoServer(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stopProcessTree, "moto-server-stop");
    }

    /** Starts moto_server on {@code port} and returns once it answers HTTP. */
    public static MotoServer start(Path launcher, int port, int lambdaEndpointPort) {
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("the moto launcher " + launcher + " is missing");
        }
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto-server-", ".log");
            log.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(List.of("python3", launcher.toString(),
                    "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("MOTO_PORT", Integer.toString(lambdaEndpointPort));
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            builder.environment().put("PYTHONUNBUFFERED", "1");
            process = builder.start();
        } catch (IOException e) {
            // python3 itself is missing.
            throw new MotoNotInstalledException();
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.awaitAnswer();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitAnswer() {
        MotoApi api = new MotoApi(endpoint);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!api.answers()) {
            if (waitForExit(Duration.ofMillis(100))) {
                if (process.exitValue() == NOT_INSTALLED_EXIT_CODE) {
                    throw new MotoNotInstalledException();
                }
                throw new IllegalStateException("moto_server exited with code " + process.exitValue() + ": " + lastLogLine());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("moto_server did not answer on " + endpoint + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + lastLogLine());
            }
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(logFile);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs (or ran) anyway.
        }
        stopProcessTree();
    }

    private void stopProcessTree() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!waitForStop(Duration.ofSeconds(5))) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            waitForStop(Duration.ofSeconds(5));
        }
    }

    private boolean waitForStop(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
