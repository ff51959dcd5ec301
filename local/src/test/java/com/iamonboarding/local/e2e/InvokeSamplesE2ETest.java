package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.InvokeCommand;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.support.SharedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code invoke} on every sample in events/ (named after its function's logical id), in the order
 * the workflow runs the functions, so that each step's sample finds what the previous one made.
 * A sample succeeds unless its name says it should not ({@code -invalid}, {@code -error}, {@code -fail}):
 * then the function fails, or the API answers 4xx. The API functions' samples come after the
 * workflow's, the POST before the GET.
 */
class InvokeSamplesE2ETest {

    private static final Pattern FUNCTION_ARN_SUBSTITUTION = Pattern.compile("^\\$\\{(\\w+)Arn}$");

    @Test
    void everySampleEventBehavesAsItsNameSays() throws IOException {
        LocalStack stack = SharedStack.get();
        List<Path> samples = samplesInWorkflowOrder(stack);
        assertTrue(samples.size() >= stack.template().functions().size(), "one sample per function at least: " + samples);

        List<String> unexpected = new ArrayList<>();
        for (Path sample : samples) {
            String name = sample.getFileName().toString().replaceFirst("\\.json$", "");
            String function = name.split("-")[0];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new InvokeCommand(stack, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(function, Files.readAllBytes(sample));
            String response = out.toString(StandardCharsets.UTF_8);
            boolean meantToFail = name.toLowerCase(Locale.ROOT).matches(".*-(invalid|error|fail\\w*)$");
            int status = apiStatus(response);
            // A sample meant to fail must be refused (function error, or a 4xx from an API function);
            // any other must neither crash nor get a 5xx (a 404 for an id nobody created is an answer).
            boolean asIntended = meantToFail
                    ? exit == InvokeCommand.FUNCTION_ERROR || status >= 400 && status < 500
                    : exit == InvokeCommand.SUCCEEDED && status < 500;
            if (!asIntended) {
                unexpected.add(sample.getFileName() + " -> exit " + exit + ": " + response + err.toString(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(), unexpected);
    }

    private static int apiStatus(String response) {
        try {
            JsonNode payload = Json.MAPPER.readTree(response);
            return payload != null && payload.has("statusCode") ? payload.get("statusCode").asInt() : 0;
        } catch (IOException notJson) {
            return 0;
        }
    }

    /** The functions the ASL's Task states call, in the order they appear; the others (the API's) after, by name. */
    private static List<Path> samplesInWorkflowOrder(LocalStack stack) throws IOException {
        List<String> order = new ArrayList<>();
        JsonNode asl = Json.MAPPER.readTree(stack.template().stateMachines().get(0).definitionFile().toFile());
        asl.path("States").forEach(state -> {
            Matcher matcher = FUNCTION_ARN_SUBSTITUTION.matcher(state.path("Parameters").path("FunctionName").asText());
            if (matcher.matches() && !order.contains(matcher.group(1))) {
                order.add(matcher.group(1));
            }
        });
        try (Stream<Path> files = Files.list(stack.repoRoot().resolve("events"))) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.comparingInt((Path p) -> rank(order, p)).thenComparing(Path::toString))
                    .toList();
        }
    }

    private static int rank(List<String> order, Path sample) {
        String function = sample.getFileName().toString().replaceFirst("\\.json$", "").split("-")[0];
        int index = order.indexOf(function);
        if (index >= 0) {
            return index;
        }
        boolean startsSomething = SharedStack.get().template().apiRoutes().stream()
                .anyMatch(r -> r.functionLogicalId().equals(function) && r.method().equals("POST"));
        return startsSomething ? 1000 : 2000;
    }
}
