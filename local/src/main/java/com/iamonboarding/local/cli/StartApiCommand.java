package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.lambda.LocalFunction;
import com.iamonboarding.local.stack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** {@code start-api}: keeps the stack and the local API running until Ctrl-C, like {@code sam local start-api}. */
public final class StartApiCommand {

    private final LocalStack stack;
    private final PrintStream out;

    public StartApiCommand(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    public void printUrls() {
        out.println("Local API:             " + stack.api().url());
        stack.api().routes().forEach(route -> out.printf("  %-6s %s%s -> %s%n", route.method(), stack.api().url(),
                route.path(), route.functionLogicalId()));
        out.println("Local Lambda endpoint: " + stack.lambdaEndpoint().url()
                + "  (Lambda Invoke; any other AWS request goes on to the emulator)");
        out.println("Emulator:              " + stack.emulator().endpoint());
        stack.stateMachineArns().forEach((id, arn) -> out.printf("State machine:         %s (%s)%n", arn, id));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /**
     * Writes what a benchmark (bench/first-invocation.sh) needs to run one function in a JVM of its
     * own against this stack's emulator: the endpoints and each function's resolved environment.
     */
    public void describe(Path file) throws IOException {
        ObjectNode description = Json.MAPPER.createObjectNode();
        description.put("api", stack.api().url().toString());
        description.put("lambdaEndpoint", stack.lambdaEndpoint().url().toString());
        description.put("emulator", stack.emulator().endpoint().toString());
        ObjectNode functions = description.putObject("functions");
        for (LocalFunction function : stack.functions().registry().all()) {
            ObjectNode entry = functions.putObject(function.logicalId());
            entry.put("name", function.name());
            entry.put("handler", function.handlerClass());
            entry.set("environment", Json.MAPPER.valueToTree(function.environment()));
        }
        Files.writeString(file, Json.write(description), StandardCharsets.UTF_8);
    }

    /** Blocks until {@code stop} is released (by the JVM's shutdown on Ctrl-C). */
    public void awaitStop(CountDownLatch stop) throws InterruptedException {
        stop.await();
    }
}
