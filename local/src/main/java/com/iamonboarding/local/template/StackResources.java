package com.iamonboarding.local.template;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The physical identity of each resource the local stack created: what {@code Ref} and {@code Fn::GetAtt} return. */
public final class StackResources {

    public record Physical(String ref, Map<String, String> attributes) {
    }

    private final Map<String, Physical> byLogicalId = new ConcurrentHashMap<>();

    public void put(String logicalId, String ref, Map<String, String> attributes) {
        byLogicalId.put(logicalId, new Physical(ref, Map.copyOf(attributes)));
    }

    public Optional<Physical> get(String logicalId) {
        return Optional.ofNullable(byLogicalId.get(logicalId));
    }

    public Map<String, Physical> all() {
        return Map.copyOf(byLogicalId);
    }
}
