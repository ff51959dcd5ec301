package com.iamonboarding.local.stack;

import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Priming;
import com.iamonboarding.local.template.FunctionDef;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.local.template.TemplateModel;
import java.util.Map;

/**
 * What the stack does while moto_server starts (Python needs about a second to import moto): it
 * builds every function's handler once with a stand-in environment and primes it the way SnapStart
 * does ({@link Priming}: each request is marshalled and signed, then stopped before it is sent), so
 * the classes of the SDK, Jackson and the handlers are loaded and initialised before the first real
 * invocation needs them. The stand-in handlers are then dropped; the real ones are built once the
 * resources exist.
 */
final class WarmUp {

    private static final Map<String, String> STAND_IN = Map.ofEntries(
            Map.entry("AWS_REGION", PseudoParameters.REGION),
            Map.entry("AWS_ACCESS_KEY_ID", "warm-up"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "warm-up"),
            Map.entry("SEAL_KEY_ID", "arn:aws:kms:" + PseudoParameters.REGION + ":" + PseudoParameters.ACCOUNT_ID + ":key/warm-up"),
            Map.entry("STATUS_TABLE", "warm-up"),
            Map.entry("LEASE_TABLE", "warm-up"),
            Map.entry("KMS_KEY_ID", "alias/warm-up"),
            Map.entry("QR_BUCKET", "warm-up"),
            Map.entry("EVENT_BUS_NAME", "warm-up"),
            Map.entry("ACCOUNT_ALIAS", "warm-up"),
            Map.entry("HIRE_BOUNDARY_ARN", "arn:aws:iam::" + PseudoParameters.ACCOUNT_ID + ":policy/warm-up"),
            Map.entry("STATE_MACHINE_ARN", "arn:aws:states:" + PseudoParameters.REGION + ":" + PseudoParameters.ACCOUNT_ID
                    + ":stateMachine:warm-up"),
            Map.entry("OFFBOARDING_STATE_MACHINE_ARN", "arn:aws:states:" + PseudoParameters.REGION + ":" + PseudoParameters.ACCOUNT_ID
                    + ":stateMachine:warm-up-offboarding"));

    private WarmUp() {
    }

    /** Never fails the start: a handler that cannot be built here is simply built cold later. */
    static void handlers(TemplateModel template) {
        int mark = Priming.registered();
        for (FunctionDef function : template.functions()) {
            try {
                Class.forName(function.handlerClass(), true, WarmUp.class.getClassLoader())
                        .getConstructor(FunctionEnvironment.class).newInstance(new FunctionEnvironment(STAND_IN));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError cold) {
                // Its first invocation pays for it instead.
            }
        }
        Priming.primeFrom(mark);
    }
}
