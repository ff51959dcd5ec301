package com.iamonboarding.template;

import static com.iamonboarding.template.ProjectTemplate.list;
import static com.iamonboarding.template.ProjectTemplate.map;
import static com.iamonboarding.template.ProjectTemplate.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.common.Json;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The permissions boundary every hire gets (HireGuardrailBoundary), as template.yaml states it: it
 * allows what the hire's groups allow and denies, for the hire, everything that would let them
 * tamper with the provisioning system. The local stack's IAM evaluation proves its effect; this
 * test keeps its statements complete as the template grows (a new function or key is covered, or
 * this fails).
 */
class HireGuardrailBoundaryTest {

    static final String BOUNDARY = "HireGuardrailBoundary";
    static final String GUARDRAIL_ARN = "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/iam-onboarding/${AWS::StackName}-hire-guardrail";
    /** IAM's limit for a managed policy, counted without whitespace. */
    static final int MANAGED_POLICY_MAX_CHARACTERS = 6144;
    /** Function names are <stack>-<name>; the README documents stack names of up to 40 characters. */
    static final int MAX_FUNCTION_NAME_SUFFIX = 24;

    private final ProjectTemplate template = ProjectTemplate.load();
    private final Map<String, Object> boundary = properties(template.resourcesOfType("AWS::IAM::ManagedPolicy").get(BOUNDARY));
    private final List<Map<String, Object>> statements = list(map(boundary.get("PolicyDocument")).get("Statement")).stream()
            .map(ProjectTemplate::map).toList();

    private List<Map<String, Object>> denies() {
        return statements.stream().filter(s -> "Deny".equals(s.get("Effect"))).toList();
    }

    /** Whether some Deny names {@code action} (or its service's wildcard) on a resource equal to {@code resource}. */
    private boolean denied(String action, Object resource) {
        String service = action.substring(0, action.indexOf(':'));
        return denies().stream().anyMatch(s -> list(s.get("Action")).stream().map(String::valueOf)
                .anyMatch(a -> a.equalsIgnoreCase(action) || a.equalsIgnoreCase(service + ":*"))
                && list(s.get("Resource")).contains(resource));
    }

    @Test
    void itIsTheTemplatesOwnPolicyAtTheArnTheFunctionsAndCreateUsersConditionName() {
        assertEquals("/iam-onboarding/", boundary.get("Path"));
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-hire-guardrail"), boundary.get("ManagedPolicyName"));
        Map<String, Object> globals = map(map(template.functionGlobals().get("Environment")).get("Variables"));
        assertEquals(Map.of("Fn::Sub", GUARDRAIL_ARN), globals.get("HIRE_BOUNDARY_ARN"));
    }

    @Test
    void itAllowsWhatTheGroupsAllowAndOtherwiseOnlyDenies() {
        assertEquals(Map.of("Sid", "AllowWhatTheHiresGroupsAllow", "Effect", "Allow", "Action", "*", "Resource", "*"), statements.get(0));
        for (Map<String, Object> s : statements.subList(1, statements.size())) {
            assertEquals("Deny", s.get("Effect"), s.get("Sid") + " must be a Deny");
            assertFalse(s.containsKey("NotAction") || s.containsKey("NotResource") || s.containsKey("NotPrincipal"), String.valueOf(s.get("Sid")));
        }
    }

    @Test
    void noHireMayInvokeOrChangeAnyOfTheFunctionsOrAssumeOrChangeTheirRoles() {
        Object functions = Map.of("Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-*");
        assertTrue(denied("lambda:InvokeFunction", functions), "the stack's functions (and their live alias) must be denied to hires");
        assertTrue(denied("lambda:UpdateFunctionCode", functions));
        for (String function : template.functions().keySet()) {
            Object name = properties(template.functions().get(function)).get("FunctionName");
            assertTrue(name instanceof Map<?, ?> m && String.valueOf(m.get("Fn::Sub")).startsWith("${AWS::StackName}-"),
                    function + " must be named <stack>-<name>, the pattern the boundary denies: " + name);
            String suffix = String.valueOf(map(name).get("Fn::Sub")).substring("${AWS::StackName}".length());
            assertTrue(suffix.length() <= MAX_FUNCTION_NAME_SUFFIX, function + ": Lambda allows 64 characters and the README promises"
                    + " stack names of up to " + (64 - MAX_FUNCTION_NAME_SUFFIX) + " characters");
            assertEquals("/iam-onboarding/", template.functionProperty(template.functions().get(function), "RolePath").orElse(null),
                    function + "'s role must be under the path the boundary denies");
        }
        Object roles = Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/iam-onboarding/*");
        for (String action : List.of("iam:PassRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                "iam:DeleteRolePermissionsBoundary", "iam:DeleteRole")) {
            assertTrue(denied(action, roles), action + " on the stack's roles must be denied");
        }
    }

    @Test
    void noHireMayStartOrChangeTheStateMachinesOrCallTheApi() {
        template.resourcesOfType(ProjectTemplate.STATE_MACHINE).forEach((id, machine) -> {
            Object name = properties(machine).get("Name");
            assertTrue(name instanceof Map<?, ?> m && String.valueOf(m.get("Fn::Sub")).startsWith("${AWS::StackName}-"), id + " is named");
            String machineName = String.valueOf(map(name).get("Fn::Sub"));
            assertTrue(denied("states:StartExecution", Map.of("Fn::Sub",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:" + machineName)), id);
            assertTrue(denied("states:StopExecution", Map.of("Fn::Sub",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:" + machineName + ":*")), id);
            assertEquals("/iam-onboarding/", properties(machine).get("RolePath"), id + "'s role is under the denied path");
        });
        Map<String, Object> api = denies().stream().filter(s -> "DenyTheProvisioningApi".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertEquals("execute-api:*", api.get("Action"));
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OnboardingApi}/*"), api.get("Resource"));
        // Only the profiles the ApiCallerProfiles parameter names (none by default) are exempt, by their AccessProfile tag.
        assertEquals(Map.of("Fn::If", List.of("HasApiCallerProfiles",
                Map.of("StringNotEquals", Map.of("aws:PrincipalTag/AccessProfile", Map.of("Ref", "ApiCallerProfiles"))),
                Map.of("Ref", "AWS::NoValue"))), api.get("Condition"));
        assertEquals("", template.parameter("ApiCallerProfiles").get("Default"));
    }

    @Test
    void noHireMayLiftTheSecretsTheBucketsOrTheKeysProtection() {
        Object secrets = Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:iam-onboarding/*");
        for (String action : List.of("secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy", "secretsmanager:PutSecretValue")) {
            assertTrue(denied(action, secrets), action);
        }
        assertFalse(denied("secretsmanager:GetSecretValue", secrets), "hires read their own access key; the secret's policy decides");
        for (String table : template.resourcesOfType("AWS::DynamoDB::Table").keySet()) {
            Object arn = Map.of("Fn::GetAtt", List.of(table, "Arn"));
            for (String action : List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")) {
                assertTrue(denied(action, arn), action + " on " + table + ": a hire could fake a status or hold a step's lease");
            }
        }
        Object bucket = Map.of("Fn::GetAtt", List.of("QrCodeBucket", "Arn"));
        for (String action : List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock")) {
            assertTrue(denied(action, bucket), action);
        }
        for (String key : template.resourcesOfType("AWS::KMS::Key").keySet()) {
            Object arn = Map.of("Fn::GetAtt", List.of(key, "Arn"));
            for (String action : List.of("kms:PutKeyPolicy", "kms:CreateGrant", "kms:ScheduleKeyDeletion")) {
                assertTrue(denied(action, arn), action + " on " + key);
            }
            assertFalse(denied("kms:Decrypt", arn), "hires decrypt their own access key through Secrets Manager");
        }
    }

    @Test
    void noHireMayChangeAnotherManagedUserTheProfileGroupsTheirOwnBoundaryOrTheGuardrail() {
        Object users = Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:user${UserPath}*");
        Map<String, Object> others = denies().stream().filter(s -> "DenyWritesOnOtherManagedUsers".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertEquals(users, others.get("Resource"));
        assertEquals(Map.of("StringNotEquals", Map.of("aws:ResourceTag/OnboardingId", "${aws:PrincipalTag/OnboardingId}")), others.get("Condition"),
                "every user under UserPath but the hire's own (a policy variable, not a stack substitution)");
        for (String action : List.of("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AttachUserPolicy",
                "iam:PutUserPolicy", "iam:DeactivateMFADevice", "iam:DeleteUser", "iam:CreateUser")) {
            assertTrue(list(others.get("Action")).contains(action), action);
        }
        for (String action : List.of("iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "iam:TagUser", "iam:UntagUser",
                "iam:UpdateUser")) {
            assertTrue(denies().stream().anyMatch(s -> list(s.get("Action")).contains(action) && users.equals(s.get("Resource"))
                    && !s.containsKey("Condition")), action + " on every managed user, the hire's own included");
        }
        Object groups = Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:group/iam-onboarding/*");
        for (String action : List.of("iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:PutGroupPolicy")) {
            assertTrue(denied(action, groups), action);
        }
        template.resourcesOfType("AWS::IAM::Group").values().forEach(g -> assertEquals("/iam-onboarding/", properties(g).get("Path")));
        Object policies = Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/iam-onboarding/*");
        for (String action : List.of("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy")) {
            assertTrue(denied(action, policies), action);
        }
    }

    @Test
    void everyBundledProfileUsesTheGuardrailOrAStricterBoundaryWithAllItsDenies() {
        List<Map<String, Object>> guardrailDenies = denies();
        for (Map.Entry<String, AccessProfile> profile : bundledProfiles().entrySet()) {
            String arn = profile.getValue().permissionsBoundaryArn;
            if (arn == null) {
                continue;
            }
            // A profile's own boundary must be a policy of this template that carries every Deny of the guardrail.
            Map<String, Object> own = template.resourcesOfType("AWS::IAM::ManagedPolicy").values().stream().map(ProjectTemplate::properties)
                    .filter(p -> arn.endsWith("/" + String.valueOf(p.get("ManagedPolicyName")))).findFirst()
                    .orElseThrow(() -> new AssertionError(profile.getKey() + " names " + arn + ", which is not a policy of this template"));
            List<Object> ownStatements = list(map(own.get("PolicyDocument")).get("Statement"));
            assertTrue(ownStatements.containsAll(guardrailDenies), profile.getKey() + "'s boundary lacks some of the guardrail's denies");
        }
        assertEquals("", template.parameter("AllowedPermissionsBoundaryArns").get("Default"), "no other boundary by default");
    }

    private static Map<String, AccessProfile> bundledProfiles() {
        AccessProfiles profiles = AccessProfiles.bundled();
        Map<String, AccessProfile> all = new java.util.LinkedHashMap<>();
        profiles.names().forEach(name -> all.put(name, profiles.find(name).orElseThrow()));
        return all;
    }

    @Test
    void itFitsIamsSizeLimitWithRealisticNames() {
        // A 40-character stack name, the longest the README allows, and long real-looking names elsewhere.
        String text = Json.write(boundary.get("PolicyDocument"))
                .replace("${AWS::Partition}", "aws").replace("${AWS::Region}", "ap-southeast-2").replace("${AWS::AccountId}", "123456789012")
                .replace("${AWS::StackName}", "iam-onboarding-production-eu-central-1-a".substring(0, 40)).replace("${UserPath}", "/onboarded/")
                .replace("${OnboardingApi}", "abcdefghij").replace("${QrCodeBucket.Arn}", "arn:aws:s3:::iam-onboarding-production-qrcodebucket-abcdefghijkl");
        int characters = text.replaceAll("\\s", "").length();
        assertTrue(characters <= MANAGED_POLICY_MAX_CHARACTERS, "the boundary has " + characters + " characters; IAM allows "
                + MANAGED_POLICY_MAX_CHARACTERS);
    }

    @Test
    void everySidIsUnique() {
        Set<String> sids = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        statements.forEach(s -> {
            if (!sids.add(String.valueOf(s.get("Sid")))) {
                duplicates.add(String.valueOf(s.get("Sid")));
            }
        });
        assertEquals(List.of(), duplicates);
    }
}
