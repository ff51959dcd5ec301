package com.iamonboarding.local.cli;

import com.iamonboarding.local.stack.LocalStack;
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

    /** Blocks until {@code stop} is released (by the JVM's shutdown on Ctrl-C). */
    public void awaitStop(CountDownLatch stop) throws InterruptedException {
        stop.await();
    }
}
