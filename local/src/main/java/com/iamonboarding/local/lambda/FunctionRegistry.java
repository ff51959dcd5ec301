package com.iamonboarding.local.lambda;

import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.local.template.TemplateModel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The template's functions, found by logical id, by function name, or by (qualified) ARN. */
public final class FunctionRegistry {

    private final Map<String, LocalFunction> byLogicalId = new LinkedHashMap<>();
    private final Map<String, LocalFunction> byName = new LinkedHashMap<>();

    public FunctionRegistry(Collection<LocalFunction> functions) {
        for (LocalFunction function : functions) {
            byLogicalId.put(function.logicalId(), function);
            byName.put(function.name(), function);
        }
    }

    /** Every function of the template, each with its environment resolved against the created resources. */
    public static FunctionRegistry fromTemplate(TemplateModel template, Intrinsics intrinsics) {
        List<LocalFunction> functions = template.functions().stream().map(def -> {
            Map<String, String> environment = new LinkedHashMap<>(intrinsics.resolveStrings(def.environment()));
            environment.put("AWS_REGION", PseudoParameters.REGION);
            environment.put("AWS_LAMBDA_FUNCTION_NAME", intrinsics.functionName(def.logicalId()));
            return new LocalFunction(def, intrinsics.functionName(def.logicalId()),
                    intrinsics.functionArn(def.logicalId()), environment);
        }).toList();
        return new FunctionRegistry(functions);
    }

    public Collection<LocalFunction> all() {
        return byLogicalId.values();
    }

    /** {@code reference}: a logical id, a name, {@code name:qualifier}, or a full or partial ARN with or without qualifier. */
    public Optional<LocalFunction> find(String reference) {
        LocalFunction direct = byLogicalId.get(reference);
        if (direct == null) {
            direct = byName.get(reference);
        }
        if (direct != null) {
            return Optional.of(direct);
        }
        String name = nameOf(reference);
        return Optional.ofNullable(byLogicalId.get(name)).or(() -> Optional.ofNullable(byName.get(name)));
    }

    /** arn:aws:lambda:region:account:function:name[:qualifier], account:function:name[:qualifier], name[:qualifier]. */
    static String nameOf(String reference) {
        String[] parts = reference.split(":");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        return parts[0];
    }
}
