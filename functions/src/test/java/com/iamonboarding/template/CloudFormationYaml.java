package com.iamonboarding.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM YAML template. The short-form intrinsic functions ({@code !Ref x},
 * {@code !GetAtt a.b}, {@code !Sub ...}) become the long form CloudFormation itself uses
 * ({@code {"Ref": x}}, {@code {"Fn::GetAtt": [a, b]}}, {@code {"Fn::Sub": ...}}), so tests can treat
 * both spellings alike. Safe construction only: no arbitrary types, duplicate keys are an error.
 */
final class CloudFormationYaml {

    private static final List<String> FUNCTIONS = List.of("Ref", "GetAtt", "Sub", "If", "Equals", "Not",
            "Join", "Select", "Split", "FindInMap", "Condition", "And", "Or", "Base64", "ImportValue", "GetAZs",
            "Cidr", "Transform", "ToJsonString", "Length");

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new IntrinsicFunctionConstructor(options));
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Map<String, Object>) yaml.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The long-form key CloudFormation uses for a short tag: Ref and Condition stay, the rest get "Fn::". */
    static String longForm(String function) {
        return function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
    }

    private static final class IntrinsicFunctionConstructor extends SafeConstructor {

        IntrinsicFunctionConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the short spelling of [Resource, Attribute].
                    value = function.equals("GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(longForm(function), value);
            }
        }
    }
}
