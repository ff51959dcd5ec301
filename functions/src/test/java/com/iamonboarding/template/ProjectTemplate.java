package com.iamonboarding.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's template.yaml as plain maps, with the lookups the template tests share. The
 * repository root is the parent of the functions module, which is Maven's working directory for tests.
 */
final class ProjectTemplate {

    static final String FUNCTION = "AWS::Serverless::Function";
    static final String STATE_MACHINE = "AWS::Serverless::StateMachine";

    final Path root;
    final Map<String, Object> template;

    private ProjectTemplate(Path root) {
        this.root = root;
        this.template = CloudFormationYaml.load(root.resolve("template.yaml"));
    }

    static ProjectTemplate load() {
        return new ProjectTemplate(repositoryRoot());
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        // Maven runs the tests in functions/; an IDE may run them from the root itself.
        Path root = Files.exists(here.resolve("template.yaml")) ? here : here.getParent();
        if (root == null || !Files.exists(root.resolve("template.yaml"))) {
            throw new IllegalStateException("template.yaml not found in " + here + " or its parent");
        }
        return root;
    }

    Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    /** Logical id -> resource, in template order, for one resource type. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    /** Globals.Function: what SAM gives every function that does not set it itself. */
    Map<String, Object> functionGlobals() {
        return map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    }

    Map<String, Map<String, Object>> functions() {
        return resourcesOfType(FUNCTION);
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.getOrDefault("Properties", Map.of()));
    }

    /** A function property, falling back to Globals.Function as SAM does. */
    Optional<Object> functionProperty(Map<String, Object> function, String name) {
        Object own = properties(function).get(name);
        if (own != null) {
            return Optional.of(own);
        }
        Map<String, Object> globals = map(template.getOrDefault("Globals", Map.of()));
        return Optional.ofNullable(map(globals.getOrDefault("Function", Map.of())).get(name));
    }

    /** Environment variables of a function: Globals merged with its own, as SAM merges them. */
    Map<String, Object> environment(Map<String, Object> function) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, Object> globals = map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
        merged.putAll(variables(globals.get("Environment")));
        merged.putAll(variables(properties(function).get("Environment")));
        return merged;
    }

    private static Map<String, Object> variables(Object environment) {
        if (environment == null) {
            return Map.of();
        }
        return map(map(environment).getOrDefault("Variables", Map.of()));
    }

    static String handlerClass(Map<String, Object> function) {
        String handler = (String) properties(function).get("Handler");
        return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    }

    Map<String, Object> parameter(String name) {
        return map(map(template.get("Parameters")).get(name));
    }

    /**
     * The literal values a policy value stands for: a string, a list, or a Ref to a parameter (its
     * default, split when it is a CommaDelimitedList). Anything else is returned as its text, which
     * the tests treat as unknown.
     */
    List<String> literalValues(Object value) {
        List<String> values = new ArrayList<>();
        if (value instanceof String s) {
            values.add(s);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> values.addAll(literalValues(v)));
        } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::If")) {
            // Either branch may hold: both count.
            List<Object> parts = list(m.get("Fn::If"));
            values.addAll(literalValues(parts.get(1)));
            values.addAll(literalValues(parts.get(2)));
        } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::Split")) {
            List<Object> parts = list(m.get("Fn::Split"));
            String delimiter = String.valueOf(parts.get(0));
            literalValues(parts.get(1)).forEach(v -> Arrays.stream(v.split(java.util.regex.Pattern.quote(delimiter)))
                    .filter(part -> !part.isEmpty()).forEach(values::add));
        } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::Join")) {
            List<Object> parts = list(m.get("Fn::Join"));
            List<String> joined = new ArrayList<>();
            list(parts.get(1)).forEach(part -> joined.addAll(literalValues(part)));
            values.add(String.join(String.valueOf(parts.get(0)), joined));
        } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::Sub") instanceof String text) {
            // The substitution's template: ${...} placeholders stay as they are.
            values.add(text);
        } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Ref")
                && map(template.get("Parameters")).containsKey(String.valueOf(m.get("Ref")))) {
            Map<String, Object> parameter = parameter(String.valueOf(m.get("Ref")));
            String defaultValue = String.valueOf(parameter.getOrDefault("Default", ""));
            if ("CommaDelimitedList".equals(parameter.get("Type"))) {
                Arrays.stream(defaultValue.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(values::add);
            } else {
                values.add(defaultValue);
            }
        } else {
            values.add(String.valueOf(value));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a mapping but found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return (List<Object>) value;
        }
        return List.of(value);
    }
}
