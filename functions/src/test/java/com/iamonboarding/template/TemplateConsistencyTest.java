package com.iamonboarding.template;

import static com.iamonboarding.template.ProjectTemplate.list;
import static com.iamonboarding.template.ProjectTemplate.map;
import static com.iamonboarding.template.ProjectTemplate.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** template.yaml, the state machine definitions and the handler classes agree with each other. */
class TemplateConsistencyTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final String RETRYABLE = "com.iamonboarding.common.RetryableStepException";
    private static final String THROTTLED = "com.iamonboarding.common.ThrottledStepException";

    /** The function table of the shared contract: logical id -> handler class. */
    private static final Map<String, String> CONTRACT = Map.ofEntries(
            Map.entry("StartOnboardingFunction", "com.iamonboarding.api.StartOnboardingHandler"),
            Map.entry("StartBatchFunction", "com.iamonboarding.batch.StartBatchHandler"),
            Map.entry("GetBatchFunction", "com.iamonboarding.batch.GetBatchHandler"),
            Map.entry("PlanBatchFunction", "com.iamonboarding.batch.PlanBatchHandler"),
            Map.entry("FollowBatchRowFunction", "com.iamonboarding.batch.FollowBatchRowHandler"),
            Map.entry("WriteBatchReportFunction", "com.iamonboarding.batch.WriteBatchReportHandler"),
            Map.entry("GetOnboardingFunction", "com.iamonboarding.api.GetOnboardingHandler"),
            Map.entry("EnsureAccountAliasFunction", "com.iamonboarding.alias.EnsureAccountAliasHandler"),
            Map.entry("CreateUserFunction", "com.iamonboarding.user.CreateUserHandler"),
            Map.entry("CreateLoginProfileFunction", "com.iamonboarding.loginprofile.CreateLoginProfileHandler"),
            Map.entry("AssignAccessFunction", "com.iamonboarding.access.AssignAccessHandler"),
            Map.entry("EnrollMfaFunction", "com.iamonboarding.mfa.EnrollMfaHandler"),
            Map.entry("CreateAccessKeyFunction", "com.iamonboarding.accesskey.CreateAccessKeyHandler"),
            Map.entry("NotifyFunction", "com.iamonboarding.notify.NotifyHandler"),
            Map.entry("CompensateFunction", "com.iamonboarding.compensate.CompensateHandler"),
            Map.entry("StartOffboardingFunction", "com.iamonboarding.offboarding.api.StartOffboardingHandler"),
            Map.entry("StartForcedOffboardingFunction", "com.iamonboarding.offboarding.api.StartOffboardingHandler"),
            Map.entry("GetOffboardingFunction", "com.iamonboarding.offboarding.api.GetOffboardingHandler"),
            Map.entry("PlanOffboardingFunction", "com.iamonboarding.offboarding.PlanOffboardingHandler"),
            Map.entry("DisableAccessFunction", "com.iamonboarding.offboarding.DisableAccessHandler"),
            Map.entry("DeleteIdentityFunction", "com.iamonboarding.offboarding.DeleteIdentityHandler"),
            Map.entry("NotifyOffboardedFunction", "com.iamonboarding.offboarding.NotifyOffboardedHandler"),
            Map.entry("InviteHireFunction", "com.iamonboarding.enrolment.InviteHireHandler"),
            Map.entry("EnrolmentPageFunction", "com.iamonboarding.enrolment.EnrolmentPageHandler"),
            Map.entry("EnrolmentStartFunction", "com.iamonboarding.enrolment.EnrolmentStartHandler"),
            Map.entry("EnrolmentCompleteFunction", "com.iamonboarding.enrolment.EnrolmentCompleteHandler"),
            Map.entry("ResendInvitationFunction", "com.iamonboarding.enrolment.ResendInvitationHandler"));

    private final ProjectTemplate template = ProjectTemplate.load();

    @Test
    void theTemplateDeclaresExactlyTheContractFunctions() {
        Map<String, String> declared = new LinkedHashMap<>();
        template.functions().forEach((id, function) -> declared.put(id, ProjectTemplate.handlerClass(function)));
        assertEquals(new java.util.TreeMap<>(CONTRACT), new java.util.TreeMap<>(declared));
    }

    @Test
    void everyFunctionIsBuiltFromTheFunctionsModuleWithAStreamHandler() {
        template.functions().forEach((id, function) -> {
            assertEquals("functions", template.functionProperty(function, "CodeUri").orElse(null), id + " CodeUri");
            String handler = (String) properties(function).get("Handler");
            assertTrue(handler != null && handler.endsWith("::handleRequest"), id + " Handler must be <class>::handleRequest: " + handler);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyHandlerClassExistsAndExtendsJsonHandler() {
        return template.functions().entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            String className = ProjectTemplate.handlerClass(entry.getValue());
            Class<?> handler;
            try {
                handler = Class.forName(className, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                fail(entry.getKey() + " names " + className + ", which is not on the classpath");
                return;
            }
            assertTrue(JsonHandler.class.isAssignableFrom(handler), className + " must extend JsonHandler");
            // Lambda uses the no-argument constructor; the local stack uses the FunctionEnvironment one.
            for (Class<?>[] parameters : List.of(new Class<?>[0], new Class<?>[] {FunctionEnvironment.class})) {
                try {
                    handler.getConstructor(parameters);
                } catch (NoSuchMethodException e) {
                    fail(className + " needs a public constructor (" + List.of(parameters) + ")");
                }
            }
        }));
    }

    @Test
    void everyPlaceholderInAStateMachineHasASubstitutionAndViceVersa() throws IOException {
        Set<Path> referenced = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> machine : template.resourcesOfType(ProjectTemplate.STATE_MACHINE).entrySet()) {
            Map<String, Object> props = properties(machine.getValue());
            Path definition = template.root.resolve((String) props.get("DefinitionUri")).normalize();
            referenced.add(definition);
            Set<String> placeholders = placeholders(Files.readString(definition));
            Set<String> substitutions = new TreeSet<>(map(props.getOrDefault("DefinitionSubstitutions", Map.of())).keySet());
            assertEquals(placeholders, substitutions, machine.getKey() + ": ${...} in " + definition.getFileName()
                    + " versus its DefinitionSubstitutions");
        }
        Set<Path> definitions = new TreeSet<>();
        try (Stream<Path> files = Files.list(template.root.resolve("statemachine"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).map(Path::normalize).forEach(definitions::add);
        }
        assertFalse(definitions.isEmpty(), "statemachine/ has no *.asl.json");
        assertEquals(definitions, referenced, "every statemachine/*.asl.json belongs to a state machine in template.yaml");
    }

    @Test
    void everySubstitutionInvokesTheLiveAliasOfAFunctionTheStateMachineMayInvoke() {
        Map<String, Map<String, Object>> functions = template.functions();
        template.resourcesOfType(ProjectTemplate.STATE_MACHINE).forEach((id, machine) -> {
            Map<String, Object> props = properties(machine);
            Set<String> invokable = new TreeSet<>();
            for (Object policy : list(props.get("Policies"))) {
                if (policy instanceof Map<?, ?> p && p.containsKey("LambdaInvokePolicy")) {
                    invokable.add(String.valueOf(map(map(p.get("LambdaInvokePolicy")).get("FunctionName")).get("Ref")));
                }
            }
            map(props.getOrDefault("DefinitionSubstitutions", Map.of())).forEach((key, value) -> {
                assertTrue(key.endsWith("FunctionArn"), key + " should be named <LogicalId>Arn");
                String function = key.substring(0, key.length() - "Arn".length());
                assertTrue(functions.containsKey(function), key + " names no function " + function);
                assertEquals(Map.of("Ref", function + ".Alias"), value, key + " must be !Ref " + function + ".Alias (SnapStart runs on the alias)");
                assertTrue(invokable.contains(function), id + " has no LambdaInvokePolicy for " + function);
            });
        });
    }

    @Test
    void theNotificationAlarmWatchesTheMetricNotifyLogs() {
        Map<String, Object> alarm = properties(template.resourcesOfType("AWS::CloudWatch::Alarm").get("NotificationFailuresAlarm"));
        assertEquals(com.iamonboarding.common.Log.METRICS_NAMESPACE, alarm.get("Namespace"));
        assertEquals(com.iamonboarding.notify.NotifyHandler.FAILURE_METRIC, alarm.get("MetricName"));
        assertEquals(List.of(Map.of("Name", com.iamonboarding.common.Log.STACK_DIMENSION, "Value", Map.of("Ref", "AWS::StackName"))),
                alarm.get("Dimensions"));
        assertEquals(Map.of("Ref", "AWS::StackName"),
                map(map(template.functionGlobals().get("Environment")).get("Variables")).get("STACK_NAME"), "Notify's Stack dimension");
    }

    @Test
    void everyFunctionHasTimeForAnAwsCallThatRunsIntoItsSdkTimeout() {
        // InvocationDeadline starts no call with less than the SDK's call timeout (plus a reserve) left.
        long needed = com.iamonboarding.common.InvocationDeadline.neededPerCall().toSeconds();
        template.functions().forEach((id, function) -> {
            int timeout = Integer.parseInt(String.valueOf(template.functionProperty(function, "Timeout").orElseThrow()));
            assertTrue(timeout >= needed + 1, id + " times out after " + timeout + " s, but one AWS call may take " + needed + " s");
        });
    }

    /** Tasks that run a step's function a last time, after its own task gave up: the function they invoke. */
    private static final Map<String, String> LAST_RUNS = Map.of(
            "ReportNotificationFailure", "Notify",
            "FinalRollbackAttempt", "Compensate");
    /** Tasks that run another task's function: the self-service access key, made once the hire has enrolled. */
    private static final Map<String, String> SAME_FUNCTION = Map.of("CreateAccessKeyAfterEnrolment", "CreateAccessKey");
    /** The task that waits for the hire: it passes its task token, so it names what it passes. */
    private static final String WAITS_FOR_THE_HIRE = "InviteHire";

    @Test
    void everyTaskInvokesItsFunctionRetriesWithJitterAndRollsBackOnFailure() throws IOException {
        JsonNode definition = Json.MAPPER.readTree(template.root.resolve("statemachine/onboarding.asl.json").toFile());
        JsonNode topLevel = definition.get("States");
        // Every Task, with the States it lives in: the top level, or a branch of a Parallel state.
        Map<String, JsonNode> scopeOf = new java.util.LinkedHashMap<>();
        Map<String, JsonNode> taskStates = new java.util.LinkedHashMap<>();
        collectTasks(topLevel, scopeOf, taskStates);
        List<String> tasks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : taskStates.entrySet()) {
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            JsonNode states = scopeOf.get(name);
            boolean inBranch = states != topLevel;
            tasks.add(name);
            String function = LAST_RUNS.getOrDefault(name, SAME_FUNCTION.getOrDefault(name, name));
            assertEquals("${" + function + "FunctionArn}", state.path("Parameters").path("FunctionName").asText(), name);
            assertFalse(state.path("Comment").asText().isBlank(), name + " explains its retries in a Comment");
            if (WAITS_FOR_THE_HIRE.equals(name)) {
                assertEquals("arn:aws:states:::lambda:invoke.waitForTaskToken", state.path("Resource").asText(), name);
                assertEquals("$$.Task.Token", state.at("/Parameters/Payload/taskToken.$").asText(), name + " hands over its task token");
                assertEquals("$.seal", state.at("/Parameters/Payload/seal.$").asText(), name + " passes the seal");
                assertEquals("$.request.invitationValiditySeconds", state.path("HeartbeatSecondsPath").asText(),
                        name + ": the wait ends when the invitation expires, unless a resend extends it");
                assertEquals(List.of("States.HeartbeatTimeout", "States.Timeout"),
                        Json.MAPPER.convertValue(state.at("/Catch/1/ErrorEquals"), List.class), name + " names an expired invitation");
                // What SendTaskSuccess sends is the result itself, not a Lambda response.
                state.path("ResultSelector").fields().forEachRemaining(field -> assertFalse(
                        field.getValue().asText().startsWith("$.Payload"), name + " selects " + field.getValue()));
            } else {
                assertEquals("arn:aws:states:::lambda:invoke", state.path("Resource").asText(), name);
                assertEquals("$", state.path("Parameters").path("Payload.$").asText(), name + " passes the whole state");
                state.path("ResultSelector").fields().forEachRemaining(field -> assertTrue(
                        field.getValue().asText().startsWith("$.Payload."), name + " selects " + field.getValue() + " outside the payload"));
            }
            assertTrue(state.path("ResultSelector").size() > 0, name + " copies named fields with a ResultSelector");
            assertTrue(retrierFor(state, "Lambda.TooManyRequestsException") != null, name + " retries Lambda service errors");
            assertTrue(retrierFor(state, "Lambda.ClientExecutionTimeoutException") != null, name + " retries Lambda client timeouts");
            JsonNode last = state.path("Catch").path(state.path("Catch").size() - 1);
            assertEquals("States.ALL", last.path("ErrorEquals").path(0).asText(), name + " catches every error last");
            if (LAST_RUNS.containsKey(name)) {
                continue;
            }

            JsonNode retryable = retrierFor(state, RETRYABLE);
            assertTrue(retryable != null, name + " retries " + RETRYABLE);
            assertEquals("FULL", retryable.path("JitterStrategy").asText(), name + " retries with full jitter");
            assertEquals(2, retryable.path("BackoffRate").asInt(), name + " backs off exponentially");
            JsonNode throttled = retrierFor(state, THROTTLED);
            assertTrue(throttled != null && throttled != retryable, name + " retries " + THROTTLED + " on its own");
            assertEquals("FULL", throttled.path("JitterStrategy").asText(), name + " spreads throttled retries");
            assertTrue(throttled.path("MaxAttempts").asInt() >= 8 && throttled.path("MaxAttempts").asInt() >= retryable.path("MaxAttempts").asInt(),
                    name + " waits out a rate limit at least as long as other transient failures");
            assertTrue(throttled.path("MaxDelaySeconds").asInt() >= 30, name + " lets a throttled retry wait up to half a minute");
            JsonNode timedOut = retrierFor(state, "Sandbox.Timedout");
            assertTrue(timedOut != null && retrierFor(state, "Lambda.Unknown") == timedOut,
                    name + " retries a function that ran into Lambda's timeout");

            JsonNode unsealed = state.path("Catch").path(0);
            assertEquals(List.of("com.iamonboarding.seal.SealRejectedException"),
                    Json.MAPPER.convertValue(unsealed.path("ErrorEquals"), List.class), name + " catches an unsealed input first");
            JsonNode rejected = states.path(unsealed.path("Next").asText());
            assertEquals("Fail", rejected.path("Type").asText(), name + ": an unsealed input ends the execution, nothing to roll back");
            // In a branch the Fail stops the Parallel state, whose Catch ends the execution InputRejected.
            assertEquals(inBranch ? "com.iamonboarding.seal.SealRejectedException" : "InputRejected", rejected.path("Error").asText(), name);

            switch (name) {
                case "Compensate" -> {
                    assertEquals(3, state.path("Catch").size(), "Compensate: unsealed, incomplete, anything else");
                    assertEquals("RollbackIncomplete", state.at("/Catch/1/Next").asText(), "a reported incomplete rollback fails at once");
                    JsonNode lastAttempt = states.path(last.path("Next").asText());
                    assertEquals("Pass", lastAttempt.path("Type").asText(), "spent retries lead to a marked last attempt");
                    assertEquals("$.finalRollbackAttempt", lastAttempt.path("ResultPath").asText());
                    assertEquals("FinalRollbackAttempt", lastAttempt.path("Next").asText());
                    assertEquals("RollbackIncomplete", states.at("/FinalRollbackAttempt/Catch/0/Next").asText());
                    assertEquals("Fail", states.path("RollbackIncomplete").path("Type").asText(), "a failed rollback fails the execution");
                }
                case "Notify" -> {
                    assertEquals("ReportNotificationFailure", last.path("Next").asText(), "a failed notification is reported, not rolled back");
                    assertEquals("$.notificationError", last.path("ResultPath").asText());
                    assertEquals("OnboardingSucceeded", states.at("/ReportNotificationFailure/Next").asText());
                    assertEquals("OnboardingSucceeded", states.at("/ReportNotificationFailure/Catch/0/Next").asText());
                }
                default -> {
                    assertEquals("$.error", last.path("ResultPath").asText(), name);
                    JsonNode failed = states.path(last.path("Next").asText());
                    assertEquals("Pass", failed.path("Type").asText(), name + " routes failures to a Pass state");
                    assertEquals(SAME_FUNCTION.getOrDefault(name, name), failed.path("Result").asText(),
                            name + "'s failure state records the step name");
                    assertEquals("$.failedStep", failed.path("ResultPath").asText(), name);
                    if (inBranch) {
                        // Not a Fail: the Parallel state must wait for the other branches before the rollback.
                        assertTrue(failed.path("End").asBoolean(), name + "'s failure ends its branch");
                    } else {
                        assertEquals("Compensate", failed.path("Next").asText(), name + "'s failure goes to Compensate");
                    }
                }
            }
        }
        List<String> parallels = new ArrayList<>();
        topLevel.fields().forEachRemaining(entry -> {
            if ("Parallel".equals(entry.getValue().path("Type").asText())) {
                parallels.add(entry.getKey());
            }
        });
        assertEquals(List.of("AliasAndUser", "ProvisionAccess"), parallels, "the steps run in two Parallel states");
        for (String name : parallels) {
            JsonNode parallel = topLevel.path(name);
            assertEquals("InputRejected", parallel.at("/Catch/0/Next").asText(), name + ": an unsealed input in any branch is InputRejected");
            assertEquals("Compensate", topLevel.path(parallel.at("/Catch/1/Next").asText()).path("Next").asText(),
                    name + ": a failure of the Parallel state itself is rolled back");
            JsonNode afterwards = topLevel.path(parallel.path("Next").asText());
            assertEquals("$.failedStep", afterwards.at("/Choices/0/Variable").asText(), name + ": a branch's failedStep is looked for");
            assertEquals("Compensate", afterwards.at("/Choices/0/Next").asText(), name + ": and rolled back");
            for (JsonNode branch : parallel.path("Branches")) {
                branch.path("States").fields().forEachRemaining(state -> {
                    if ("Fail".equals(state.getValue().path("Type").asText())) {
                        assertEquals("com.iamonboarding.seal.SealRejectedException", state.getValue().path("Error").asText(),
                                state.getKey() + ": a branch may stop the Parallel state only for an unsealed input");
                    }
                });
            }
        }
        assertEquals("ProvisionAccess", topLevel.path(topLevel.path("AliasAndUser").path("Next").asText()).path("Default").asText(),
                "the user exists before the steps that need it start");
        for (String step : List.of("FinalRollbackAttempt", "Compensate")) {
            JsonNode onboardingFailed = topLevel.path(topLevel.path(step).path("Next").asText());
            assertEquals("Fail", onboardingFailed.path("Type").asText());
            assertEquals("$.compensation.error", onboardingFailed.path("ErrorPath").asText());
            assertEquals("$.compensation.cause", onboardingFailed.path("CausePath").asText());
        }
    }

    @Test
    void theApiRequestModelIsTheSchemaStartOnboardingApplies() throws IOException {
        JsonNode schema = Json.MAPPER.readTree(template.root.resolve("functions/src/main/resources/onboarding-request.schema.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema).remove("$schema");
        Map<String, Object> api = properties(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next());
        JsonNode model = Json.MAPPER.valueToTree(map(api.get("Models")).get("OnboardingRequest"));
        assertEquals(schema, model, "template.yaml Models.OnboardingRequest must equal onboarding-request.schema.json without $schema");
    }

    @Test
    void theOffboardingRequestModelIsTheSchemaStartOffboardingApplies() throws IOException {
        JsonNode schema = Json.MAPPER.readTree(template.root.resolve("functions/src/main/resources/offboarding-request.schema.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema).remove("$schema");
        Map<String, Object> api = properties(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next());
        JsonNode model = Json.MAPPER.valueToTree(map(api.get("Models")).get("OffboardingRequest"));
        assertEquals(schema, model, "template.yaml Models.OffboardingRequest must equal offboarding-request.schema.json without $schema");
    }

    @Test
    void functionEnvironmentsUseOnlyValuesTheLocalStackResolves() {
        template.functions().forEach((id, function) -> template.environment(function).forEach((name, value) -> {
            boolean supported = value instanceof String
                    || value instanceof Map<?, ?> m && m.size() == 1 && (m.containsKey("Ref") || m.containsKey("Fn::Sub")
                    || m.containsKey("Fn::GetAtt") && list(m.get("Fn::GetAtt")).size() == 2 && "Arn".equals(list(m.get("Fn::GetAtt")).get(1)));
            assertTrue(supported, id + " " + name + " must be a string, !Ref, !GetAtt X.Arn or !Sub: " + value);
        }));
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static JsonNode retrierFor(JsonNode state, String error) {
        for (JsonNode retrier : state.path("Retry")) {
            for (JsonNode name : retrier.path("ErrorEquals")) {
                if (error.equals(name.asText())) {
                    return retrier;
                }
            }
        }
        return null;
    }

    private static void collectTasks(JsonNode states, Map<String, JsonNode> scopeOf, Map<String, JsonNode> tasks) {
        states.fields().forEachRemaining(entry -> {
            JsonNode state = entry.getValue();
            if ("Task".equals(state.path("Type").asText())) {
                scopeOf.put(entry.getKey(), states);
                tasks.put(entry.getKey(), state);
            } else if ("Parallel".equals(state.path("Type").asText())) {
                state.path("Branches").forEach(branch -> collectTasks(branch.path("States"), scopeOf, tasks));
            }
        });
    }

}
