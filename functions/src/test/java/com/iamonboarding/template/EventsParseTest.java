package com.iamonboarding.template;

import static com.iamonboarding.template.ProjectTemplate.map;
import static com.iamonboarding.template.ProjectTemplate.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.profiles.AccessProfiles;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The sample events under events/ are what their functions and the API accept. */
class EventsParseTest {

    /** Step events must not carry fields OnboardingState does not know: a typo would pass the lenient mapper. */
    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<String> SAMPLE_REQUESTS = Set.of(
            "developer.json", "administrator.json", "billing.json", "console-only.json", "invalid.json");

    private final ProjectTemplate template = ProjectTemplate.load();
    private final Path events = template.root.resolve("events");

    @TestFactory
    Stream<DynamicTest> eachFunctionEventParsesIntoItsHandlersInputType() {
        return template.functions().entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            Path event = events.resolve(entry.getKey() + ".json");
            assertTrue(Files.exists(event), "missing " + template.root.relativize(event));
            Class<?> inputType = inputType(handlerClass(entry.getKey(), entry.getValue()));
            Object input = Json.MAPPER.readValue(event.toFile(), inputType);
            assertNotNull(input, event + " is empty");
            if (inputType == OnboardingState.class) {
                OnboardingState state = STRICT.readValue(event.toFile(), OnboardingState.class);
                assertFalse(state.onboardingId == null || state.onboardingId.isBlank(), event + " has no onboardingId");
                assertEquals("jane.doe", state.userName(), event + " onboards jane.doe");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachApiEventMatchesItsRouteInTheTemplate() {
        return template.functions().entrySet().stream()
                .flatMap(entry -> map(properties(entry.getValue()).getOrDefault("Events", Map.of())).values().stream()
                        .map(ProjectTemplate::map)
                        .filter(e -> "Api".equals(e.get("Type")))
                        .map(e -> DynamicTest.dynamicTest(entry.getKey(), () -> {
                            Map<String, Object> route = map(e.get("Properties"));
                            JsonNode event = Json.MAPPER.readTree(events.resolve(entry.getKey() + ".json").toFile());
                            assertEquals(String.valueOf(route.get("Method")).toUpperCase(), event.path("httpMethod").asText());
                            assertEquals(route.get("Path"), event.path("resource").asText());
                            assertEquals(route.get("Path"), event.path("requestContext").path("resourcePath").asText());
                        })));
    }

    @Test
    void everyEventFileBelongsToAFunction() throws IOException {
        Set<String> orphans = new TreeSet<>();
        try (Stream<Path> files = Files.list(events)) {
            files.filter(f -> f.toString().endsWith(".json"))
                    .map(f -> f.getFileName().toString().replaceFirst("\\.json$", ""))
                    .filter(name -> !template.functions().containsKey(name))
                    .forEach(orphans::add);
        }
        assertEquals(Set.of(), orphans, "events/<LogicalId>.json without such a function");
    }

    @Test
    void everySampleRequestIsAJsonObject() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(events.resolve("requests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                found.add(file.getFileName().toString());
                assertTrue(Json.MAPPER.readTree(file.toFile()).isObject(), file + " is not a JSON object");
            }
        }
        assertTrue(found.containsAll(SAMPLE_REQUESTS), "events/requests/ should hold " + SAMPLE_REQUESTS + " but has " + found);
    }

    @Test
    void theValidSampleRequestsPassTheApiModelAndNameBundledProfiles() throws IOException {
        JsonSchema model = apiModel();
        Set<String> profiles = AccessProfiles.bundled().names();
        for (String sample : SAMPLE_REQUESTS) {
            if (sample.equals("invalid.json")) {
                continue;
            }
            Path file = events.resolve("requests").resolve(sample);
            Set<ValidationMessage> violations = model.validate(Json.MAPPER.readTree(file.toFile()));
            assertEquals(Set.of(), violations, sample + " against the API model");
            OnboardingRequest request = STRICT.readValue(file.toFile(), OnboardingRequest.class);
            assertTrue(profiles.contains(request.accessProfile), sample + " names an unknown profile " + request.accessProfile);
        }
        assertFalse(STRICT.readValue(events.resolve("requests/console-only.json").toFile(), OnboardingRequest.class)
                .wantsProgrammaticAccess(), "console-only.json must turn programmatic access off");
    }

    @Test
    void theInvalidSampleRequestBreaksSeveralRulesAtOnce() throws IOException {
        Set<ValidationMessage> violations = apiModel().validate(Json.MAPPER.readTree(events.resolve("requests/invalid.json").toFile()));
        assertTrue(violations.size() >= 3, "invalid.json should show several violations, found " + violations);
    }

    private JsonSchema apiModel() {
        Map<String, Object> api = properties(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next());
        Object model = map(api.get("Models")).get("OnboardingRequest");
        // API Gateway models are JSON Schema draft 4.
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(Json.MAPPER.valueToTree(model));
    }

    private Class<?> handlerClass(String function, Map<String, Object> resource) {
        String name = ProjectTemplate.handlerClass(resource);
        try {
            return Class.forName(name, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(function + " names " + name + ", which is not on the classpath");
        }
    }

    /** I of JsonHandler&lt;I, O&gt;, read from the handler's generic superclass. */
    static Class<?> inputType(Class<?> handler) {
        for (Class<?> c = handler; c != null && c != Object.class; c = c.getSuperclass()) {
            Type superclass = c.getGenericSuperclass();
            if (superclass instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                    && JsonHandler.class.isAssignableFrom(raw) && !(p.getActualTypeArguments()[0] instanceof java.lang.reflect.TypeVariable<?>)) {
                Type input = p.getActualTypeArguments()[0];
                if (input instanceof Class<?> k) {
                    return k;
                }
                if (input instanceof ParameterizedType pi) {
                    return (Class<?>) pi.getRawType();
                }
                fail(handler.getName() + " does not fix JsonHandler's input type: " + input);
            }
        }
        throw new AssertionError(handler.getName() + " does not extend JsonHandler");
    }
}
