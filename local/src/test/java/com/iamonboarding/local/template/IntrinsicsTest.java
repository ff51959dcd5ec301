package com.iamonboarding.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {

    private final TemplateModel template = TemplateModelTest.sample();
    private final StackResources created = new StackResources();
    private final Intrinsics intrinsics = new Intrinsics(template,
            LocalParameterValues.complete(template, Map.of()), created);

    @Test
    void functionReferencesResolveToLocalFunctionArnsWithoutCreatingAnything() {
        Map<String, String> substitutions = intrinsics.resolveStrings(template.stateMachines().get(0).substitutions());

        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:iam-onboarding-local-work", substitutions.get("WorkFunctionArn"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:StartFunction", substitutions.get("StartFunctionArn"));
        assertEquals("a-y-t", substitutions.get("Joined"));
        assertEquals("arn:aws:iam::aws:policy/A", substitutions.get("Boundary"));
        assertEquals("${NotAVariable}-iam-onboarding-local", substitutions.get("Literal"));
    }

    @Test
    void environmentsResolveAgainstCreatedResourcesAndDropNoValue() {
        created.put("Bucket", "my-bucket", Map.of("Arn", "arn:aws:s3:::my-bucket"));
        created.put("Key", "key-id", Map.of("Arn", "arn:aws:kms:us-east-1:123456789012:key/key-id"));
        created.put("Machine", "arn:aws:states:us-east-1:123456789012:stateMachine:Machine", Map.of());

        Map<String, String> work = intrinsics.resolveStrings(template.functions().get(1).environment());
        Map<String, String> start = intrinsics.resolveStrings(template.functions().get(0).environment());

        assertEquals("iam-onboarding-local", work.get("ALIAS"));
        assertEquals("my-bucket", work.get("BUCKET"));
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/key-id", work.get("KEY"));
        assertEquals("us-east-1:123456789012", work.get("REGION_AND_ACCOUNT"));
        assertFalse(work.containsKey("EXTRA"), "!If [HasExtra, ..., !Ref AWS::NoValue] with no Extra leaves the variable out");
        assertEquals("arn:aws:states:us-east-1:123456789012:stateMachine:Machine", start.get("MACHINE"));
        assertEquals("overridden", start.get("ALIAS"));
    }

    @Test
    void parametersCanBeOverriddenAndListsAreLists() {
        Intrinsics overridden = new Intrinsics(template, Map.of("Alias", "other", "Extra", "x", "Stage", "prod"), created);

        assertEquals("other", overridden.resolve(Map.of("Ref", "Alias")));
        assertEquals("x", overridden.resolveString(template.functions().get(1).environment().get("EXTRA")));
        assertEquals("a-y-p", overridden.resolveString(template.stateMachines().get(0).substitutions().get("Joined")));
        assertEquals(List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"), overridden.resolve(Map.of("Ref", "Boundaries")));
        assertEquals(256, overridden.resolve(Map.of("Fn::FindInMap", List.of("Sizes", "test", "Memory"))));
    }

    @Test
    void pseudoParametersAndStateMachineArns() {
        assertEquals("aws", intrinsics.resolve(Map.of("Ref", "AWS::Partition")));
        assertEquals("iam-onboarding-local", intrinsics.resolve(Map.of("Ref", "AWS::StackName")));
        assertEquals("arn:aws:states:us-east-1:123456789012:stateMachine:Machine", intrinsics.resolve(Map.of("Ref", "Machine")));
        assertEquals("Machine", intrinsics.resolve(Map.of("Fn::GetAtt", List.of("Machine", "Name"))));
    }

    @Test
    void unknownReferencesAreClearErrors() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> intrinsics.resolve(Map.of("Ref", "Nope")));
        assertTrue(error.getMessage().contains("Nope"));
        assertThrows(IllegalStateException.class, () -> intrinsics.resolve(Map.of("Fn::ImportValue", "x")));
    }

    @Test
    void aParameterWithoutDefaultGetsTheStackNameOnlyWhenItFits() {
        assertEquals("iam-onboarding-local", LocalParameterValues.complete(template, Map.of()).get("Alias"));
        assertEquals("given", LocalParameterValues.complete(template, Map.of("Alias", "given")).get("Alias"));
        TemplateModel strict = TemplateModel.parse(template.directory(), String.join("\n",
                "Parameters:",
                "  Email:",
                "    Type: String",
                "    AllowedPattern: '^.+@.+$'",
                ""));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> LocalParameterValues.complete(strict, Map.of()));
        assertTrue(error.getMessage().contains("--parameter Email="), error.getMessage());
    }
}
