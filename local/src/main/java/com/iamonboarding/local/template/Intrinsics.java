package com.iamonboarding.local.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.iamonboarding.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates CloudFormation intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::If}, ...) against the parameter values, the pseudo parameters and
 * the physical ids of the resources the local stack created. A function's ARN is known without
 * creating anything: {@code arn:aws:lambda:<region>:<account>:function:<name>}, also for SAM's
 * {@code Fn.Alias} / {@code Fn.Version} references, which all reach the same in-process handler.
 * Resources the local stack does not emulate (roles, APIs, log groups) resolve to placeholders.
 */
public final class Intrinsics {

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> FUNCTION_TYPES = Set.of(TemplateModel.SERVERLESS_FUNCTION, TemplateModel.LAMBDA_FUNCTION);
    private static final Set<String> STATE_MACHINE_TYPES = Set.of(TemplateModel.SERVERLESS_STATE_MACHINE,
            TemplateModel.STEP_FUNCTIONS_STATE_MACHINE);

    private final TemplateModel template;
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, String> parameters;
    private final StackResources created;

    public Intrinsics(TemplateModel template, Map<String, String> parameterOverrides, StackResources created) {
        this.template = template;
        this.resources = template.resources();
        this.parameters = new LinkedHashMap<>(template.parameterDefaults());
        this.parameters.putAll(parameterOverrides);
        this.created = created;
    }

    public Map<String, String> parameterValues() {
        return Map.copyOf(parameters.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The value of {@code raw} with every intrinsic evaluated; AWS::NoValue entries are dropped. */
    public Object resolve(Object raw) {
        Object value = evaluate(raw);
        return value == NO_VALUE ? null : value;
    }

    public String resolveString(Object raw) {
        Object value = resolve(raw);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            return toJson(value);
        }
        return String.valueOf(value);
    }

    /** Resolves each value of {@code raw} to text (environment variables, substitutions); null values are left out. */
    public Map<String, String> resolveStrings(Map<String, Object> raw) {
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            String text = resolveString(value);
            if (text != null) {
                resolved.put(key, text);
            }
        });
        return resolved;
    }

    public String functionName(String logicalId) {
        Map<String, Object> props = TemplateModel.properties(resources.get(logicalId));
        Object name = props.get("FunctionName");
        return name == null ? logicalId : resolveString(name);
    }

    public String functionArn(String logicalId) {
        return "arn:" + PseudoParameters.PARTITION + ":lambda:" + PseudoParameters.REGION + ":"
                + PseudoParameters.ACCOUNT_ID + ":function:" + functionName(logicalId);
    }

    @SuppressWarnings("unchecked")
    private Object evaluate(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
                String key = only.getKey();
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && isConditionReference(only.getValue())) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> {
                Object v = evaluate(value);
                if (v != NO_VALUE) {
                    resolved.put(key, v);
                }
            });
            return resolved;
        }
        if (raw instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object v = evaluate(item);
                if (v != NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return raw;
    }

    private boolean isConditionReference(Object value) {
        return value instanceof String name && template.conditions().containsKey(name);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(text(argument));
            case "Condition" -> condition(text(argument));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(list(argument));
            case "Fn::Select" -> select(list(argument));
            case "Fn::Split" -> split(list(argument));
            case "Fn::If" -> ifThenElse(list(argument));
            case "Fn::Equals" -> equalsFn(list(argument));
            case "Fn::Not" -> !truth(list(argument).get(0));
            case "Fn::And" -> list(argument).stream().allMatch(this::truth);
            case "Fn::Or" -> list(argument).stream().anyMatch(this::truth);
            case "Fn::FindInMap" -> findInMap(list(argument));
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(text(evaluate(argument)).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> List.of(PseudoParameters.REGION + "a", PseudoParameters.REGION + "b", PseudoParameters.REGION + "c");
            case "Fn::ToJsonString" -> toJson(evaluate(argument));
            case "Fn::Length" -> ((List<?>) evaluate(argument)).size();
            default -> throw new IllegalStateException(name + " is not supported by the local stack");
        };
    }

    private Object ref(String name) {
        if ("AWS::NoValue".equals(name)) {
            return NO_VALUE;
        }
        Object pseudo = PseudoParameters.value(name);
        if (pseudo != null) {
            return pseudo;
        }
        if (parameters.containsKey(name)) {
            return parameter(name);
        }
        var physical = created.get(name);
        if (physical.isPresent()) {
            return physical.get().ref();
        }
        String type = template.typeOf(name);
        if (isOneOf(FUNCTION_TYPES, type)) {
            return functionName(name);
        }
        String function = samFunctionReference(name);
        if (function != null) {
            return functionArn(function);
        }
        if (isOneOf(STATE_MACHINE_TYPES, type)) {
            return stateMachineArn(name);
        }
        if (type == null) {
            throw new IllegalStateException("!Ref " + name + ": no such parameter or resource in template.yaml");
        }
        return name;
    }

    private Object parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " has no Default in template.yaml and no value was given");
        }
        Map<String, Object> spec = TemplateModel.map(TemplateModel.map(template.parameterSpecs()).get(name));
        String type = String.valueOf(spec.getOrDefault("Type", "String"));
        if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
            return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
        }
        return value;
    }

    /** SAM's {@code Fn.Alias}, {@code Fn.Version} and the generated {@code FnAlias<name>} / {@code FnVersion<hash>} ids. */
    private String samFunctionReference(String name) {
        int dot = name.indexOf('.');
        if (dot > 0 && isOneOf(FUNCTION_TYPES, template.typeOf(name.substring(0, dot)))) {
            return name.substring(0, dot);
        }
        for (String id : resources.keySet()) {
            if (isOneOf(FUNCTION_TYPES, template.typeOf(id)) && (name.startsWith(id + "Alias") || name.startsWith(id + "Version"))) {
                return id;
            }
        }
        return null;
    }

    private Object getAtt(Object argument) {
        List<Object> parts = list(argument);
        String resource = text(evaluate(parts.get(0)));
        String attribute = text(evaluate(parts.get(1)));
        String owner = implicitRoleOwner(resource);
        if (owner != null && attribute.equals("Arn")) {
            return roleArn(owner);
        }
        var physical = created.get(resource);
        if (physical.isPresent() && physical.get().attributes().containsKey(attribute)) {
            return physical.get().attributes().get(attribute);
        }
        String type = template.typeOf(resource);
        if (type == null) {
            throw new IllegalStateException("!GetAtt " + resource + "." + attribute + ": no such resource in template.yaml");
        }
        if (isOneOf(FUNCTION_TYPES, type) && attribute.equals("Arn")) {
            return functionArn(resource);
        }
        if (isOneOf(STATE_MACHINE_TYPES, type)) {
            return attribute.equals("Name") ? stateMachineName(resource) : stateMachineArn(resource);
        }
        if (type.equals("AWS::IAM::Role") && attribute.equals("Arn")) {
            return "arn:aws:iam::" + PseudoParameters.ACCOUNT_ID + ":role/" + resource;
        }
        return resource + "." + attribute;
    }

    /**
     * The ARN of the role SAM makes for a function or state machine that names none: the logical id
     * and "Role" ({@code CreateUserFunctionRole}), under its RolePath (the function's own, else
     * Globals.Function's). CloudFormation would add a stack prefix and a random suffix; locally the
     * name only has to be the same wherever the template refers to it.
     */
    public String roleArn(String ownerLogicalId) {
        Map<String, Object> props = TemplateModel.properties(resources.get(ownerLogicalId));
        Object path = props.get("RolePath");
        if (path == null && isOneOf(FUNCTION_TYPES, template.typeOf(ownerLogicalId))) {
            path = TemplateModel.map(TemplateModel.map(template.section("Globals").get("Function"))).get("RolePath");
        }
        String rolePath = path == null ? "/" : resolveString(path);
        return "arn:" + PseudoParameters.PARTITION + ":iam::" + PseudoParameters.ACCOUNT_ID + ":role" + rolePath + ownerLogicalId + "Role";
    }

    /** The function or state machine whose implicit SAM role {@code logicalId} names ({@code <Owner>Role}), or null. */
    private String implicitRoleOwner(String logicalId) {
        if (!logicalId.endsWith("Role") || resources.containsKey(logicalId)) {
            return null;
        }
        String owner = logicalId.substring(0, logicalId.length() - "Role".length());
        String type = template.typeOf(owner);
        return isOneOf(FUNCTION_TYPES, type) || isOneOf(STATE_MACHINE_TYPES, type) ? owner : null;
    }

    public String stateMachineName(String logicalId) {
        var physical = created.get(logicalId);
        if (physical.isPresent() && physical.get().attributes().containsKey("Name")) {
            return physical.get().attributes().get("Name");
        }
        Map<String, Object> props = TemplateModel.properties(resources.get(logicalId));
        Object name = props.containsKey("Name") ? props.get("Name") : props.get("StateMachineName");
        return name == null ? logicalId : resolveString(name);
    }

    public String stateMachineArn(String logicalId) {
        return "arn:aws:states:" + PseudoParameters.REGION + ":" + PseudoParameters.ACCOUNT_ID + ":stateMachine:"
                + stateMachineName(logicalId);
    }

    @SuppressWarnings("unchecked")
    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = text(list.get(0));
            variables = (Map<String, Object>) list.get(1);
        } else {
            text = text(argument);
        }
        Map<String, Object> vars = variables;
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (vars.containsKey(name)) {
                replacement = text(evaluate(vars.get(name)));
            } else if (name.contains(".") && PseudoParameters.value(name) == null) {
                int dot = name.indexOf('.');
                replacement = text(getAtt(List.of(name.substring(0, dot), name.substring(dot + 1))));
            } else {
                replacement = text(ref(name.trim()));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Object join(List<Object> args) {
        String delimiter = text(args.get(0));
        List<String> parts = new ArrayList<>();
        for (Object part : list(evaluate(args.get(1)))) {
            parts.add(text(part));
        }
        return String.join(delimiter, parts);
    }

    private Object select(List<Object> args) {
        int index = Integer.parseInt(text(evaluate(args.get(0))));
        return list(evaluate(args.get(1))).get(index);
    }

    private Object split(List<Object> args) {
        String delimiter = text(args.get(0));
        return List.of(text(evaluate(args.get(1))).split(Pattern.quote(delimiter), -1));
    }

    private Object ifThenElse(List<Object> args) {
        return condition(text(args.get(0))) ? evaluate(args.get(1)) : evaluate(args.get(2));
    }

    private boolean condition(String name) {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalStateException("condition " + name + " is not defined in template.yaml");
        }
        return truth(definition);
    }

    private boolean truth(Object raw) {
        Object value = evaluate(raw);
        if (value instanceof Boolean bool) {
            return bool;
        }
        return Boolean.parseBoolean(String.valueOf(value).toLowerCase(Locale.ROOT));
    }

    private Object equalsFn(List<Object> args) {
        return text(evaluate(args.get(0))).equals(text(evaluate(args.get(1))));
    }

    private Object findInMap(List<Object> args) {
        Map<String, Object> top = TemplateModel.map(template.mappings().get(text(evaluate(args.get(0)))));
        Map<String, Object> second = TemplateModel.map(top.get(text(evaluate(args.get(1)))));
        Object value = second.get(text(evaluate(args.get(2))));
        if (value == null) {
            throw new IllegalStateException("Fn::FindInMap " + args + " finds nothing");
        }
        return value;
    }

    private static boolean isOneOf(Set<String> types, String type) {
        return type != null && types.contains(type);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException("expected a list in an intrinsic function, got " + value);
    }

    private static String text(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw new IllegalStateException("expected a text value in an intrinsic function, got " + value);
        }
        return String.valueOf(value);
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a resolved value as JSON", e);
        }
    }
}
