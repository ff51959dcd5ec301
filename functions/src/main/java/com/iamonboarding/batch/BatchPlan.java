package com.iamonboarding.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.Violation;
import java.util.List;

/**
 * What a batch would do, decided before anything is created: the valid rows, each with its request
 * as the API would start it (defaults applied) and, for an onboarding, the onboarding id the API
 * would give it (so a re-submitted file starts nothing new), and the invalid rows with every
 * violation. {@link #runs} applies the batch's {@link OnInvalidRows} choice.
 */
public record BatchPlan(List<Planned> valid, List<Invalid> invalid) {

    /** What to do when some rows are invalid. */
    public enum OnInvalidRows {
        /** Run nothing (the default: a cohort is usually meant to start together). */
        REJECT,
        /** Run the valid rows and report the others. */
        SKIP
    }

    /** A valid row. {@code id}: the onboarding id; null for an offboarding, whose id needs the user's IAM id. */
    public record Planned(int row, String action, String userName, String id, JsonNode request) {
    }

    /** An invalid row: every violation, each naming the field and the rule (never the value). */
    public record Invalid(int row, String userName, List<Violation> violations) {
    }

    /** The rows to run: none when rows are invalid and the batch says REJECT. */
    public List<Planned> runs(OnInvalidRows onInvalidRows) {
        return invalid.isEmpty() || onInvalidRows == OnInvalidRows.SKIP ? valid : List.of();
    }
}
