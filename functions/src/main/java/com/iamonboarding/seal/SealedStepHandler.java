package com.iamonboarding.seal;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.status.StatusTable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Base of every workflow step: the step runs only on a state the API sealed ({@link InputSeal}).
 * The check comes before anything else the step does, so a forged state changes nothing (and
 * writes no status). Then the step's start goes to the {@link StatusTable}, which the status API
 * reads instead of Step Functions.
 */
public abstract class SealedStepHandler<I extends SealedInput, O> extends JsonHandler<I, O> {

    /** One per function instance is plenty: Lambda runs one invocation at a time in it. */
    private static final Executor STATUS_WRITER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "status-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final String workflow;
    private final String step;
    private final InputSeal seal;
    private final StatusTable status;

    /** {@code step} is the name the status API shows: the step's Task state. */
    protected SealedStepHandler(Class<I> inputType, String workflow, String step, InputSeal seal, StatusTable status) {
        super(inputType);
        this.workflow = workflow;
        this.step = step;
        this.seal = seal;
        this.status = status;
    }

    @Override
    public final O handle(I input, Context context) {
        seal.verify(workflow, input);
        // The status write runs beside the step's own work, not before it: it costs the step nothing
        // but the wait for its answer at the end (it never fails the step; see StatusTable).
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> status.stepStarted(input.sealedId(), step), STATUS_WRITER);
        try {
            return step(input, context);
        } finally {
            started.handle((written, failure) -> null).join();
        }
    }

    /** Where the step records how the workflow ended, when it is the step that ends it. */
    protected final StatusTable status() {
        return status;
    }

    /** The step's work, on a state whose id and request came from the API. */
    protected abstract O step(I input, Context context);
}
