package com.iamonboarding.local.stack;

import com.iamonboarding.common.Json;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.StateMachineDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ASL of a state machine as it would be deployed: its definition with every ${...} substitution applied. */
final class StateMachineDefinitions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    private StateMachineDefinitions() {
    }

    static String render(StateMachineDef machine, Intrinsics intrinsics) {
        String definition = source(machine, intrinsics);
        Map<String, String> substitutions = intrinsics.resolveStrings(machine.substitutions());
        Set<String> missing = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = substitutions.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("state machine " + machine.logicalId() + " uses " + missing
                    + " but template.yaml's DefinitionSubstitutions do not define them");
        }
        return out.toString();
    }

    private static String source(StateMachineDef machine, Intrinsics intrinsics) {
        if (machine.definitionFile() != null) {
            try {
                return Files.readString(machine.definitionFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the definition of state machine " + machine.logicalId()
                        + ": " + machine.definitionFile(), e);
            }
        }
        if (machine.inlineDefinition() != null) {
            Object resolved = intrinsics.resolve(machine.inlineDefinition());
            return resolved instanceof String text ? text : Json.write(resolved);
        }
        throw new IllegalStateException("state machine " + machine.logicalId() + " has neither DefinitionUri nor Definition");
    }
}
