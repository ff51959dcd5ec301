package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Objects;

/**
 * A principal a question is about ({@link Authorizer#ask}): who signs, and the policies IAM weighs
 * for them, read where they live (the template for the stack's roles, the emulator for users,
 * groups and other roles) or, for a hire not created yet, what their profile would give them.
 */
public record AskedPrincipal(String description, Caller caller, List<NamedPolicy> identity, List<NamedPolicy> boundary) {

    public AskedPrincipal {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(caller, "caller");
        identity = List.copyOf(identity);
        boundary = List.copyOf(boundary);
    }

    /** The same principal in a session authenticated with MFA. */
    public AskedPrincipal withMfa() {
        return new AskedPrincipal(description + " with MFA", caller.withMfa(), identity, boundary);
    }
}
