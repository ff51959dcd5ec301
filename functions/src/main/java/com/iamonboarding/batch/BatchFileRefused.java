package com.iamonboarding.batch;

/**
 * A batch file refused as a whole, before any row is looked at: too large, not CSV or JSON Lines,
 * a CSV header naming a column no request has. {@code code} is stable; the message names the limit
 * or the column, never a row's values.
 */
public final class BatchFileRefused extends RuntimeException {

    private final String code;

    public BatchFileRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
