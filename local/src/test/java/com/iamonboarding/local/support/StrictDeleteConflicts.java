package com.iamonboarding.local.support;

import com.iamonboarding.local.proxy.FaultInjection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns on the shared stack's strict mode (DeleteConflict the way IAM answers it; moto alone deletes a
 * user that still has credentials) for one test class, and restores what was set before.
 */
public final class StrictDeleteConflicts implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StrictDeleteConflicts.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        FaultInjection faults = SharedStack.get().lambdaEndpoint().faults();
        context.getStore(NAMESPACE).put("before", faults.strictDeleteConflicts());
        faults.strictDeleteConflicts(true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Boolean before = context.getStore(NAMESPACE).get("before", Boolean.class);
        SharedStack.get().lambdaEndpoint().faults().strictDeleteConflicts(Boolean.TRUE.equals(before));
    }
}
