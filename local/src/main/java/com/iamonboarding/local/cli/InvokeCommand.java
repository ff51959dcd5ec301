package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.lambda.InvocationResult;
import com.iamonboarding.local.lambda.LocalFunction;
import com.iamonboarding.local.stack.LocalSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import com.iamonboarding.local.stack.LocalStack;
import java.io.PrintStream;

/**
 * {@code invoke <FunctionLogicalId> --event <file>}, the equivalent of {@code sam local invoke}: runs
 * one function with the event against the emulator and prints its response (or its error payload).
 * A workflow step runs only on a state the API sealed, so a step's event is sealed first with the
 * local stack's seal key (the sample's own seal is a placeholder), and the command says so.
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
        byte[] payload = sealedIfAStep(function, event);
        InvocationResult result = stack.functions().invoke(function, payload);
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

    private byte[] sealedIfAStep(String function, byte[] event) {
        Optional<LocalFunction> found = stack.functions().registry().find(function);
        if (found.isEmpty()) {
            return event;
        }
        Class<?> type;
        try {
            type = found.get().inputType();
        } catch (Throwable cannotBuild) {
            // The invocation reports why the handler cannot be built.
            return event;
        }
        if (!LocalSealer.isSealedState(type)) {
            return event;
        }
        try {
            JsonNode state = Json.MAPPER.readTree(event);
            if (!(state instanceof ObjectNode object)) {
                return event;
            }
            err.println("sealing the event with the local stack's seal key, as the API would (a step runs only on a sealed state)");
            return Json.write(stack.sealer().reseal(object, type)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException notAState) {
            // Not a state at all: the function says so itself.
            return event;
        }
    }
}
