package com.iamonboarding.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.local.lambda.LocalFunction;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.support.SharedStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/** template.yaml as the local stack reads it, and what it made of it on the emulator. */
class RealTemplateIT {

    private final LocalStack stack = SharedStack.get();

    @Test
    void everyFunctionHasAHandlerClassWithTheFunctionEnvironmentConstructor() throws Exception {
        List<FunctionDef> functions = stack.template().functions();
        assertTrue(functions.size() >= 10, "functions: " + functions);
        for (FunctionDef function : functions) {
            Class<?> handler = Class.forName(function.handlerClass());
            handler.getConstructor(FunctionEnvironment.class);
            assertTrue(function.handler().endsWith("::handleRequest"), function.handler());
        }
    }

    @Test
    void functionEnvironmentsResolveToWhatTheStackCreated() {
        Map<String, StackResources.Physical> created = stack.resources().all();
        String keyArn = created.get("OnboardingKey").attributes().get("Arn");
        String bucket = created.get("QrCodeBucket").ref();
        String bus = created.get("OnboardingEventBus").ref();
        for (LocalFunction function : stack.functions().registry().all()) {
            Map<String, String> env = function.environment();
            assertEquals(keyArn, env.get("KMS_KEY_ID"), function.logicalId());
            assertEquals(bucket, env.get("QR_BUCKET"), function.logicalId());
            assertEquals(bus, env.get("EVENT_BUS_NAME"), function.logicalId());
            assertEquals("/onboarded/", env.get("USER_PATH"), function.logicalId());
            assertEquals("us-east-1", env.get("AWS_REGION"), function.logicalId());
            assertEquals(PseudoParameters.STACK_NAME, env.get("ACCOUNT_ALIAS"), "AccountAlias has no Default locally");
            env.forEach((name, value) -> assertFalse(value.contains("${"), name + " of " + function.logicalId()));
        }
        assertEquals(stack.stateMachineArn(), stack.functions().registry().find("StartOnboardingFunction").orElseThrow()
                .environment().get("STATE_MACHINE_ARN"));
        stack.clients().s3().headBucket(b -> b.bucket(bucket));
        assertEquals(created.get("OnboardingEventBus").attributes().get("Arn"),
                stack.clients().eventBridge().describeEventBus(b -> b.name(bus)).arn());
    }

    @Test
    void theStateMachineRunsTheRealAslWithLocalFunctionArns() {
        String definition = stack.clients().sfn().describeStateMachine(b -> b.stateMachineArn(stack.stateMachineArn())).definition();
        assertFalse(definition.contains("${"), "every substitution is applied");
        Map<String, String> substitutions = stack.intrinsics().resolveStrings(stack.template().stateMachines().get(0).substitutions());
        substitutions.forEach((key, arn) -> {
            assertTrue(definition.contains(arn), key);
            assertTrue(stack.functions().registry().find(arn).isPresent(), key + " = " + arn + " names a local function");
            assertEquals(key.substring(0, key.length() - "Arn".length()),
                    stack.functions().registry().find(arn).get().logicalId());
        });
    }

    @Test
    void theApiRoutesComeFromTheFunctionsApiEvents() {
        Set<String> routes = stack.template().apiRoutes().stream()
                .map(r -> r.method() + " " + r.path() + " " + r.functionLogicalId()).collect(Collectors.toSet());
        assertTrue(routes.contains("POST /onboardings StartOnboardingFunction"), routes.toString());
        assertTrue(routes.contains("GET /onboardings/{id} GetOnboardingFunction"), routes.toString());
        assertEquals("v1", stack.template().apiStageName());
    }

    @Test
    void theProfileGroupsExistWithTheirManagedPolicies() {
        stack.template().resourcesOfType("AWS::IAM::Group").forEach((id, resource) -> {
            String name = stack.resources().get(id).orElseThrow().ref();
            @SuppressWarnings("unchecked")
            List<Object> named = (List<Object>) stack.intrinsics().resolve(TemplateModel.properties(resource).get("ManagedPolicyArns"));
            Set<String> expected = named.stream().map(String::valueOf).collect(Collectors.toCollection(java.util.TreeSet::new));
            // A customer managed policy of the template that lists the group (ProfileGroupsMembersGuard) is attached too.
            stack.template().resourcesOfType("AWS::IAM::ManagedPolicy").forEach((policyId, policy) -> {
                Object groups = TemplateModel.properties(policy).get("Groups");
                if (groups != null && ((List<Object>) stack.intrinsics().resolve(groups)).contains(name)) {
                    expected.add(stack.resources().get(policyId).orElseThrow().ref());
                }
            });
            Set<String> attached = stack.clients().iam().listAttachedGroupPolicies(b -> b.groupName(name)).attachedPolicies()
                    .stream().map(AttachedPolicy::policyArn).collect(Collectors.toSet());
            assertEquals(expected, attached, name);
        });
    }
}
