package com.iamonboarding.compensate;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rollback did. {@code error} and {@code cause} become the failed execution's error and
 * cause (the ASL's Fail state reads them), so they name the failed step and never carry a secret.
 */
public class CompensationResult {
    public String failedStep;
    public String error;
    public String cause;
    public List<String> removed = new ArrayList<>();
    public List<String> remaining = new ArrayList<>();

    public CompensationResult() {
    }
}
