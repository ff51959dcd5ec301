package com.iamonboarding.local.proxy.authz;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Condition keys to their values: an unmodifiable copy that keeps the keys' order, for the records. */
final class ContextValues {

    private ContextValues() {
    }

    static Map<String, List<String>> copy(Map<String, List<String>> context) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        context.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }
}
