package com.iamonboarding.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of a batch file as read, before validation: {@code row} is where a person finds it (the
 * line of a JSON Lines file; the spreadsheet row of a CSV file, the header being row 1), {@code
 * action} {@code onboard} or {@code offboard} (or what the file said, for the validator to refuse),
 * {@code request} the row's fields as the request body of POST /onboardings or POST /offboardings.
 */
public record BatchRow(int row, String action, ObjectNode request) {

    public static final String ONBOARD = "onboard";
    public static final String OFFBOARD = "offboard";
}
