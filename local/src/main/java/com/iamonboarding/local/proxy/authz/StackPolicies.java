package com.iamonboarding.local.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.local.template.StackResources;
import com.iamonboarding.local.template.TemplateModel;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The policies IAM weighs for a request of this stack, as they are deployed:
 * <ul>
 *   <li>a function's or state machine's role: its {@code Policies} from template.yaml, resolved
 *       (SAM's LambdaInvokePolicy expanded as SAM expands it);</li>
 *   <li>an IAM user (a hire): the managed and inline policies of the user and its groups, read from
 *       the emulator (AWS managed ones as moto loads them), and its permissions boundary;</li>
 *   <li>the resource's own policy: a KMS key's and a bucket's from template.yaml, a secret's as
 *       the functions put it (read back from the emulator).</li>
 * </ul>
 * Statement names are {@code <owner>/<index>[/<Sid>]}: what the least-privilege report lists.
 */
public final class StackPolicies {

    private final Map<String, List<NamedPolicy>> roles = new LinkedHashMap<>();
    private final Map<String, NamedPolicy> keyPolicies = new LinkedHashMap<>();
    private final Map<String, NamedPolicy> bucketPolicies = new LinkedHashMap<>();
    private final IamClient iam;
    private final SecretsManagerClient secrets;

    public StackPolicies(TemplateModel template, Intrinsics intrinsics, StackResources created, IamClient iam,
                         SecretsManagerClient secrets) {
        this.iam = iam;
        this.secrets = secrets;
        for (String type : List.of(TemplateModel.SERVERLESS_FUNCTION, TemplateModel.SERVERLESS_STATE_MACHINE)) {
            template.resourcesOfType(type).forEach((id, resource) ->
                    roles.put(intrinsics.roleArn(id), rolePolicies(id, TemplateModel.properties(resource), intrinsics)));
        }
        template.resourcesOfType("AWS::KMS::Key").forEach((id, resource) -> {
            Object policy = TemplateModel.properties(resource).get("KeyPolicy");
            created.get(id).ifPresent(key -> {
                if (policy != null) {
                    keyPolicies.put(key.attributes().get("Arn"), named(id + "/KeyPolicy", intrinsics.resolve(policy)));
                }
            });
        });
        template.resourcesOfType("AWS::S3::BucketPolicy").forEach((id, resource) -> {
            Map<String, Object> props = TemplateModel.properties(resource);
            bucketPolicies.put(intrinsics.resolveString(props.get("Bucket")), named(id, intrinsics.resolve(props.get("PolicyDocument"))));
        });
    }

    /** Every role of the stack and its policies: what the least-privilege report walks. */
    public Map<String, List<NamedPolicy>> roles() {
        return roles;
    }

    /**
     * The identity policies of the caller: a stack role's from the template; any other role's (an
     * operators' role, say) or a user's (its own and its groups') from the emulator.
     */
    public List<NamedPolicy> identity(Caller caller) {
        if (caller.type() == Caller.Type.ASSUMED_ROLE) {
            List<NamedPolicy> stackRole = roles.get(caller.principalArn());
            return stackRole != null ? stackRole : emulatorRolePolicies(caller.principalArn());
        }
        return caller.userName().map(this::userPolicies).orElse(List.of());
    }

    /** The policies of a group in the emulator: what a profile's hire gets from it. */
    public List<NamedPolicy> groupPolicies(String groupName) {
        List<NamedPolicy> policies = new ArrayList<>();
        try {
            for (AttachedPolicy attached : iam.listAttachedGroupPoliciesPaginator(b -> b.groupName(groupName)).attachedPolicies()) {
                managedPolicy(attached.policyArn()).ifPresent(policies::add);
            }
            for (String name : iam.listGroupPoliciesPaginator(b -> b.groupName(groupName)).policyNames()) {
                policies.add(NamedPolicy.parse("group " + groupName + " inline " + name, decode(
                        iam.getGroupPolicy(b -> b.groupName(groupName).policyName(name)).policyDocument())));
            }
        } catch (NoSuchEntityException gone) {
            return List.of();
        }
        return policies;
    }

    /** A managed policy as the emulator holds it (AWS managed ones as moto loads them). */
    public Optional<NamedPolicy> managedPolicy(String policyArn) {
        try {
            String version = iam.getPolicy(b -> b.policyArn(policyArn)).policy().defaultVersionId();
            String document = iam.getPolicyVersion(b -> b.policyArn(policyArn).versionId(version)).policyVersion().document();
            return Optional.of(NamedPolicy.parse(policyArn, decode(document)));
        } catch (NoSuchEntityException none) {
            return Optional.empty();
        }
    }

    private List<NamedPolicy> emulatorRolePolicies(String roleArn) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        List<NamedPolicy> policies = new ArrayList<>();
        try {
            for (AttachedPolicy attached : iam.listAttachedRolePoliciesPaginator(b -> b.roleName(roleName)).attachedPolicies()) {
                managedPolicy(attached.policyArn()).ifPresent(policies::add);
            }
            for (String name : iam.listRolePoliciesPaginator(b -> b.roleName(roleName)).policyNames()) {
                policies.add(NamedPolicy.parse("role " + roleName + " inline " + name, decode(
                        iam.getRolePolicy(b -> b.roleName(roleName).policyName(name)).policyDocument())));
            }
        } catch (NoSuchEntityException gone) {
            return List.of();
        }
        return policies;
    }

    /** The caller's permissions boundary: none for the stack's roles; a user's from {@code boundaryArn}. */
    public List<NamedPolicy> boundaries(Optional<String> boundaryArn) {
        return boundaryArn.flatMap(this::managedPolicy).map(List::of).orElse(List.of());
    }

    /** The policy of the resource the authorisation is about, if it has one. */
    public Optional<NamedPolicy> resourcePolicy(Authorization authorization) {
        String resource = authorization.resource();
        if (resource.startsWith("arn:aws:kms:")) {
            return Optional.ofNullable(keyPolicies.get(resource));
        }
        if (resource.startsWith("arn:aws:s3:::")) {
            String bucket = resource.substring("arn:aws:s3:::".length()).split("/", 2)[0];
            return Optional.ofNullable(bucketPolicies.get(bucket));
        }
        if (resource.startsWith("arn:aws:secretsmanager:")) {
            return secretPolicy(resource);
        }
        return Optional.empty();
    }

    private Optional<NamedPolicy> secretPolicy(String secretArn) {
        try {
            String policy = secrets.getResourcePolicy(b -> b.secretId(secretArn)).resourcePolicy();
            return policy == null || policy.isBlank() ? Optional.empty() : Optional.of(NamedPolicy.parse("secret policy of " + secretArn, policy));
        } catch (ResourceNotFoundException notYet) {
            // A secret about to be created has no policy yet.
            return Optional.empty();
        }
    }

    private List<NamedPolicy> userPolicies(String userName) {
        List<NamedPolicy> policies = new ArrayList<>();
        try {
            for (AttachedPolicy attached : iam.listAttachedUserPoliciesPaginator(b -> b.userName(userName)).attachedPolicies()) {
                managedPolicy(attached.policyArn()).ifPresent(policies::add);
            }
            for (String name : iam.listUserPoliciesPaginator(b -> b.userName(userName)).policyNames()) {
                policies.add(NamedPolicy.parse("user " + userName + " inline " + name, decode(
                        iam.getUserPolicy(b -> b.userName(userName).policyName(name)).policyDocument())));
            }
            for (Group group : iam.listGroupsForUserPaginator(b -> b.userName(userName)).groups()) {
                policies.addAll(groupPolicies(group.groupName()));
            }
        } catch (NoSuchEntityException gone) {
            return List.of();
        }
        return policies;
    }

    /** IAM hands policy documents back URL-encoded. */
    private static String decode(String document) {
        return document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<NamedPolicy> rolePolicies(String owner, Map<String, Object> props, Intrinsics intrinsics) {
        List<NamedPolicy> policies = new ArrayList<>();
        Object resolved = intrinsics.resolve(props.getOrDefault("Policies", List.of()));
        List<Object> items = resolved instanceof List<?> list ? (List<Object>) list : List.of(resolved);
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = (Map<String, Object>) items.get(i);
            String name = owner + "/" + i;
            if (item.containsKey("Statement")) {
                policies.add(named(name, item));
            } else if (item.containsKey("LambdaInvokePolicy")) {
                String function = String.valueOf(((Map<String, Object>) item.get("LambdaInvokePolicy")).get("FunctionName"));
                policies.add(named(name, lambdaInvokePolicy(function)));
            } else {
                throw new IllegalStateException(owner + " uses the policy " + item.keySet() + ", which the local stack cannot expand");
            }
        }
        return policies;
    }

    /** SAM's LambdaInvokePolicy: lambda:InvokeFunction on the function and its qualified ARNs (the Sid is ours, for the report). */
    private static Map<String, Object> lambdaInvokePolicy(String functionName) {
        String arn = "arn:" + PseudoParameters.PARTITION + ":lambda:" + PseudoParameters.REGION + ":" + PseudoParameters.ACCOUNT_ID
                + ":function:" + functionName;
        return Map.of("Statement", List.of(Map.of("Sid", "LambdaInvokePolicy" + functionName.replaceAll("[^A-Za-z0-9]", ""),
                "Effect", "Allow", "Action", List.of("lambda:InvokeFunction"), "Resource", List.of(arn, arn + ":*"))));
    }

    private static NamedPolicy named(String name, Object document) {
        JsonNode tree = Json.MAPPER.valueToTree(document);
        ObjectNode policy = tree.isObject() ? (ObjectNode) tree : Json.MAPPER.createObjectNode();
        if (!policy.has("Version")) {
            policy.put("Version", "2012-10-17");
        }
        JsonNode statements = policy.get("Statement");
        if (statements != null && statements.isObject()) {
            ArrayNode list = Json.MAPPER.createArrayNode().add(statements);
            policy.set("Statement", list);
        }
        return new NamedPolicy(name, policy);
    }
}
