package com.iamonboarding.common;

import java.util.Map;
import java.util.Optional;

/**
 * The configuration a function receives from its template {@code Environment}. Handlers take it in
 * their constructor instead of reading {@link System#getenv()} directly, so tests and the local stack
 * can give each function its own environment inside one JVM.
 */
public final class FunctionEnvironment {

    private final Map<String, String> variables;

    public FunctionEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static FunctionEnvironment fromSystem() {
        return new FunctionEnvironment(System.getenv());
    }

    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    public String get(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** Lambda always sets AWS_REGION; a missing one is a configuration error, never a silent default. */
    public String region() {
        return optional("AWS_REGION").or(() -> optional("AWS_DEFAULT_REGION"))
                .orElseThrow(() -> new IllegalStateException("environment variable AWS_REGION is not set"));
    }
}
