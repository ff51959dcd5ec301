package com.iamonboarding.local.template;

import java.util.Map;

/**
 * One function of the template: its handler, its environment (Globals merged with its own,
 * still holding unresolved intrinsics), its physical name expression and its timeout.
 */
public record FunctionDef(String logicalId, String handler, Map<String, Object> environment,
                          Object functionName, int timeoutSeconds, int memoryMb) {

    /** {@code com.example.Handler::handleRequest} -> {@code com.example.Handler}. */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }
}
