package com.iamonboarding.local.stack;

import com.iamonboarding.common.Json;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.local.template.StackResources;
import com.iamonboarding.local.template.StateMachineDef;
import com.iamonboarding.local.template.TemplateModel;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Creates on the emulator, generically by resource type, what the functions need at run time: KMS
 * keys and aliases, S3 buckets, EventBridge buses, DynamoDB tables, IAM managed policies and groups, and the state
 * machines (their real ASL with the substitutions resolved to local function ARNs). Roles,
 * permissions, APIs and log groups are not emulated: the local Lambda endpoint and API stand in for
 * them. Re-running against a long-lived emulator reuses what already exists.
 */
public final class ResourceProvisioner {

    static final String STATE_MACHINE_ROLE_ARN = "arn:aws:iam::" + PseudoParameters.ACCOUNT_ID
            + ":role/" + PseudoParameters.STACK_NAME + "-state-machine";

    private final TemplateModel template;
    private final Intrinsics intrinsics;
    private final StackResources created;
    private final EmulatorClients clients;
    private final Consumer<String> log;

    public ResourceProvisioner(TemplateModel template, Intrinsics intrinsics, StackResources created,
                               EmulatorClients clients, Consumer<String> log) {
        this.template = template;
        this.intrinsics = intrinsics;
        this.created = created;
        this.clients = clients;
        this.log = log;
    }

    /**
     * Creates everything, in dependency order: keys before buckets, policies (which name the tables,
     * buckets and keys) before groups. What does not depend on each other is created side by side:
     * keys and buckets, tables and the bus, and moto's IAM backend, which loads every AWS managed
     * policy on its first request; then the SES identity, the IAM chain and each state machine (a
     * definition names functions, tables and buckets, whose names are known by then, and nothing of IAM).
     */
    public void provisionAll() {
        provisionAll(machine -> true);
    }

    /** The same, with only the state machines {@code wanted} accepts. */
    public void provisionAll(java.util.function.Predicate<StateMachineDef> wanted) {
        ExecutorService pool = Executors.newFixedThreadPool(4, daemon -> {
            Thread thread = new Thread(daemon, "local-stack-provisioning");
            thread.setDaemon(true);
            return thread;
        });
        try {
            sideBySide(pool, List.of(
                    () -> {
                        each("AWS::KMS::Key", this::kmsKey);
                        each("AWS::KMS::Alias", this::kmsAlias);
                        each("AWS::S3::Bucket", this::bucket);
                    },
                    () -> {
                        each("AWS::Events::EventBus", this::eventBus);
                        each("AWS::DynamoDB::Table", this::table);
                    },
                    () -> clients.iam().listAccountAliases()));
            List<Runnable> second = new ArrayList<>();
            second.add(this::verifySender);
            second.add(() -> {
                each("AWS::IAM::ManagedPolicy", this::managedPolicy);
                each("AWS::IAM::Group", this::group);
                each("AWS::IAM::ManagedPolicy", this::managedPolicyAttachments);
            });
            template.stateMachines().stream().filter(wanted).forEach(machine -> second.add(() -> stateMachine(machine)));
            sideBySide(pool, second);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sideBySide(ExecutorService pool, List<Runnable> steps) {
        List<Future<?>> running = steps.stream().<Future<?>>map(pool::submit).toList();
        try {
            for (Future<?> step : running) {
                step.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning the local stack", e);
        }
    }

    private interface Creator {
        void create(String logicalId, Map<String, Object> properties);
    }

    private void each(String type, Creator creator) {
        template.resourcesOfType(type).forEach((id, resource) -> creator.create(id, TemplateModel.properties(resource)));
    }

    private void kmsKey(String id, Map<String, Object> props) {
        String description = props.containsKey("Description") ? intrinsics.resolveString(props.get("Description")) : id;
        String keySpec = props.containsKey("KeySpec") ? intrinsics.resolveString(props.get("KeySpec")) : null;
        String keyUsage = props.containsKey("KeyUsage") ? intrinsics.resolveString(props.get("KeyUsage")) : null;
        KeyMetadata key = clients.kms().createKey(b -> b.description(description).keySpec(keySpec).keyUsage(keyUsage)).keyMetadata();
        created.put(id, key.keyId(), Map.of("Arn", key.arn(), "KeyId", key.keyId()));
        log.accept("created AWS::KMS::Key " + id + " (" + key.keyId() + ")");
    }

    private void kmsAlias(String id, Map<String, Object> props) {
        String alias = intrinsics.resolveString(props.get("AliasName"));
        String target = intrinsics.resolveString(props.get("TargetKeyId"));
        try {
            clients.kms().createAlias(b -> b.aliasName(alias).targetKeyId(target));
        } catch (AlreadyExistsException exists) {
            clients.kms().updateAlias(b -> b.aliasName(alias).targetKeyId(target));
        }
        created.put(id, alias, Map.of());
        log.accept("created AWS::KMS::Alias " + id + " (" + alias + ")");
    }

    private void bucket(String id, Map<String, Object> props) {
        String name = props.containsKey("BucketName") ? intrinsics.resolveString(props.get("BucketName"))
                : generatedName(id, 63).toLowerCase(Locale.ROOT);
        try {
            clients.s3().createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
            // A long-lived emulator still has it from an earlier run.
        }
        encryption(name, props.get("BucketEncryption"));
        created.put(id, name, Map.of("Arn", "arn:aws:s3:::" + name, "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + PseudoParameters.REGION + ".amazonaws.com"));
        log.accept("created AWS::S3::Bucket " + id + " (" + name + ")");
    }

    @SuppressWarnings("unchecked")
    private void encryption(String bucket, Object raw) {
        if (raw == null) {
            return;
        }
        Map<String, Object> config = (Map<String, Object>) intrinsics.resolve(raw);
        List<ServerSideEncryptionRule> rules = new ArrayList<>();
        for (Object item : (List<Object>) config.getOrDefault("ServerSideEncryptionConfiguration", List.of())) {
            Map<String, Object> rule = (Map<String, Object>) item;
            Map<String, Object> byDefault = (Map<String, Object>) rule.getOrDefault("ServerSideEncryptionByDefault", Map.of());
            rules.add(ServerSideEncryptionRule.builder()
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(String.valueOf(byDefault.get("SSEAlgorithm")))
                            .kmsMasterKeyID((String) byDefault.get("KMSMasterKeyID")))
                    .bucketKeyEnabled(rule.get("BucketKeyEnabled") == null ? null
                            : Boolean.valueOf(String.valueOf(rule.get("BucketKeyEnabled"))))
                    .build());
        }
        if (!rules.isEmpty()) {
            clients.s3().putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rules)));
        }
    }

    /**
     * SES sends only from a verified identity; a deployer verifies theirs once in the console. The
     * local stack verifies the EnrolmentSenderAddress in the emulator, as that one-time step.
     */
    private void verifySender() {
        String sender = intrinsics.parameterValues().getOrDefault("EnrolmentSenderAddress", "");
        if (sender.isBlank()) {
            return;
        }
        try (SesV2Client ses = EmulatorClients.build(SesV2Client.builder(), clients.endpoint())) {
            try {
                ses.createEmailIdentity(b -> b.emailIdentity(sender));
            } catch (software.amazon.awssdk.services.sesv2.model.AlreadyExistsException exists) {
                // A long-lived emulator verified it already.
            }
        }
        log.accept("verified the SES identity " + sender + " (EnrolmentSenderAddress)");
    }

    private void eventBus(String id, Map<String, Object> props) {
        String name = intrinsics.resolveString(props.get("Name"));
        String arn;
        try {
            arn = clients.eventBridge().createEventBus(b -> b.name(name)).eventBusArn();
        } catch (ResourceAlreadyExistsException exists) {
            arn = clients.eventBridge().describeEventBus(b -> b.name(name)).arn();
        }
        created.put(id, name, Map.of("Arn", arn, "Name", name));
        log.accept("created AWS::Events::EventBus " + id + " (" + name + ")");
    }

    @SuppressWarnings("unchecked")
    private void table(String id, Map<String, Object> props) {
        String name = props.containsKey("TableName") ? intrinsics.resolveString(props.get("TableName")) : generatedName(id, 255);
        Map<String, Object> resolved = (Map<String, Object>) intrinsics.resolve(props);
        List<KeySchemaElement> keys = ((List<Map<String, Object>>) resolved.get("KeySchema")).stream()
                .map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType"))).build()).toList();
        List<AttributeDefinition> attributes = ((List<Map<String, Object>>) resolved.get("AttributeDefinitions")).stream()
                .map(a -> AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                        .attributeType(String.valueOf(a.get("AttributeType"))).build()).toList();
        List<GlobalSecondaryIndex> indexes = ((List<Map<String, Object>>) resolved.getOrDefault("GlobalSecondaryIndexes", List.of()))
                .stream().map(index -> GlobalSecondaryIndex.builder().indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(((List<Map<String, Object>>) index.get("KeySchema")).stream()
                                .map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                                        .keyType(String.valueOf(k.get("KeyType"))).build()).toList())
                        .projection(p -> p.projectionType(String.valueOf(((Map<String, Object>) index.get("Projection"))
                                .get("ProjectionType")))).build()).toList();
        String arn;
        try {
            arn = clients.dynamoDb().createTable(b -> b.tableName(name).keySchema(keys).attributeDefinitions(attributes)
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                    .billingMode(String.valueOf(resolved.getOrDefault("BillingMode", "PAY_PER_REQUEST")))).tableDescription().tableArn();
        } catch (ResourceInUseException exists) {
            arn = clients.dynamoDb().describeTable(b -> b.tableName(name)).table().tableArn();
        }
        Object ttl = resolved.get("TimeToLiveSpecification");
        if (ttl instanceof Map<?, ?> spec && Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
            clients.dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t
                    .attributeName(String.valueOf(spec.get("AttributeName"))).enabled(true)));
        }
        created.put(id, name, Map.of("Arn", arn));
        log.accept("created AWS::DynamoDB::Table " + id + " (" + name + ")");
    }

    private void managedPolicy(String id, Map<String, Object> props) {
        String name = props.containsKey("ManagedPolicyName") ? intrinsics.resolveString(props.get("ManagedPolicyName"))
                : generatedName(id, 128);
        String path = props.containsKey("Path") ? intrinsics.resolveString(props.get("Path")) : "/";
        String document = Json.write(intrinsics.resolve(props.get("PolicyDocument")));
        String arn;
        try {
            arn = clients.iam().createPolicy(b -> b.policyName(name).path(path).policyDocument(document)).policy().arn();
        } catch (EntityAlreadyExistsException exists) {
            arn = "arn:aws:iam::" + PseudoParameters.ACCOUNT_ID + ":policy" + path + name;
        }
        created.put(id, arn, Map.of("PolicyArn", arn));
        log.accept("created AWS::IAM::ManagedPolicy " + id + " (" + name + ")");
    }

    @SuppressWarnings("unchecked")
    private void managedPolicyAttachments(String id, Map<String, Object> props) {
        String arn = created.get(id).orElseThrow().ref();
        Object groups = intrinsics.resolve(props.get("Groups"));
        if (groups instanceof List<?> names) {
            for (Object group : names) {
                clients.iam().attachGroupPolicy(b -> b.groupName(String.valueOf(group)).policyArn(arn));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void group(String id, Map<String, Object> props) {
        String name = props.containsKey("GroupName") ? intrinsics.resolveString(props.get("GroupName")) : generatedName(id, 128);
        String path = props.containsKey("Path") ? intrinsics.resolveString(props.get("Path")) : "/";
        String arn;
        try {
            arn = clients.iam().createGroup(b -> b.groupName(name).path(path)).group().arn();
        } catch (EntityAlreadyExistsException exists) {
            arn = clients.iam().getGroup(b -> b.groupName(name)).group().arn();
        }
        Object policyArns = intrinsics.resolve(props.get("ManagedPolicyArns"));
        if (policyArns instanceof List<?> arns) {
            for (Object policyArn : arns) {
                clients.iam().attachGroupPolicy(b -> b.groupName(name).policyArn(String.valueOf(policyArn)));
            }
        }
        Object inline = intrinsics.resolve(props.get("Policies"));
        if (inline instanceof List<?> policies) {
            for (Object item : policies) {
                Map<String, Object> policy = (Map<String, Object>) item;
                clients.iam().putGroupPolicy(b -> b.groupName(name).policyName(String.valueOf(policy.get("PolicyName")))
                        .policyDocument(Json.write(policy.get("PolicyDocument"))));
            }
        }
        created.put(id, name, Map.of("Arn", arn));
        log.accept("created AWS::IAM::Group " + id + " (" + name + ")");
    }

    private void stateMachine(StateMachineDef machine) {
        String name = intrinsics.stateMachineName(machine.logicalId());
        String definition = StateMachineDefinitions.render(machine, intrinsics);
        StateMachineType type = StateMachineType.fromValue(machine.type().toUpperCase(Locale.ROOT));
        String arn;
        try {
            arn = clients.sfn().createStateMachine(b -> b.name(name).definition(definition)
                    .roleArn(STATE_MACHINE_ROLE_ARN).type(type)).stateMachineArn();
        } catch (StateMachineAlreadyExistsException exists) {
            arn = clients.sfn().listStateMachinesPaginator(b -> { }).stateMachines().stream()
                    .filter(m -> m.name().equals(name)).map(StateMachineListItem::stateMachineArn).findFirst()
                    .orElseThrow(() -> exists);
            String existing = arn;
            clients.sfn().updateStateMachine(b -> b.stateMachineArn(existing).definition(definition).roleArn(STATE_MACHINE_ROLE_ARN));
        }
        created.put(machine.logicalId(), arn, Map.of("Arn", arn, "Name", name));
        log.accept("created state machine " + machine.logicalId() + " (" + name + ")");
    }

    private static String generatedName(String logicalId, int maxLength) {
        String name = PseudoParameters.STACK_NAME + "-" + logicalId;
        return name.length() <= maxLength ? name : name.substring(0, maxLength);
    }
}
