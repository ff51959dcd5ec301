package com.iamonboarding.template;

import static com.iamonboarding.template.ProjectTemplate.list;
import static com.iamonboarding.template.ProjectTemplate.map;
import static com.iamonboarding.template.ProjectTemplate.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, as template.yaml states it: the roles of the functions and the state machine,
 * the storage and the API. A backend that creates IAM users must not become an escalation path.
 */
class TemplateSecurityTest {

    private static final Set<String> SCOPED_SERVICES = Set.of("iam", "s3", "secretsmanager", "kms");

    /**
     * Actions of those services that IAM defines no resource type for, so only {@code "*"} can grant
     * them. Each is named with why it is needed; anything else on "*" fails.
     */
    private static final Map<String, String> WITHOUT_RESOURCE_TYPES = Map.of(
            "iam:listaccountaliases", "EnsureAccountAlias reads the account's alias",
            "iam:createaccountalias", "EnsureAccountAlias creates the alias when the account has none; an alias is not a resource",
            "iam:getaccountpasswordpolicy", "CreateLoginProfile generates a password that satisfies the account policy",
            "iam:listvirtualmfadevices", "EnrollMfa and Compensate find devices an earlier attempt left unassigned");

    /** Actions that would let the backend grant more than its access profiles do. */
    private static final Set<String> ESCALATION = Set.of(
            "iam:putuserpolicy", "iam:putgrouppolicy", "iam:putrolepolicy", "iam:attachgrouppolicy", "iam:attachrolepolicy",
            "iam:createpolicy", "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:createrole", "iam:passrole",
            "iam:updateassumerolepolicy", "iam:deleteuserpermissionsboundary", "iam:deleterolepermissionsboundary",
            "iam:creategroup", "iam:updateuser", "iam:untaguser", "iam:updategroup", "sts:assumerole");

    /** Calls that create or remove credentials, permissions, MFA devices or the user itself. */
    private static final Set<String> NEEDS_MANAGED_BY_TAG = Set.of("iam:deletevirtualmfadevice",
            "iam:createloginprofile", "iam:updateloginprofile", "iam:deleteloginprofile", "iam:createaccesskey",
            "iam:deleteaccesskey", "iam:updateaccesskey", "iam:enablemfadevice", "iam:deactivatemfadevice",
            "iam:attachuserpolicy", "iam:detachuserpolicy", "iam:deleteuserpolicy", "iam:deleteuser",
            "iam:deletesigningcertificate", "iam:deletesshpublickey", "iam:deleteservicespecificcredential");

    private static final Set<String> ALLOWED_POLICY_TEMPLATES = Set.of("LambdaInvokePolicy");

    private final ProjectTemplate template = ProjectTemplate.load();
    private final AccessProfiles profiles = AccessProfiles.bundled();
    private final List<Statement> statements = identityStatements();

    record Statement(String owner, Map<String, Object> body) {
        List<String> actions() {
            return list(body.get("Action")).stream().map(a -> String.valueOf(a).toLowerCase(Locale.ROOT)).toList();
        }

        List<Object> resources() {
            return list(body.get("Resource"));
        }

        Map<String, Object> condition() {
            return body.containsKey("Condition") ? map(body.get("Condition")) : Map.of();
        }

        boolean isAllow() {
            return "Allow".equals(body.get("Effect"));
        }

        boolean allows(String action) {
            return "Allow".equals(body.get("Effect")) && actions().contains(action);
        }

        String describe() {
            return owner + " " + body.getOrDefault("Sid", actions());
        }
    }

    @Test
    void theTemplateGrantsSomething() {
        assertTrue(statements.size() > 10, "no identity policy statements found; the test would check nothing");
        assertTrue(statements.stream().anyMatch(s -> s.allows("iam:createuser")), "no statement grants iam:CreateUser");
    }

    @Test
    void noStatementGrantsWildcardActionsOrUsesNotActionOrNotResource() {
        // A Deny of everything (ProfileGroupsMembersGuard) grants nothing: only Allows are judged.
        for (Statement s : statements.stream().filter(Statement::isAllow).toList()) {
            assertFalse(s.body().containsKey("NotAction") || s.body().containsKey("NotResource"), s.describe() + " uses NotAction/NotResource");
            for (String action : s.actions()) {
                assertFalse(action.contains("*") || action.contains("?"), s.describe() + " grants the wildcard action " + action);
            }
        }
    }

    @Test
    void resourceStarIsOnlyUsedForActionsWithoutAResourceType() {
        for (Statement s : statements.stream().filter(Statement::isAllow).toList()) {
            if (!s.resources().contains("*")) {
                continue;
            }
            for (String action : s.actions()) {
                String service = action.substring(0, action.indexOf(':'));
                if (SCOPED_SERVICES.contains(service)) {
                    assertTrue(WITHOUT_RESOURCE_TYPES.containsKey(action), s.describe() + " grants " + action
                            + " on Resource \"*\"; it supports resource-level permissions, so name the resource");
                }
            }
        }
    }

    @Test
    void nothingThatCouldEscalatePrivilegesIsGranted() {
        for (Statement s : statements) {
            for (String action : s.actions()) {
                assertFalse(ESCALATION.contains(action), s.describe() + " grants " + action);
            }
        }
    }

    @Test
    void usersCanOnlyBeAddedToAndRemovedFromTheProfileGroups() {
        Map<String, Map<String, Object>> groups = template.resourcesOfType("AWS::IAM::Group");
        Set<String> granted = new TreeSet<>();
        for (Statement s : statements) {
            if (!s.allows("iam:addusertogroup") && !s.allows("iam:removeuserfromgroup")) {
                continue;
            }
            for (Object resource : s.resources()) {
                assertTrue(resource instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt"), s.describe()
                        + " must name each group with !GetAtt <Group>.Arn, not " + resource);
                String group = String.valueOf(list(map(resource).get("Fn::GetAtt")).get(0));
                assertTrue(groups.containsKey(group), s.describe() + " names " + group + ", which is no AWS::IAM::Group");
                if (s.allows("iam:addusertogroup")) {
                    granted.add(String.valueOf(properties(groups.get(group)).get("GroupName")));
                }
            }
        }
        assertEquals(new TreeSet<>(profiles.allGroups()), granted,
                "iam:AddUserToGroup must cover exactly the groups the access profiles name");
    }

    @Test
    void theTemplateDefinesEveryProfileGroupUnderTheProjectPath() {
        Set<String> defined = new TreeSet<>();
        template.resourcesOfType("AWS::IAM::Group").values().forEach(group -> {
            defined.add(String.valueOf(properties(group).get("GroupName")));
            assertEquals("/iam-onboarding/", properties(group).get("Path"));
        });
        assertEquals(new TreeSet<>(profiles.allGroups()), defined);
    }

    @Test
    void attachUserPolicyIsLimitedToTheProfilePolicies() {
        for (Statement s : statements) {
            if (!s.allows("iam:attachuserpolicy")) {
                continue;
            }
            assertTrue(hasCondition(s, "iam:PolicyARN", Set.of("StringEquals", "ArnEquals")),
                    s.describe() + " grants iam:AttachUserPolicy without an exact iam:PolicyARN condition");
            // The list may come from a parameter (AllowedDirectPolicyArns); its default is what is checked here.
            List<String> policies = exactValues(s, "iam:PolicyARN");
            policies.forEach(p -> assertFalse(p.contains("*"), s.describe() + " allows attaching " + p));
            assertTrue(policies.containsAll(profiles.allPolicyArns()), s.describe() + " does not cover the profiles' policies");
            assertTrue(hasCondition(s, "iam:PermissionsBoundary", Set.of("StringEquals", "ArnEquals")),
                    s.describe() + " grants iam:AttachUserPolicy without an exact iam:PermissionsBoundary condition");
        }
    }

    @Test
    void usersCanOnlyBeCreatedWithAProfileBoundaryAndTheProjectTag() {
        for (Statement s : statements) {
            if (!s.allows("iam:createuser") && !s.allows("iam:putuserpermissionsboundary")) {
                continue;
            }
            // StringEquals, never ...IfExists: a request without a boundary must not pass.
            assertFalse(hasCondition(s, "iam:PermissionsBoundary", Set.of("StringEqualsIfExists", "ArnEqualsIfExists")),
                    s.describe() + " lets a user be created without a boundary");
            List<String> boundaries = exactValues(s, "iam:PermissionsBoundary");
            assertFalse(boundaries.isEmpty(), s.describe() + " lacks an iam:PermissionsBoundary condition");
            boundaries.forEach(b -> assertFalse(b.contains("*"), s.describe() + " allows the boundary " + b));
            assertTrue(boundaries.contains(HireGuardrailBoundaryTest.GUARDRAIL_ARN),
                    s.describe() + " does not allow the guardrail boundary: " + boundaries);
            assertTrue(boundaries.containsAll(profiles.allBoundaries()),
                    s.describe() + " does not allow every profile boundary " + profiles.allBoundaries() + ": " + boundaries);
            if (s.allows("iam:createuser")) {
                assertEquals(List.of("iam-onboarding"), exactValues(s, "aws:RequestTag/ManagedBy"),
                        s.describe() + " must require the ManagedBy=iam-onboarding tag on new users");
            }
        }
    }

    @Test
    void credentialAndDeletionCallsOnlyReachUsersThisProjectCreated() {
        for (Statement s : statements) {
            for (String action : s.actions()) {
                if (NEEDS_MANAGED_BY_TAG.contains(action) && "Allow".equals(s.body().get("Effect"))) {
                    assertEquals(List.of("iam-onboarding"), exactValues(s, "aws:ResourceTag/ManagedBy"),
                            s.describe() + " grants " + action + " without requiring the user's ManagedBy=iam-onboarding tag");
                }
            }
        }
    }

    @Test
    void iamResourcesAreUsersUnderTheConfiguredPathMfaDevicesOrProjectGroups() {
        for (Statement s : statements) {
            if (s.actions().stream().noneMatch(a -> a.startsWith("iam:"))) {
                continue;
            }
            for (Object resource : s.resources()) {
                String text = resource instanceof Map<?, ?> m && m.containsKey("Fn::Sub") ? String.valueOf(m.get("Fn::Sub")) : String.valueOf(resource);
                boolean listedInAParameter = resource instanceof Map<?, ?> m && m.containsKey("Ref")
                        && template.literalValues(resource).stream().noneMatch(v -> v.contains("*"));
                boolean scoped = text.equals("*")
                        || text.endsWith(":user${UserPath}*")
                        || text.endsWith(":mfa/*")
                        || resource instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt")
                        || listedInAParameter;
                assertTrue(scoped, s.describe() + " reaches IAM resource " + text);
            }
        }
    }

    @Test
    void secretsAreOnlyWrittenUnderTheProjectPrefixAndNeverReadBack() {
        for (Statement s : statements) {
            assertFalse(s.allows("secretsmanager:getsecretvalue"), s.describe()
                    + " may read generated secrets; only the hire and the operators may");
            if (s.actions().stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
                for (Object resource : s.resources()) {
                    assertTrue(String.valueOf(resource).contains(":secret:iam-onboarding/"), s.describe() + " reaches secret " + resource);
                }
            }
            if (s.allows("secretsmanager:createsecret")) {
                assertEquals(List.of("iam-onboarding"), exactValues(s, "aws:RequestTag/ManagedBy"), s.describe());
            }
        }
    }

    @Test
    void rolesUseOnlyInlineStatementsAndKnownPolicyTemplates() {
        for (String type : List.of(ProjectTemplate.FUNCTION, ProjectTemplate.STATE_MACHINE)) {
            template.resourcesOfType(type).forEach((id, resource) -> {
                List<Object> policies = list(properties(resource).get("Policies"));
                if (NO_AWS_CALLS.contains(id)) {
                    assertTrue(policies.isEmpty(), id + " serves a static page and needs no permission");
                    assertFalse(properties(resource).containsKey("Role"), id + " shares a role instead of having its own");
                    return;
                }
                assertFalse(policies.isEmpty(), id + " has no policies of its own");
                for (Object policy : policies) {
                    assertTrue(policy instanceof Map, id + " uses the managed policy " + policy + "; write the statements it needs");
                    Map<String, Object> p = map(policy);
                    assertTrue(p.containsKey("Statement") || p.containsKey("Fn::If")
                            || p.size() == 1 && ALLOWED_POLICY_TEMPLATES.containsAll(p.keySet()), id + " uses the policy " + p.keySet());
                }
                assertFalse(properties(resource).containsKey("Role"), id + " shares a role instead of having its own");
            });
        }
    }

    @Test
    void theKeyRotatesAndTheQrBucketIsPrivateEncryptedTlsOnlyAndExpiresQrCodes() {
        // KMS rotates symmetric encryption keys only; the seal key is an HMAC key (SealKeyTest).
        template.resourcesOfType("AWS::KMS::Key").forEach((id, key) -> {
            if (!"GENERATE_VERIFY_MAC".equals(properties(key).get("KeyUsage"))) {
                assertEquals(Boolean.TRUE, properties(key).get("EnableKeyRotation"), id + " rotates");
            }
        });

        Map<String, Map<String, Object>> buckets = template.resourcesOfType("AWS::S3::Bucket");
        assertEquals(Set.of("QrCodeBucket", "IntakeBucket"), buckets.keySet());
        buckets.forEach((id, resource) -> {
            Map<String, Object> bucket = properties(resource);
            Map<String, Object> encryption = map(list(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0));
            assertEquals("aws:kms", map(encryption.get("ServerSideEncryptionByDefault")).get("SSEAlgorithm"), id);
            assertEquals(Boolean.TRUE, encryption.get("BucketKeyEnabled"), id);
            map(bucket.get("PublicAccessBlockConfiguration")).forEach((setting, value) -> assertEquals(Boolean.TRUE, value, id + " " + setting));
            assertEquals(4, map(bucket.get("PublicAccessBlockConfiguration")).size(), id);
            assertFalse(bucket.containsKey("VersioningConfiguration"), id + ": a deleted object is gone, not kept as a version");
            Map<String, Object> policy = template.resourcesOfType("AWS::S3::BucketPolicy").values().stream().map(ProjectTemplate::properties)
                    .filter(p -> Map.of("Ref", id).equals(p.get("Bucket"))).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " has no bucket policy"));
            assertTrue(list(map(policy.get("PolicyDocument")).get("Statement")).stream().map(ProjectTemplate::map)
                    .anyMatch(st -> "Deny".equals(st.get("Effect")) && list(st.get("Resource")).size() == 2
                            && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(st.get("Condition"))),
                    id + ": the bucket policy denies requests without TLS on the bucket and its objects");
        });
        assertTrue(list(map(properties(buckets.get("QrCodeBucket")).get("LifecycleConfiguration")).get("Rules")).stream().map(ProjectTemplate::map)
                .anyMatch(rule -> "mfa/".equals(rule.get("Prefix")) && Map.of("Ref", "QrCodeRetentionDays").equals(rule.get("ExpirationInDays"))),
                "QR codes under mfa/ expire after QrCodeRetentionDays");
    }

    @Test
    void onlyTheOperatorsMayReadQrCodesAndNobodyWithoutAnOperatorsRole() {
        Map<String, Object> policy = properties(template.resourcesOfType("AWS::S3::BucketPolicy").get("QrCodeBucketPolicy"));
        Map<String, Object> deny = list(map(policy.get("PolicyDocument")).get("Statement")).stream().map(ProjectTemplate::map)
                .filter(st -> "Deny".equals(st.get("Effect")) && list(st.get("Action")).contains("s3:GetObject"))
                .findFirst().orElseThrow(() -> new AssertionError("no Deny of s3:GetObject on the QR codes"));
        assertEquals("*", deny.get("Principal"));
        assertEquals(Map.of("Fn::Sub", "${QrCodeBucket.Arn}/mfa/*"), deny.get("Resource"));
        assertEquals(Map.of("Fn::If", List.of("HasOperatorsRole",
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", Map.of("Ref", "OperatorsRoleArn"))),
                Map.of("Ref", "AWS::NoValue"))), deny.get("Condition"));
        for (Statement s : statements) {
            boolean onQrCodes = s.resources().stream().anyMatch(r -> "*".equals(r) || String.valueOf(r).contains("QrCodeBucket"));
            assertFalse(s.allows("s3:getobject") && onQrCodes, s.describe() + " may read QR codes; the enrolment function finds them by listing");
        }
    }

    @Test
    void theStateMachineLogsNoExecutionData() {
        template.resourcesOfType(ProjectTemplate.STATE_MACHINE).forEach((id, machine) -> {
            Map<String, Object> logging = map(properties(machine).get("Logging"));
            assertEquals(Boolean.FALSE, logging.get("IncludeExecutionData"), id);
            assertEquals("STANDARD", properties(machine).get("Type"), id);
        });
    }

    /** The hire has no AWS identity yet: these routes are authorised by the invitation token (EnrolmentService). */
    private static final Set<String> TOKEN_AUTHORISED = Set.of("GET /enrol", "POST /enrolments/start", "POST /enrolments/complete");
    /** POST routes whose function reads no body. */
    private static final Set<String> BODYLESS_POSTS = Set.of("/onboardings/{id}/invitation");
    /** Functions that make no AWS call (EnrolmentPageHandler builds no client). */
    private static final Set<String> NO_AWS_CALLS = Set.of("EnrolmentPageFunction");

    @Test
    void theTokenAuthorisedRoutesAreExactlyTheEnrolmentPageAndTheyAreRateLimitedPerAddress() {
        Set<String> open = new TreeSet<>();
        template.functions().forEach((id, function) ->
                map(properties(function).getOrDefault("Events", Map.of())).values().stream().map(ProjectTemplate::map)
                        .filter(e -> "Api".equals(e.get("Type"))).map(e -> map(e.get("Properties")))
                        .filter(route -> route.containsKey("Auth"))
                        .forEach(route -> open.add(String.valueOf(route.get("Method")).toUpperCase(Locale.ROOT)
                                + " " + route.get("Path"))));
        assertEquals(new TreeSet<>(TOKEN_AUTHORISED), open);
        String waf = String.valueOf(template.resourcesOfType("AWS::WAFv2::WebACL"));
        assertTrue(waf.contains("RateBasedStatement") && waf.contains("/enrol"),
                "a per-address rate rule guards the token-authorised routes against guessing: " + waf);
    }

    @Test
    void everyRouteRequiresIamAuthThrottlesAndValidatesItsBody() {
        Map<String, Map<String, Object>> apis = template.resourcesOfType("AWS::Serverless::Api");
        apis.forEach((id, api) -> {
            Map<String, Object> props = properties(api);
            assertEquals("AWS_IAM", map(props.get("Auth")).get("DefaultAuthorizer"), id);
            assertTrue(list(props.get("MethodSettings")).stream().map(ProjectTemplate::map)
                    .anyMatch(s -> s.containsKey("ThrottlingRateLimit") && s.containsKey("ThrottlingBurstLimit")), id + " throttles");
        });
        template.functions().forEach((id, function) ->
                map(properties(function).getOrDefault("Events", Map.of())).values().stream().map(ProjectTemplate::map)
                        .filter(e -> "Api".equals(e.get("Type")))
                        .map(e -> map(e.get("Properties")))
                        .forEach(route -> {
                            Object api = map(route.get("RestApiId")).get("Ref");
                            assertTrue(apis.containsKey(String.valueOf(api)), id + " route is not on the secured API");
                            String method = String.valueOf(route.get("Method")).toUpperCase(Locale.ROOT);
                            String path = String.valueOf(route.get("Path"));
                            if (TOKEN_AUTHORISED.contains(method + " " + path)) {
                                assertEquals(Map.of("Authorizer", "NONE"), route.get("Auth"),
                                        id + ": the invitation token in the body is the only credential of " + path);
                            } else {
                                assertFalse(route.containsKey("Auth"), id + " overrides the API's IAM authorization");
                            }
                            if ("POST".equals(method) && !BODYLESS_POSTS.contains(path)) {
                                Map<String, Object> model = map(route.get("RequestModel"));
                                assertEquals(Boolean.TRUE, model.get("ValidateBody"), id + " validates its body");
                                assertEquals(Boolean.TRUE, model.get("Required"), id + " requires a body");
                            }
                        }));
    }

    /** Values of a condition key under exact-match operators (no Like, no IfExists). */
    private List<String> exactValues(Statement s, String key) {
        return conditionValues(s, key, Set.of("StringEquals", "ArnEquals"));
    }

    private List<String> exactOrIfExistsValues(Statement s, String key) {
        return conditionValues(s, key, Set.of("StringEquals", "ArnEquals", "StringEqualsIfExists", "ArnEqualsIfExists"));
    }

    private static boolean hasCondition(Statement s, String key, Set<String> operators) {
        return s.condition().entrySet().stream()
                .anyMatch(e -> operators.contains(e.getKey()) && map(e.getValue()).keySet().stream().anyMatch(key::equalsIgnoreCase));
    }

    private List<String> conditionValues(Statement s, String key, Set<String> operators) {
        List<String> values = new ArrayList<>();
        s.condition().forEach((operator, keys) -> {
            if (operators.contains(operator)) {
                map(keys).forEach((k, v) -> {
                    if (k.equalsIgnoreCase(key)) {
                        values.addAll(template.literalValues(v));
                    }
                });
            }
        });
        return values;
    }

    /** Every identity policy statement of the template's roles, both branches of an !If included. */
    private List<Statement> identityStatements() {
        List<Statement> found = new ArrayList<>();
        for (String type : List.of(ProjectTemplate.FUNCTION, ProjectTemplate.STATE_MACHINE)) {
            template.resourcesOfType(type).forEach((id, resource) ->
                    list(properties(resource).get("Policies")).forEach(policy -> collectDocument(id, policy, found)));
        }
        template.resourcesOfType("AWS::IAM::Role").forEach((id, role) ->
                list(properties(role).get("Policies")).forEach(p -> collectDocument(id, map(p).get("PolicyDocument"), found)));
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            // The hires' permissions boundary is no role's policy: HireGuardrailBoundaryTest checks it.
            template.resourcesOfType(type).forEach((id, policy) -> {
                if (!HireGuardrailBoundaryTest.BOUNDARY.equals(id)) {
                    collectDocument(id, properties(policy).get("PolicyDocument"), found);
                }
            });
        }
        return found;
    }

    private void collectDocument(String owner, Object document, List<Statement> found) {
        for (Object branch : branches(document)) {
            if (branch instanceof Map<?, ?> m && m.containsKey("Statement")) {
                for (Object statement : list(m.get("Statement"))) {
                    for (Object s : branches(statement)) {
                        found.add(new Statement(owner, map(s)));
                    }
                }
            }
        }
    }

    /** An !If stands for both of its branches; AWS::NoValue for nothing. */
    private static List<Object> branches(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::If")) {
            List<Object> parts = list(m.get("Fn::If"));
            List<Object> out = new ArrayList<>(branches(parts.get(1)));
            out.addAll(branches(parts.get(2)));
            return out;
        }
        if (value instanceof Map<?, ?> m && Map.of("Ref", "AWS::NoValue").equals(m)) {
            return List.of();
        }
        return List.of(value);
    }
}
