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

    /**
     * Every function of the template, each with its environment resolved against the created
     * resources and, as Lambda gives a function its role's session, credentials of its own: the
     * local stack tells from the key id which function's role signed a request.
     */
    public static FunctionRegistry fromTemplate(TemplateModel template, Intrinsics intrinsics) {
        return fromTemplate(template, intrinsics, Map.of());
    }

    /**
     * The same, with {@code localValues} in place of the template's value of each variable a
     * function's environment has (API_URL: the deployed API's address, which locally is the local API's).
     */
    public static FunctionRegistry fromTemplate(TemplateModel template, Intrinsics intrinsics, Map<String, String> localValues) {
        List<LocalFunction> functions = template.functions().stream().map(def -> {
            Map<String, String> environment = new LinkedHashMap<>(intrinsics.resolveStrings(def.environment()));
            localValues.forEach(environment::replace);
            environment.put("AWS_REGION", PseudoParameters.REGION);
            environment.put("AWS_LAMBDA_FUNCTION_NAME", intrinsics.functionName(def.logicalId()));
            environment.put("AWS_ACCESS_KEY_ID", accessKeyId(def.logicalId()));
            environment.put("AWS_SECRET_ACCESS_KEY", "local-secret-of-" + def.logicalId());
            environment.put("AWS_SESSION_TOKEN", "local-session-of-" + def.logicalId());
            return new LocalFunction(def, intrinsics.functionName(def.logicalId()),
                    intrinsics.functionArn(def.logicalId()), intrinsics.roleArn(def.logicalId()), environment);
        }).toList();
        return new FunctionRegistry(functions);
    }

    /** The access key id of a function's local role session: LOCAL and 15 hex digits of its logical id's SHA-256. */
    public static String accessKeyId(String logicalId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(logicalId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "LOCAL" + java.util.HexFormat.of().withUpperCase().formatHex(digest).substring(0, 15);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The function whose role session signs with {@code accessKeyId}. */
    public Optional<LocalFunction> byAccessKeyId(String accessKeyId) {
        return byLogicalId.values().stream().filter(f -> accessKeyId != null && accessKeyId.equals(f.environment().get("AWS_ACCESS_KEY_ID")))
                .findFirst();
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
