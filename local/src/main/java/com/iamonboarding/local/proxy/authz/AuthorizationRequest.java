package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything IAM weighs to decide one request: who asks ({@code principal}, the ARN the request is
 * signed as), for what, on which resource, in which context, and the policies that apply: the
 * principal's identity policies and permissions boundary, and the resource's policy (a key policy,
 * a secret's or a bucket's policy) when it has one.
 */
public record AuthorizationRequest(String principal, String action, String resource, Map<String, List<String>> context,
                                   List<NamedPolicy> identityPolicies, List<NamedPolicy> permissionBoundaries,
                                   Optional<NamedPolicy> resourcePolicy) {

    public AuthorizationRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = ContextValues.copy(context);
        identityPolicies = List.copyOf(identityPolicies);
        permissionBoundaries = List.copyOf(permissionBoundaries);
        Objects.requireNonNull(resourcePolicy, "resourcePolicy");
    }

    /** The request for one mapped authorisation, with the policies that apply to it. */
    public static AuthorizationRequest of(Authorization authorization, List<NamedPolicy> identityPolicies,
                                          List<NamedPolicy> permissionBoundaries, Optional<NamedPolicy> resourcePolicy) {
        return new AuthorizationRequest(authorization.principal(), authorization.action(), authorization.resource(),
                authorization.context(), identityPolicies, permissionBoundaries, resourcePolicy);
    }
}
