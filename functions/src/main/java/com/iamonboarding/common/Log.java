package com.iamonboarding.common;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured JSON log lines, one per event, with the onboarding id as correlation id. Callers pass
 * identifiers only (user names, ARNs, key ids); never a request body, a password, a secret access
 * key, an MFA seed or a code.
 */
public final class Log {

    public static final String METRICS_NAMESPACE = "iam-onboarding";
    public static final String STACK_DIMENSION = "Stack";

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

    /**
     * An ERROR line that also counts 1 of {@code metric} in the namespace {@value #METRICS_NAMESPACE},
     * with the dimension {@code Stack}: CloudWatch's Embedded Metric Format, which Lambda's log
     * group turns into a metric an alarm can watch, without any CloudWatch permission or call.
     */
    public void errorCounted(String onboardingId, String metric, String stack, String message, Object... keyValues) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("Timestamp", Instant.now().toEpochMilli());
        metrics.put("CloudWatchMetrics", List.of(Map.of(
                "Namespace", METRICS_NAMESPACE,
                "Dimensions", List.of(List.of(STACK_DIMENSION)),
                "Metrics", List.of(Map.of("Name", metric, "Unit", "Count")))));
        Map<String, Object> line = line("ERROR", onboardingId, message, keyValues);
        line.put("_aws", metrics);
        line.put(STACK_DIMENSION, stack);
        line.put(metric, 1);
        System.out.println(Json.write(line));
    }

    private void write(String level, String onboardingId, String message, Object... keyValues) {
        System.out.println(Json.write(line(level, onboardingId, message, keyValues)));
    }

    private Map<String, Object> line(String level, String onboardingId, String message, Object... keyValues) {
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
        return line;
    }
}
