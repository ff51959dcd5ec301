package com.iamonboarding.local.lambda;

import com.iamonboarding.local.proxy.FaultInjection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Invokes a function in process, the way Lambda's Invoke API reports the outcome: the output on
 * success; on a handler exception, a function error whose errorType is the exception's fully
 * qualified class name (what an ASL Retry/Catch matches) and whose errorMessage is its message.
 */
public final class FunctionInvoker {

    private static final int MAX_FRAMES = 12;

    private final FunctionRegistry registry;
    private final FaultInjection faults;
    private final Consumer<String> log;
    private final AtomicInteger running = new AtomicInteger();

    public FunctionInvoker(FunctionRegistry registry, FaultInjection faults, Consumer<String> log) {
        this.registry = registry;
        this.faults = faults;
        this.log = log;
    }

    public FunctionRegistry registry() {
        return registry;
    }

    public InvocationResult invoke(String reference, byte[] payload) {
        Optional<LocalFunction> found = registry.find(reference);
        if (found.isEmpty()) {
            log.accept("invoke " + reference + ": no such function");
            return InvocationResult.notFound(reference);
        }
        LocalFunction function = found.get();
        running.incrementAndGet();
        try {
            return invoke(function, payload);
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Invocations still running: after an execution stops, a step it no longer waits for (a branch
     * of a failed Parallel state) can still be at work, in Lambda as here.
     */
    public int running() {
        return running.get();
    }

    private InvocationResult invoke(LocalFunction function, byte[] payload) {
        long started = System.nanoTime();
        Optional<FaultInjection.FunctionFault> fault = faults.forFunction(function.logicalId(), function.name());
        InvocationResult result;
        if (fault.isPresent()) {
            result = InvocationResult.functionError(fault.get().errorType(), fault.get().errorMessage());
        } else {
            result = run(function, payload);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // The error type only: messages are meant to be secret-free, but this line is printed.
        log.accept(function.logicalId() + (result.succeeded() ? " succeeded" : " failed with " + result.errorType())
                + " in " + millis + " ms" + (fault.isPresent() ? " (injected)" : ""));
        return result;
    }

    private InvocationResult run(LocalFunction function, byte[] payload) {
        try {
            return InvocationResult.success(function.invoke(payload));
        } catch (Throwable error) {
            log.accept(function.logicalId() + " threw " + error.getClass().getName() + stackFrames(error));
            return InvocationResult.functionError(error.getClass().getName(), error.getMessage());
        }
    }

    /**
     * Where an unexpected exception came from, as Lambda logs it, but without any message: the
     * frames only (class, method, line), so this line can never carry a secret.
     */
    static String stackFrames(Throwable error) {
        if (error instanceof RuntimeException && error.getClass().getName().startsWith("com.iamonboarding.common.")) {
            return "";
        }
        StringBuilder frames = new StringBuilder();
        StackTraceElement[] trace = error.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, MAX_FRAMES); i++) {
            frames.append(System.lineSeparator()).append("\tat ").append(trace[i]);
        }
        return frames.toString();
    }
}
