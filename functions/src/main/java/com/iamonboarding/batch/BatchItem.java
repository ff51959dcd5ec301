package com.iamonboarding.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row the batch runs, as the Distributed Map reads it from {@code work/<batchId>/rows.json}: the
 * child execution to start (its state machine, its name, which is the row's onboarding or
 * offboarding id, and its sealed input) and how the batch follows it. Identifiers and the request
 * only: the sealed input is what the API would start the same request with.
 *
 * <p>{@code follow}: {@link #RUN} the child to its end ({@code startExecution.sync:2}); {@link
 * #INVITE} start it and follow its status until the hire is invited (a self-service onboarding then
 * waits days for its hire, the batch does not).
 */
public record BatchItem(int row, String action, String userName, String id, String workflow, String follow,
                        String stateMachineArn, JsonNode input, int followSeconds, Followed followed) {

    public static final String RUN = "RUN";
    public static final String INVITE = "INVITE";

    /** What the last look at the row's status found, and how many looks there were. */
    public record Followed(String phase, int polls) {
    }
}
