package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Objects;

/**
 * The authorisations one recorded request needs, or why it has none: a request that cannot be
 * mapped must be refused, never let through.
 */
public sealed interface Mapping permits Mapping.Mapped, Mapping.Unmapped {

    record Mapped(List<Authorization> authorizations) implements Mapping {

        public Mapped {
            authorizations = List.copyOf(authorizations);
            if (authorizations.isEmpty()) {
                throw new IllegalArgumentException("a mapped request needs at least one authorisation");
            }
        }
    }

    /** {@code reason} names the action and what is missing; it never holds request parameters. */
    record Unmapped(String reason) implements Mapping {

        public Unmapped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
