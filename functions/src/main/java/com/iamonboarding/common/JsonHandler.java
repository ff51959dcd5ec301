package com.iamonboarding.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Base of every handler: reads the event with the project's Jackson configuration into the
 * handler's input type and writes its result back. Using one mapper everywhere (instead of the
 * runtime's POJO serializer) keeps state input/output identical in Lambda, in tests and locally.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {

    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
        Priming.register(this::prime);
    }

    /**
     * What SnapStart's snapshot should hold warm ({@link Priming}): Jackson's reader and writer of the
     * input type here; a handler adds the local work of its first invocation (never an AWS call
     * that could change anything: those are stopped before they are sent anyway).
     */
    protected void prime() {
        try {
            Json.MAPPER.writeValueAsString(Json.MAPPER.readValue("{}", inputType));
        } catch (IOException e) {
            // An input type that needs more than {} to exist is primed by its first real event instead.
        }
    }

    public final Class<I> inputType() {
        return inputType;
    }

    public abstract O handle(I input, Context context);

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        I input;
        try {
            input = Json.MAPPER.readValue(in, inputType);
        } catch (IOException e) {
            // Jackson's message can quote the input, which may be anything; name only the type.
            throw new PermanentStepException("the event is not a valid " + inputType.getSimpleName());
        }
        InvocationDeadline.begin(context);
        try {
            O output = handle(input, context);
            Json.MAPPER.writeValue(out, output);
        } finally {
            InvocationDeadline.end();
        }
    }
}
