package com.iamonboarding.local.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the local stack needs from template.yaml: parameters, functions (handler, environment),
 * state machines, API routes and the other resources by type. Nothing here is specific to this
 * application's functions: adding a function or a route to the template needs no change here.
 */
public final class TemplateModel {

    public static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    public static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
    public static final String SERVERLESS_STATE_MACHINE = "AWS::Serverless::StateMachine";
    public static final String STEP_FUNCTIONS_STATE_MACHINE = "AWS::StepFunctions::StateMachine";

    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int DEFAULT_MEMORY_MB = 128;

    private final Path directory;
    private final Map<String, Object> document;

    private TemplateModel(Path directory, Map<String, Object> document) {
        this.directory = directory;
        this.document = document;
    }

    public static TemplateModel load(Path repoRoot) {
        return new TemplateModel(repoRoot, CfnYaml.read(repoRoot.resolve("template.yaml")));
    }

    public static TemplateModel parse(Path directory, String yaml) {
        return new TemplateModel(directory, CfnYaml.parse(yaml));
    }

    public Path directory() {
        return directory;
    }

    /** Parameter name -> its Default as text (null when it has none). */
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        section("Parameters").forEach((name, spec) -> {
            Object value = map(spec).get("Default");
            defaults.put(name, value == null ? null : scalarText(value));
        });
        return defaults;
    }

    /** The Parameters section as written (Type, Default, AllowedValues, ...). */
    public Map<String, Object> parameterSpecs() {
        return section("Parameters");
    }

    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    public Map<String, Object> mappings() {
        return section("Mappings");
    }

    /** Logical id -> resource (Type, Properties, ...), in template order. */
    public Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        section("Resources").forEach((id, resource) -> resources.put(id, map(resource)));
        return resources;
    }

    public String typeOf(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        return resource == null ? null : (String) resource.get("Type");
    }

    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                matching.put(id, resource);
            }
        });
        return matching;
    }

    public static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    public List<FunctionDef> functions() {
        Map<String, Object> globals = map(section("Globals").get("Function"));
        List<FunctionDef> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            Object type = resource.get("Type");
            if (!SERVERLESS_FUNCTION.equals(type) && !LAMBDA_FUNCTION.equals(type)) {
                return;
            }
            Map<String, Object> props = properties(resource);
            Map<String, Object> environment = new LinkedHashMap<>(variables(globals));
            environment.putAll(variables(props));
            Object handler = props.getOrDefault("Handler", globals.get("Handler"));
            if (!(handler instanceof String text) || text.isBlank()) {
                throw new IllegalStateException("function " + id + " in template.yaml has no Handler");
            }
            functions.add(new FunctionDef(id, text, environment, props.get("FunctionName"),
                    intOr(props.getOrDefault("Timeout", globals.get("Timeout")), DEFAULT_TIMEOUT_SECONDS),
                    intOr(props.getOrDefault("MemorySize", globals.get("MemorySize")), DEFAULT_MEMORY_MB)));
        });
        return functions;
    }

    public List<StateMachineDef> stateMachines() {
        List<StateMachineDef> machines = new ArrayList<>();
        resources().forEach((id, resource) -> {
            Object type = resource.get("Type");
            Map<String, Object> props = properties(resource);
            if (SERVERLESS_STATE_MACHINE.equals(type)) {
                machines.add(new StateMachineDef(id, props.get("Name"), definitionFile(props.get("DefinitionUri")),
                        props.get("Definition"), map(props.get("DefinitionSubstitutions")),
                        String.valueOf(props.getOrDefault("Type", "STANDARD"))));
            } else if (STEP_FUNCTIONS_STATE_MACHINE.equals(type)) {
                Object inline = props.containsKey("Definition") ? props.get("Definition") : props.get("DefinitionString");
                machines.add(new StateMachineDef(id, props.get("StateMachineName"), null, inline,
                        map(props.get("DefinitionSubstitutions")),
                        String.valueOf(props.getOrDefault("StateMachineType", "STANDARD"))));
            }
        });
        return machines;
    }

    /** Every {@code Type: Api} event of every function. */
    public List<ApiRoute> apiRoutes() {
        List<ApiRoute> routes = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (!SERVERLESS_FUNCTION.equals(resource.get("Type"))) {
                return;
            }
            map(properties(resource).get("Events")).values().forEach(event -> {
                Map<String, Object> spec = map(event);
                if ("Api".equals(spec.get("Type"))) {
                    Map<String, Object> props = map(spec.get("Properties"));
                    String method = String.valueOf(props.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT);
                    routes.add(new ApiRoute(method, String.valueOf(props.get("Path")), id));
                }
            });
        });
        return routes;
    }

    /** The stage of the template's (first) SAM API, which API Gateway puts in requestContext; SAM's default is Prod. */
    public String apiStageName() {
        return resourcesOfType("AWS::Serverless::Api").values().stream()
                .map(api -> properties(api).get("StageName"))
                .filter(String.class::isInstance).map(String.class::cast)
                .findFirst().orElse("Prod");
    }

    private Path definitionFile(Object uri) {
        return uri instanceof String text ? directory.resolve(text).normalize() : null;
    }

    Map<String, Object> section(String name) {
        return map(document.get(name));
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.get("Environment")).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static int intOr(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.matches("\\d+")) {
            return Integer.parseInt(text);
        }
        return fallback;
    }

    static String scalarText(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
