package com.iamonboarding.api;

import java.util.List;

/** What validating a request body gives: the request with defaults applied (no violations), or every violation (no request). */
public interface RequestValidation<R> {

    R request();

    List<Violation> violations();

    default boolean valid() {
        return violations().isEmpty();
    }
}
