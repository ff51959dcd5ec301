package com.iamonboarding.deprovisioning;

import java.util.ArrayList;
import java.util.List;

/** What a deprovisioning run removed and what it could not remove (with the reason). */
public class DeprovisioningReport {
    public final List<String> removed = new ArrayList<>();
    public final List<String> remaining = new ArrayList<>();
    /** True when something remains only because of a transient error: running again may finish the job. */
    public boolean retryable;

    public boolean complete() {
        return remaining.isEmpty();
    }
}
