package com.iamonboarding.local.proxy.authz;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects one authorisation's context; a key without a value is left out, as AWS leaves it out. */
final class AuthorizationBuilder {

    private final String principal;
    private final String action;
    private final String resource;
    private final Map<String, List<String>> context = new LinkedHashMap<>();

    AuthorizationBuilder(String principal, String action, String resource) {
        this.principal = principal;
        this.action = action;
        this.resource = resource;
    }

    AuthorizationBuilder with(String key, String value) {
        if (value != null) {
            context.put(key, List.of(value));
        }
        return this;
    }

    AuthorizationBuilder with(String key, Optional<String> value) {
        return with(key, value.orElse(null));
    }

    AuthorizationBuilder withAll(String key, Collection<String> values) {
        if (!values.isEmpty()) {
            context.put(key, List.copyOf(values));
        }
        return this;
    }

    /** One key per tag: {@code prefix + tagKey} with the tag's value. */
    AuthorizationBuilder withTags(String prefix, Map<String, String> tags) {
        tags.forEach((key, value) -> with(prefix + key, value));
        return this;
    }

    /** The tags a request attaches: {@code aws:RequestTag/<key>} and {@code aws:TagKeys}. */
    AuthorizationBuilder withRequestTags(Map<String, String> tags) {
        return withTags("aws:RequestTag/", tags).withAll("aws:TagKeys", tags.keySet());
    }

    Authorization build() {
        return new Authorization(principal, action, resource, context);
    }
}
