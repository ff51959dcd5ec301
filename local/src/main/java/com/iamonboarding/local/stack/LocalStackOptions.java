package com.iamonboarding.local.stack;

import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to start the local stack. Port 0 means any free loopback port. Without an emulator endpoint
 * (AWS_ENDPOINT_URL by default), the stack starts its own moto_server.
 */
public final class LocalStackOptions {

    private Path repoRoot;
    private int lambdaPort;
    private int apiPort;
    private URI emulatorEndpoint = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
            .filter(v -> !v.isBlank()).map(URI::create).orElse(null);
    private final Map<String, String> parameterOverrides = new LinkedHashMap<>();
    private Consumer<String> log = line -> { };
    private AuthorizationMode authorization = AuthorizationMode.ENFORCE;
    private Set<String> stateMachines;

    public LocalStackOptions repoRoot(Path root) {
        this.repoRoot = root;
        return this;
    }

    public LocalStackOptions lambdaPort(int port) {
        this.lambdaPort = port;
        return this;
    }

    public LocalStackOptions apiPort(int port) {
        this.apiPort = port;
        return this;
    }

    /** An emulator that is already running (its MOTO_PORT must be the Lambda port); null: start moto_server. */
    public LocalStackOptions emulatorEndpoint(URI endpoint) {
        this.emulatorEndpoint = endpoint;
        return this;
    }

    public LocalStackOptions parameter(String name, String value) {
        parameterOverrides.put(name, value);
        return this;
    }

    /** Where the stack's own progress lines (resources created, invocations, API requests) go. */
    public LocalStackOptions log(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /** Whether the functions' requests are authorised as IAM would (default {@link AuthorizationMode#ENFORCE}). */
    public LocalStackOptions authorization(AuthorizationMode mode) {
        this.authorization = mode;
        return this;
    }

    /**
     * Creates only these state machines (logical ids) instead of all: for a command that runs one
     * workflow, the others cost the emulator a parse each and are never started.
     */
    public LocalStackOptions onlyStateMachines(String... logicalIds) {
        this.stateMachines = Set.of(logicalIds);
        return this;
    }

    /** Whether the stack creates the state machine {@code logicalId}. */
    boolean creates(String logicalId) {
        return stateMachines == null || stateMachines.contains(logicalId);
    }

    AuthorizationMode authorization() {
        return authorization;
    }

    Path repoRoot() {
        return repoRoot;
    }

    int lambdaPort() {
        return lambdaPort;
    }

    int apiPort() {
        return apiPort;
    }

    Optional<URI> emulatorEndpoint() {
        return Optional.ofNullable(emulatorEndpoint);
    }

    Map<String, String> parameterOverrides() {
        return parameterOverrides;
    }

    Consumer<String> log() {
        return log;
    }
}
