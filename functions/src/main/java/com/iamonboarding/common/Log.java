package com.iamonboarding.common;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON log lines, one per event, with the onboarding id as correlation id. Callers pass
 * identifiers only (user names, ARNs, key ids); never a request body, a password, a secret access
 * key, an MFA seed or a code.
 */
public final class Log {

    private final String function;

    private Log(String function) {
        this.function = function;
    }

    public static Log forFunction(String function) {
        return new Log(function);
    }

    public void info(String onboardingId, String message, Object... keyValues) {
        write("INFO", onboardingId, message, keyValues);
    }

    public void warn(String onboardingId, String message, Object... keyValues) {
        write("WARN", onboardingId, message, keyValues);
    }

    private void write(String level, String onboardingId, String message, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("function", function);
        if (onboardingId != null) {
            line.put("correlationId", onboardingId);
        }
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        System.out.println(Json.write(line));
    }
}
