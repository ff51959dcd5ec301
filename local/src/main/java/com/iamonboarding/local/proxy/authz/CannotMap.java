package com.iamonboarding.local.proxy.authz;

/** A request the mapping cannot authorise: an unknown action, or a parameter it needs is missing. */
final class CannotMap extends RuntimeException {

    CannotMap(String reason) {
        super(reason, null, false, false);
    }
}
