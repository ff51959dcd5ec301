package com.iamonboarding.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for the template parameters that have no Default and were not given: the local stack's
 * name ({@value PseudoParameters#STACK_NAME}) when it satisfies the parameter's constraints (an
 * account alias, a name prefix); anything else must be passed with --parameter Name=Value.
 */
public final class LocalParameterValues {

    /**
     * Values the local stack gives parameters whose Default an account must replace, or that suit
     * AWS and not one machine: invitations come from this sender, an identity the local stack
     * verifies in the emulator (a deployer verifies theirs in SES once).
     */
    public static final Map<String, String> LOCAL_VALUES = Map.of("EnrolmentSenderAddress", "onboarding@iam-onboarding.example",
            // A local row runs in seconds: a batch looks at its self-service rows every second, not every ten.
            "BatchFollowSeconds", "1");

    private LocalParameterValues() {
    }

    public static Map<String, String> complete(TemplateModel template, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>(given);
        LOCAL_VALUES.forEach((name, value) -> {
            if (template.parameterDefaults().containsKey(name) && !values.containsKey(name)) {
                values.put(name, value);
            }
        });
        template.parameterDefaults().forEach((name, defaultValue) -> {
            if (defaultValue == null && !values.containsKey(name)) {
                Map<String, Object> spec = TemplateModel.map(template.parameterSpecs().get(name));
                if (!fits(PseudoParameters.STACK_NAME, spec)) {
                    throw new IllegalStateException("template parameter " + name
                            + " has no Default: pass --parameter " + name + "=<value>");
                }
                values.put(name, PseudoParameters.STACK_NAME);
            }
        });
        return values;
    }

    static boolean fits(String value, Map<String, Object> spec) {
        Object type = spec.getOrDefault("Type", "String");
        if (!"String".equals(type)) {
            return false;
        }
        if (spec.get("AllowedValues") instanceof List<?> allowed && !allowed.contains(value)) {
            return false;
        }
        if (spec.get("AllowedPattern") instanceof String pattern && !value.matches(pattern)) {
            return false;
        }
        if (spec.get("MinLength") instanceof Number min && value.length() < min.intValue()) {
            return false;
        }
        return !(spec.get("MaxLength") instanceof Number max && value.length() > max.intValue());
    }
}
