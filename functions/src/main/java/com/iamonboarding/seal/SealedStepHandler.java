package com.iamonboarding.seal;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.JsonHandler;

/**
 * Base of every workflow step: the step runs only on a state the API sealed ({@link InputSeal}).
 * The check comes before anything else the step does, so a forged state changes nothing.
 */
public abstract class SealedStepHandler<I extends SealedInput, O> extends JsonHandler<I, O> {

    private final String workflow;
    private final InputSeal seal;

    protected SealedStepHandler(Class<I> inputType, String workflow, InputSeal seal) {
        super(inputType);
        this.workflow = workflow;
        this.seal = seal;
    }

    @Override
    public final O handle(I input, Context context) {
        seal.verify(workflow, input);
        return step(input, context);
    }

    /** The step's work, on a state whose id and request came from the API. */
    protected abstract O step(I input, Context context);
}
