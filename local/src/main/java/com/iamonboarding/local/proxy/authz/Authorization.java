package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authorisation IAM performs for a request: the principal, the IAM action, the resource ARN
 * ({@code *} for actions without a resource type) and the request context. A single API call can
 * need several (CreateUser with tags is also iam:TagUser; S3 PutObject with SSE-KMS is also
 * kms:GenerateDataKey, made by S3 with the caller's permissions).
 */
public record Authorization(String principal, String action, String resource, Map<String, List<String>> context) {

    public Authorization {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = ContextValues.copy(context);
    }

    /** The key's single value, or its first one. */
    public Optional<String> value(String key) {
        List<String> values = context.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String toString() {
        return action + " on " + resource;
    }
}
