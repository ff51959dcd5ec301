package com.iamonboarding.local.template;

import java.nio.file.Path;
import java.util.Map;

/**
 * A state machine of the template: where its ASL comes from (a file, or an inline definition) and
 * its DefinitionSubstitutions, still holding unresolved intrinsics.
 */
public record StateMachineDef(String logicalId, Object name, Path definitionFile, Object inlineDefinition,
                              Map<String, Object> substitutions, String type) {
}
