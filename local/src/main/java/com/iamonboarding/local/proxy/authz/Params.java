package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a recorded request's parameters: flat query-protocol fields and nested JSON bodies alike. */
final class Params {

    private Params() {
    }

    static Optional<String> text(RecordedRequest request, String name) {
        return Optional.ofNullable(request.parameter(name)).filter(value -> !value.isEmpty());
    }

    static String required(RecordedRequest request, String name) {
        return text(request, name).orElseThrow(() -> new CannotMap(request + " has no " + name));
    }

    static boolean has(RecordedRequest request, String name) {
        return request.parameters().get(name) != null;
    }

    /** Query-protocol tags: {@code <list>.member.N.Key} and {@code .Value}, in order. */
    static Map<String, String> memberTags(RecordedRequest request, String list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = 1; ; n++) {
            String key = request.parameter(list + ".member." + n + ".Key");
            if (key == null) {
                return tags;
            }
            tags.put(key, Optional.ofNullable(request.parameter(list + ".member." + n + ".Value")).orElse(""));
        }
    }

    /** JSON-protocol tags: a list of {@code {"Key": …, "Value": …}}. */
    static Map<String, String> jsonTags(RecordedRequest request, String list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<?, ?> tag : objects(request.parameters().get(list))) {
            tags.put(String.valueOf(tag.get("Key")), tag.get("Value") == null ? "" : String.valueOf(tag.get("Value")));
        }
        return tags;
    }

    static List<Map<?, ?>> objects(Object value) {
        List<Map<?, ?>> objects = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).map(item -> (Map<?, ?>) item).forEach(objects::add);
        }
        return objects;
    }

    static Map<?, ?> object(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.stream().filter(item -> item != null).map(String::valueOf).forEach(strings::add);
        } else if (value != null) {
            strings.add(String.valueOf(value));
        }
        return strings;
    }
}
