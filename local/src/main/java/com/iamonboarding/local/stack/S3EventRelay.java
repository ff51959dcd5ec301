package com.iamonboarding.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.TemplateModel;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * What S3 and EventBridge do for the template's {@code AWS::Events::Rule}s on S3 "Object Created"
 * events, which moto does not (its S3 sends EventBridge events to every rule unmatched, and its
 * EventBridge cannot start a state machine): when the emulator has stored an object, each rule
 * whose pattern names the bucket and a prefix of the key starts its state machine target with the
 * input its InputTransformer makes from the event. Asynchronously, as on AWS: the PutObject is
 * answered first. Only the pattern and transformer shapes the template uses are understood; a rule
 * of another shape is refused when the stack starts, so it cannot silently do nothing.
 */
final class S3EventRelay implements Consumer<RecordedRequest>, AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

    /** One rule: objects created in {@code bucket} under {@code keyPrefix} start {@code stateMachineArn}. */
    record Rule(String logicalId, String bucket, String keyPrefix, String stateMachineArn, Map<String, String> inputPaths,
                String inputTemplate) {
    }

    /** StartExecution, as EventBridge's target makes it. */
    interface Starter {
        void start(String stateMachineArn, String name, String input);
    }

    private final List<Rule> rules;
    private final Starter starter;
    private final Consumer<String> log;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "local-s3-events");
        thread.setDaemon(true);
        return thread;
    });

    S3EventRelay(List<Rule> rules, SfnClient sfn, Consumer<String> log) {
        this(rules, (machine, name, input) -> sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)), log);
    }

    S3EventRelay(List<Rule> rules, Starter starter, Consumer<String> log) {
        this.rules = List.copyOf(rules);
        this.starter = starter;
        this.log = log;
    }

    /** The template's rules on S3 Object Created events that target a state machine. */
    @SuppressWarnings("unchecked")
    static List<Rule> rules(TemplateModel template, Intrinsics intrinsics) {
        List<Rule> rules = new ArrayList<>();
        template.resourcesOfType("AWS::Events::Rule").forEach((id, resource) -> {
            Map<String, Object> props = TemplateModel.properties(resource);
            JsonNode pattern = Json.MAPPER.valueToTree(intrinsics.resolve(props.get("EventPattern")));
            if (!pattern.path("source").toString().contains("\"aws.s3\"")) {
                return;
            }
            JsonNode detail = pattern.path("detail");
            String bucket = detail.at("/bucket/name/0").asText(null);
            String prefix = detail.at("/object/key/0/prefix").asText(null);
            List<Object> targets = (List<Object>) props.get("Targets");
            if (bucket == null || prefix == null || !pattern.path("detail-type").toString().contains("\"Object Created\"")
                    || targets == null || targets.size() != 1) {
                throw new IllegalStateException(id + ": the local stack plays only S3 Object Created rules on one bucket and one key"
                        + " prefix with one target");
            }
            Map<String, Object> target = (Map<String, Object>) targets.get(0);
            Map<String, Object> transformer = (Map<String, Object>) target.get("InputTransformer");
            if (transformer == null) {
                throw new IllegalStateException(id + ": the local stack plays only targets with an InputTransformer");
            }
            Map<String, String> paths = (Map<String, String>) intrinsics.resolve(transformer.get("InputPathsMap"));
            rules.add(new Rule(id, bucket, prefix, intrinsics.resolveString(target.get("Arn")), Map.copyOf(paths),
                    intrinsics.resolveString(transformer.get("InputTemplate"))));
        });
        return rules;
    }

    @Override
    public void accept(RecordedRequest request) {
        if (!"s3".equals(request.service()) || !"PutObject".equals(request.action())) {
            return;
        }
        String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
        int slash = path.indexOf('/');
        if (slash < 0) {
            return;
        }
        String bucket = decode(path.substring(0, slash));
        String key = decode(path.substring(slash + 1));
        for (Rule rule : rules) {
            if (rule.bucket().equals(bucket) && key.startsWith(rule.keyPrefix())) {
                deliveries.submit(() -> deliver(rule, bucket, key));
            }
        }
    }

    private void deliver(Rule rule, String bucket, String key) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("source", "aws.s3");
        event.put("detail-type", "Object Created");
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key);
        String input = transform(rule, event);
        try {
            starter.start(rule.stateMachineArn(), UUID.randomUUID().toString(), input);
            log.accept(rule.logicalId() + ": s3://" + bucket + "/" + key + " started " + rule.stateMachineArn());
        } catch (RuntimeException e) {
            log.accept(rule.logicalId() + ": could not start " + rule.stateMachineArn() + ": " + e.getClass().getSimpleName());
        }
    }

    /** EventBridge's InputTransformer: each {@code <name>} of the template becomes the JSON value at its path. */
    static String transform(Rule rule, JsonNode event) {
        Matcher placeholders = PLACEHOLDER.matcher(rule.inputTemplate());
        StringBuilder input = new StringBuilder();
        while (placeholders.find()) {
            String path = rule.inputPaths().get(placeholders.group(1));
            JsonNode value = path == null ? null : event.at(path.replaceFirst("^\\$", "").replace('.', '/'));
            placeholders.appendReplacement(input, Matcher.quoteReplacement(value == null || value.isMissingNode() ? "null" : value.toString()));
        }
        placeholders.appendTail(input);
        return input.toString();
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
