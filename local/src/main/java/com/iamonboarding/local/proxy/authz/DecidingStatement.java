package com.iamonboarding.local.proxy.authz;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What decided a request: a statement that allowed it, an explicit Deny that matched, or a policy
 * type that had no Allow for it (then there is no statement: {@code sid} and {@code statementIndex}
 * are empty). {@code policy} is the {@link NamedPolicy#name()} the policy was given.
 */
public record DecidingStatement(PolicyType policyType, Kind kind, Optional<String> policy, Optional<String> sid,
                                OptionalInt statementIndex) {

    public DecidingStatement {
        Objects.requireNonNull(policyType, "policyType");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(statementIndex, "statementIndex");
    }

    public enum Kind { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public enum PolicyType { IDENTITY, RESOURCE, PERMISSIONS_BOUNDARY, SCP, RCP, VPC_ENDPOINT, S3_BLOCK_PUBLIC_ACCESS }

    @Override
    public String toString() {
        return kind + " by " + policyType + policy.map(p -> " " + p).orElse("")
                + sid.map(s -> " sid " + s).orElse("")
                + (statementIndex.isPresent() ? " statement " + statementIndex.getAsInt() : "");
    }
}
