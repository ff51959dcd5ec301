package com.iamonboarding.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateModelTest {

    private final TemplateModel template = sample();

    static TemplateModel sample() {
        try (InputStream in = TemplateModelTest.class.getResourceAsStream("/templates/sample.yaml")) {
            return TemplateModel.parse(Path.of("/repo"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shortFormTagsBecomeTheLongForm() {
        Map<String, Object> doc = CfnYaml.parse(String.join("\n",
                "a: !Ref Thing",
                "b: !GetAtt Thing.Arn",
                "c: !GetAtt [Thing, Name]",
                "d: !Sub '${AWS::Region}'",
                "e: !Join [',', [!Ref X, y]]",
                "f: !If [Cond, !Ref A, !Ref AWS::NoValue]",
                "g: !Select [0, !GetAZs '']",
                "h: !Condition IsProd",
                "i: !GetAtt Thing.Outputs.Value",
                ""));
        assertEquals(Map.of("Ref", "Thing"), doc.get("a"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Thing", "Arn")), doc.get("b"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Thing", "Name")), doc.get("c"));
        assertEquals(Map.of("Fn::Sub", "${AWS::Region}"), doc.get("d"));
        assertEquals(Map.of("Fn::Join", List.of(",", List.of(Map.of("Ref", "X"), "y"))), doc.get("e"));
        assertEquals(Map.of("Fn::If", List.of("Cond", Map.of("Ref", "A"), Map.of("Ref", "AWS::NoValue"))), doc.get("f"));
        assertEquals(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))), doc.get("g"));
        assertEquals(Map.of("Condition", "IsProd"), doc.get("h"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Thing", "Outputs.Value")), doc.get("i"));
    }

    @Test
    void functionsMergeGlobalsWithTheirOwnSettings() {
        List<FunctionDef> functions = template.functions();
        assertEquals(List.of("StartFunction", "WorkFunction"), functions.stream().map(FunctionDef::logicalId).toList());
        FunctionDef start = functions.get(0);
        assertEquals("com.example.start.StartHandler", start.handlerClass());
        assertEquals(5, start.timeoutSeconds());
        assertEquals(Map.of("Ref", "Machine"), start.environment().get("MACHINE"));
        assertEquals("overridden", start.environment().get("ALIAS"));
        assertEquals(Map.of("Ref", "Alias"), functions.get(1).environment().get("ALIAS"));
        assertEquals(20, functions.get(1).timeoutSeconds());
    }

    @Test
    void apiRoutesStateMachinesParametersAndResourcesByType() {
        assertEquals(List.of(new ApiRoute("POST", "/things", "StartFunction"), new ApiRoute("GET", "/things/{id}", "StartFunction")),
                template.apiRoutes());
        StateMachineDef machine = template.stateMachines().get(0);
        assertEquals("Machine", machine.logicalId());
        assertEquals(Path.of("/repo/statemachine/machine.asl.json"), machine.definitionFile());
        assertEquals("STANDARD", machine.type());
        assertEquals(5, machine.substitutions().size());
        assertNull(template.parameterDefaults().get("Alias"));
        assertEquals("test", template.parameterDefaults().get("Stage"));
        assertEquals(List.of("Team"), List.copyOf(template.resourcesOfType("AWS::IAM::Group").keySet()));
        assertEquals("AWS::S3::Bucket", template.typeOf("Bucket"));
        assertEquals(Map.of("Ref", "Stage"), TemplateModel.properties(template.resources().get("Api")).get("StageName"));
    }

    @Test
    void aFunctionWithoutHandlerIsAClearError() {
        TemplateModel broken = TemplateModel.parse(Path.of("/repo"), String.join("\n",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Serverless::Function",
                "    Properties: {}",
                ""));
        IllegalStateException error = assertThrows(IllegalStateException.class, broken::functions);
        assertTrue(error.getMessage().contains("Fn"), error.getMessage());
    }
}
