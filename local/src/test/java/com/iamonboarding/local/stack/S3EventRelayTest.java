package com.iamonboarding.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.LocalParameterValues;
import com.iamonboarding.local.template.RepoRoot;
import com.iamonboarding.local.template.StackResources;
import com.iamonboarding.local.template.TemplateModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** S3's Object Created event played to the template's EventBridge rule, as EventBridge would start the batch. */
class S3EventRelayTest {

    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:iam-onboarding-local-batch";

    private static List<S3EventRelay.Rule> templateRules() {
        TemplateModel template = TemplateModel.load(RepoRoot.find());
        StackResources created = new StackResources();
        created.put("IntakeBucket", "intake-bucket", Map.of("Arn", "arn:aws:s3:::intake-bucket"));
        created.put("BatchStateMachine", MACHINE, Map.of("Arn", MACHINE));
        return S3EventRelay.rules(template, new Intrinsics(template, LocalParameterValues.complete(template, Map.of()), created));
    }

    @Test
    void theTemplatesRuleStartsTheBatchOnFilesUnderBatchesOfTheIntakeBucket() {
        List<S3EventRelay.Rule> rules = templateRules();

        assertEquals(1, rules.size(), rules.toString());
        S3EventRelay.Rule rule = rules.get(0);
        assertEquals("BatchIntakeRule", rule.logicalId());
        assertEquals("intake-bucket", rule.bucket());
        assertEquals("batches/", rule.keyPrefix());
        assertEquals(MACHINE, rule.stateMachineArn());
    }

    @Test
    void theInputIsTheTransformersTemplateFilledFromTheEvent() throws Exception {
        S3EventRelay.Rule rule = templateRules().get(0);
        var event = Json.MAPPER.readTree("{\"detail\": {\"bucket\": {\"name\": \"intake-bucket\"}, \"object\": {\"key\": \"batches/a \\\"b\\\".csv\"}}}");

        assertEquals(Json.MAPPER.readTree("{\"bucket\": \"intake-bucket\", \"key\": \"batches/a \\\"b\\\".csv\", \"onInvalidRows\": \"REJECT\"}"),
                Json.MAPPER.readTree(S3EventRelay.transform(rule, event)));
    }

    @Test
    void onlyAStoredObjectUnderThePrefixOfTheBucketStartsAnExecution() throws Exception {
        BlockingQueue<List<String>> started = new LinkedBlockingQueue<>();
        try (S3EventRelay relay = new S3EventRelay(templateRules(), (machine, name, input) -> started.add(List.of(machine, name, input)),
                line -> { })) {
            relay.accept(request("s3", "PutObject", "/intake-bucket/reports/bat-1/report.csv"));
            relay.accept(request("s3", "PutObject", "/other-bucket/batches/cohort.csv"));
            relay.accept(request("s3", "GetObject", "/intake-bucket/batches/cohort.csv"));
            relay.accept(request("iam", "CreateUser", "/"));
            relay.accept(request("s3", "PutObject", "/intake-bucket/batches/cohort%202027.csv"));

            List<String> start = started.poll(5, TimeUnit.SECONDS);
            assertEquals(MACHINE, start.get(0));
            assertTrue(start.get(1).matches("[0-9a-f-]{36}"), start.get(1));
            assertEquals("{\"bucket\": \"intake-bucket\", \"key\": \"batches/cohort 2027.csv\", \"onInvalidRows\": \"REJECT\"}", start.get(2));
            relay.accept(request("s3", "PutObject", "/intake-bucket/batches/second.jsonl"));
            assertTrue(started.poll(5, TimeUnit.SECONDS).get(2).contains("batches/second.jsonl"));
            assertEquals(List.of(), List.copyOf(started), "the other requests started nothing");
        }
    }

    @Test
    void withoutRulesNothingStarts() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        try (S3EventRelay relay = new S3EventRelay(List.of(), (machine, name, input) -> started.add(name), line -> { })) {
            relay.accept(request("s3", "PutObject", "/intake-bucket/batches/cohort.csv"));
        }
        assertEquals(null, started.poll(200, TimeUnit.MILLISECONDS));
    }

    private static RecordedRequest request(String service, String action, String path) {
        return new RecordedRequest(Instant.now(), service, action, "PUT", path, Map.of());
    }
}
