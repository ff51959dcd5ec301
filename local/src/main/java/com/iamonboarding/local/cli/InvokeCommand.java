package com.iamonboarding.local.cli;

import com.iamonboarding.local.lambda.InvocationResult;
import com.iamonboarding.local.stack.LocalStack;
import java.io.PrintStream;

/**
 * {@code invoke <FunctionLogicalId> --event <file>}, the equivalent of {@code sam local invoke}: runs
 * one function with the event against the emulator and prints its response (or its error payload).
 */
public final class InvokeCommand {

    public static final int SUCCEEDED = 0;
    public static final int FUNCTION_ERROR = 1;
    public static final int NO_SUCH_FUNCTION = 2;

    private final LocalStack stack;
    private final PrintStream out;
    private final PrintStream err;

    public InvokeCommand(LocalStack stack, PrintStream out, PrintStream err) {
        this.stack = stack;
        this.out = out;
        this.err = err;
    }

    public int run(String function, byte[] event) {
        InvocationResult result = stack.functions().invoke(function, event);
        switch (result.status()) {
            case SUCCESS -> {
                out.println(result.payloadText());
                return SUCCEEDED;
            }
            case FUNCTION_ERROR -> {
                out.println(result.payloadText());
                return FUNCTION_ERROR;
            }
            default -> {
                err.println("no function " + function + " in template.yaml; functions: "
                        + stack.functions().registry().all().stream().map(f -> f.logicalId()).toList());
                return NO_SUCH_FUNCTION;
            }
        }
    }
}
