package com.iamonboarding.local.proxy.authz;

import java.util.Locale;

/**
 * What the local stack does with the IAM decision for each request of the functions:
 * {@link #ENFORCE} answers a denied request with AccessDenied as AWS would (the default);
 * {@link #LOG} lets it through and reports it; {@link #OFF} asks nobody.
 */
public enum AuthorizationMode {
    ENFORCE, LOG, OFF;

    public static AuthorizationMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IAM enforcement must be enforce, log or off, not '" + text + "'");
        }
    }
}
