package com.iamonboarding.seal;

import com.iamonboarding.common.PermanentStepException;

/**
 * The state a step was given does not carry a valid seal of the API: it was not started through
 * POST /onboardings or /offboardings (a hand-written StartExecution, a direct Invoke of the step),
 * or its request was changed afterwards. The step changes nothing; the state machine ends the
 * execution as InputRejected without a rollback, since nothing was done.
 */
public class SealRejectedException extends PermanentStepException {
    public SealRejectedException(String message) {
        super(message);
    }
}
