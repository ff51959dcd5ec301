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

    /** The services the stack's requests go to: launch_moto.py builds their backends before the stack's first request. */
    static final List<String> STACK_SERVICES = List.of("iam", "kms", "events", "dynamodb", "secretsmanager", "states", "s3");
    static final String WARM_LINE = "launch_moto: warm";

    /** moto exits with this code (printing the install hint) when it cannot be imported. */
    static final int NOT_INSTALLED_EXIT_CODE = 3;
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path logFile;
    private final Thread shutdownHook;
    private final boolean warming;

    private MotoServer(Process process, URI endpoint, Path logFile, boolean warming) {
        this.warming = warming;
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stopProcessTree, "moto-server-stop");
    }

    /** Starts moto_server on {@code port} and returns once it answers HTTP. */
    public static MotoServer start(Path launcher, int port, int lambdaEndpointPort) {
        MotoServer server = launch(launcher, port, lambdaEndpointPort);
        server.awaitReady();
        return server;
    }

    /**
     * Starts moto_server on {@code port} and returns at once: Python takes about a second to import
     * moto, which the caller can spend on its own start; {@link #awaitReady} then waits for it.
     */
    public static MotoServer launch(Path launcher, int port, int lambdaEndpointPort) {
        return launch(launcher, port, lambdaEndpointPort, null);
    }

    /**
     * The same, with moto building the backends of {@link #STACK_SERVICES} in {@code region} as soon
     * as it listens; {@link #awaitReady} then also waits for that.
     */
    public static MotoServer launch(Path launcher, int port, int lambdaEndpointPort, String warmRegion) {
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("the moto launcher " + launcher + " is missing");
        }
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto-server-", ".log");
            log.toFile().deleteOnExit();
            List<String> command = new java.util.ArrayList<>(List.of("python3", launcher.toString()));
            if (warmRegion != null) {
                command.addAll(List.of("--warm", String.join(",", STACK_SERVICES), warmRegion));
            }
            command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command)
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
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log, warmRegion != null);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
    }

    /** Returns once moto answers HTTP; stops it and throws when it exits or does not answer in time. */
    public void awaitReady() {
        try {
            awaitAnswer();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitAnswer() {
        MotoApi api = new MotoApi(endpoint);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!api.answers() || warming && !logSays(WARM_LINE)) {
            if (waitForExit(Duration.ofMillis(20))) {
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

    private boolean logSays(String line) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
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

    /**
     * Kills moto and its children outright: it keeps nothing worth a graceful shutdown (its state
     * lives and dies with the process, its log is written as it goes), and a SIGTERM costs Python
     * half a second of teardown that every bin/local command would wait for.
     */
    private void stopProcessTree() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitForStop(Duration.ofSeconds(5));
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
