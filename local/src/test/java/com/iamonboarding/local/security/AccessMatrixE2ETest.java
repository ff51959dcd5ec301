package com.iamonboarding.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.proxy.authz.Authorizer;
import com.iamonboarding.local.proxy.authz.Caller;
import com.iamonboarding.local.proxy.authz.DecidingStatement;
import com.iamonboarding.local.proxy.authz.Decision;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.OperatorsRole;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.TemplateModel;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Who may do what, each row a real SDK request signed as the principal, sent through the local
 * proxy and decided by iam-simulate with the policies as deployed: the template's role policies,
 * the hires' groups and boundary from the emulator, the secrets' policies as the functions put
 * them, the key policy and the bucket policy. Rows that must be allowed are the control: they show
 * the denials come from a policy, not from a stack that refuses everything.
 *
 * <p>A session "with MFA" is one whose requests carry {@code aws:MultiFactorAuthPresent} true, as
 * credentials from {@code sts:GetSessionToken} with an MFA code do; long-term keys carry none.
 */
class AccessMatrixE2ETest {

    /** One onboarded hire per profile, with console access (password secret, QR code) and an access key. */
    record Hire(String profile, String userName, String userArn, String accessKeySecretArn, String passwordSecretArn,
                String qrBucket, String qrKey) {
    }

    private static final Map<String, Hire> HIRES = new LinkedHashMap<>();
    private static final List<String> CREATED_BY_HAND = new ArrayList<>();
    private static LocalStack stack;
    private static IamClient harness;

    @BeforeAll
    static void oneHirePerProfile() throws Exception {
        stack = SharedStack.get();
        harness = SharedStack.iam();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Map<String, Future<OnboardingRunner.Outcome>> running = new LinkedHashMap<>();
            for (String profile : AccessProfiles.bundled().names()) {
                String userName = Requests.userName("matrix-" + profile);
                running.put(profile, pool.submit(() -> Onboardings.run(Requests.request(userName, profile, true, true))));
            }
            for (Map.Entry<String, Future<OnboardingRunner.Outcome>> entry : running.entrySet()) {
                OnboardingRunner.Outcome outcome = entry.getValue().get();
                assertTrue(outcome.succeeded(), entry.getKey() + ": " + outcome.onboarding());
                JsonNode result = outcome.onboarding().path("result");
                String userName = result.path("userName").asText();
                HIRES.put(entry.getKey(), new Hire(entry.getKey(), userName,
                        harness.getUser(b -> b.userName(userName)).user().arn(),
                        result.path("accessKey").path("secretArn").asText(),
                        result.path("loginProfile").path("secretArn").asText(),
                        result.path("mfa").path("qrCodeBucket").asText(),
                        result.path("mfa").path("qrCodeS3Key").asText()));
            }
        } finally {
            pool.shutdownNow();
        }
        HIRES.values().forEach(hire -> {
            assertFalse(hire.accessKeySecretArn().isEmpty(), hire.toString());
            assertFalse(hire.passwordSecretArn().isEmpty(), hire.toString());
            assertFalse(hire.qrKey().isEmpty(), hire.toString());
        });
    }

    @AfterAll
    static void removeWhatWasMadeByHand() {
        for (String userName : CREATED_BY_HAND) {
            try {
                harness.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies()
                        .forEach(p -> harness.detachUserPolicy(b -> b.userName(userName).policyArn(p.policyArn())));
                harness.deleteUser(b -> b.userName(userName));
            } catch (NoSuchEntityException alreadyGone) {
                // removed by the row that made it
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The functions' roles, on what they must not touch

    @Test
    void noFunctionRoleReadsAGeneratedSecret() {
        Hire hire = HIRES.get("developer");
        for (String function : stack.template().resourcesOfType(TemplateModel.SERVERLESS_FUNCTION).keySet()) {
            try (EmulatorClients role = asRole(function)) {
                for (String secret : List.of(hire.accessKeySecretArn(), hire.passwordSecretArn())) {
                    assertDenied(function + " reads " + secret,
                            () -> role.secretsManager().getSecretValue(b -> b.secretId(secret)));
                }
            }
        }
    }

    @Test
    void createUserMakesNobodyOutsideThePathOrWithoutTheGuardrail() {
        String guardrail = guardrailArn();
        try (EmulatorClients role = asRole("CreateUserFunction")) {
            IamClient iam = role.iam();
            String outside = Requests.userName("matrix-outside");
            assertDenied("a user outside UserPath", () -> iam.createUser(b -> b.userName(outside).path("/")
                    .permissionsBoundary(guardrail).tags(managedBy())));
            assertDenied("a user under UserPath without a boundary", () -> iam.createUser(b -> b.userName(outside)
                    .path(userPath()).tags(managedBy())));
            assertDenied("a user with a boundary outside the list", () -> iam.createUser(b -> b.userName(outside)
                    .path(userPath()).permissionsBoundary("arn:aws:iam::aws:policy/AdministratorAccess").tags(managedBy())));
            assertDenied("a user without the ManagedBy tag", () -> iam.createUser(b -> b.userName(outside)
                    .path(userPath()).permissionsBoundary(guardrail)));
            assertThrows(NoSuchEntityException.class, () -> harness.getUser(b -> b.userName(outside)));
        }
    }

    @Test
    void assignAccessChangesOnlyManagedUsersAndOnlyTheProfilesGroups() {
        Hire hire = HIRES.get("developer");
        String outsiders = "matrix-outsiders-" + Requests.userName("g").hashCode();
        harness.createGroup(b -> b.groupName(outsiders));
        String untagged = createdByHand(Requests.userName("matrix-untagged"), userPath());
        try (EmulatorClients role = asRole("AssignAccessFunction")) {
            IamClient iam = role.iam();
            assertDenied("a group outside the profiles", () -> iam.addUserToGroup(b -> b.userName(hire.userName()).groupName(outsiders)));
            // IAM authorises AddUserToGroup on the group alone (the Service Authorization Reference
            // lists no user resource for it), so no policy can keep the role to managed users: the
            // step's own check (user/OnboardedUsers) does, before it adds anyone. The README lists this.
            assertAllowed("IAM cannot refuse adding a user without ManagedBy to a profile group",
                    () -> iam.addUserToGroup(b -> b.userName(untagged).groupName("iam-onboarding-developers")));
            harness.removeUserFromGroup(b -> b.userName(untagged).groupName("iam-onboarding-developers"));
            assertDenied("a policy ARN outside AllowedDirectPolicyArns", () -> iam.attachUserPolicy(b -> b.userName(hire.userName())
                    .policyArn("arn:aws:iam::aws:policy/AdministratorAccess")));
            // The control: the same role may do its job on the hire.
            assertAllowed("the hire's own profile group", () -> iam.addUserToGroup(b -> b.userName(hire.userName())
                    .groupName("iam-onboarding-developers")));
        } finally {
            harness.deleteGroup(b -> b.groupName(outsiders));
        }
    }

    @Test
    void aProfileGroupGrantsNothingToAMemberThisSystemDidNotOnboard() {
        Hire administrator = HIRES.get("administrator");
        String outside = createdByHand(Requests.userName("matrix-joiner"), "/");
        String untagged = createdByHand(Requests.userName("matrix-joiner"), userPath());
        try (EmulatorClients role = asRole("AssignAccessFunction")) {
            for (String userName : List.of(outside, untagged)) {
                // What a stolen AssignAccess credential could do: IAM lets it (see above).
                assertAllowed("AssignAccess adds " + userName + " to the administrators",
                        () -> role.iam().addUserToGroup(b -> b.userName(userName).groupName("iam-onboarding-administrators")));
                String arn = harness.getUser(b -> b.userName(userName)).user().arn();
                try (EmulatorClients joiner = stack.clientsAs(Caller.user(arn).withMfa())) {
                    assertDenied(userName + " in the administrators group reads a hire",
                            () -> joiner.iam().getUser(b -> b.userName(administrator.userName())));
                } finally {
                    harness.removeUserFromGroup(b -> b.userName(userName).groupName("iam-onboarding-administrators"));
                }
            }
        }
        // The control: the group's onboarded hire may.
        try (EmulatorClients hire = stack.clientsAs(Caller.user(administrator.userArn()).withMfa())) {
            assertAllowed("the administrator hire reads a user", () -> hire.iam().getUser(b -> b.userName(HIRES.get("developer").userName())));
        }
    }

    @Test
    void offboardingRolesDoNotReachUsersOutsideThePathOrUntagged() {
        String outside = createdByHand(Requests.userName("matrix-colleague"), "/");
        String untagged = createdByHand(Requests.userName("matrix-untagged"), userPath());
        for (String function : List.of("DisableAccessFunction", "DeleteIdentityFunction")) {
            try (EmulatorClients role = asRole(function)) {
                assertDenied(function + " tags a user outside UserPath", () -> role.iam().tagUser(b -> b.userName(outside)
                        .tags(t -> t.key("OffboardedAt").value("now"))));
                assertDenied(function + " tags an untagged user", () -> role.iam().tagUser(b -> b.userName(untagged)
                        .tags(t -> t.key("OffboardedAt").value("now"))));
            }
        }
        try (EmulatorClients role = asRole("DeleteIdentityFunction")) {
            assertDenied("DeleteIdentity deletes a user outside UserPath", () -> role.iam().deleteUser(b -> b.userName(outside)));
            assertDenied("DeleteIdentity deletes an untagged user", () -> role.iam().deleteUser(b -> b.userName(untagged)));
        }
        harness.getUser(b -> b.userName(outside));
        harness.getUser(b -> b.userName(untagged));
    }

    @Test
    void credentialStepsKeepToTheirOwnSecretsAndObjects() {
        String otherProject = "other-project/database-" + Requests.userName("s").hashCode();
        String otherArn = SharedStack.secrets().createSecret(b -> b.name(otherProject).secretString("not ours")).arn();
        try (EmulatorClients keys = asRole("CreateAccessKeyFunction"); EmulatorClients mfa = asRole("EnrollMfaFunction")) {
            assertDenied("CreateAccessKey writes another project's secret",
                    () -> keys.secretsManager().putSecretValue(b -> b.secretId(otherArn).secretString("overwritten")));
            assertDenied("CreateAccessKey changes another project's secret policy",
                    () -> keys.secretsManager().putResourcePolicy(b -> b.secretId(otherArn).resourcePolicy("{}")));
            String bucket = HIRES.get("developer").qrBucket();
            assertDenied("EnrollMfa writes outside mfa/", () -> mfa.s3().putObject(b -> b.bucket(bucket).key("elsewhere/x.png")
                    .serverSideEncryption("aws:kms"), RequestBody.fromString("x")));
            assertDenied("EnrollMfa reads a QR code", () -> mfa.s3().getObjectAsBytes(b -> b.bucket(bucket)
                    .key(HIRES.get("developer").qrKey())));
        } finally {
            SharedStack.secrets().deleteSecret(b -> b.secretId(otherArn).forceDeleteWithoutRecovery(true));
        }
    }

    @Test
    void aStepLeasesOnlyItsOwnStep() {
        String table = stack.resources().get("StepLeaseTable").orElseThrow().ref();
        try (EmulatorClients role = asRole("CreateLoginProfileFunction")) {
            assertDenied("CreateLoginProfile takes EnrollMfa's lease", () -> role.dynamoDb().putItem(b -> b.tableName(table)
                    .item(Map.of("leaseId", AttributeValue.fromS("ob-matrix#EnrollMfa")))));
            assertAllowed("CreateLoginProfile takes its own lease", () -> role.dynamoDb().putItem(b -> b.tableName(table)
                    .item(Map.of("leaseId", AttributeValue.fromS("ob-matrix#CreateLoginProfile")))));
            assertAllowed("CreateLoginProfile releases its own lease", () -> role.dynamoDb().deleteItem(b -> b.tableName(table)
                    .key(Map.of("leaseId", AttributeValue.fromS("ob-matrix#CreateLoginProfile")))));
        }
    }

    @Test
    void theInvitationTableIsTheEnrolmentFunctionsAloneAndThePageFunctionMayDoNothing() {
        String invitations = stack.resources().get("InvitationTable").orElseThrow().ref();
        String status = stack.resources().get("StatusTable").orElseThrow().ref();
        Map<String, AttributeValue> key = Map.of("tokenHash", AttributeValue.fromS("0".repeat(64)));
        try (EmulatorClients start = asRole("EnrolmentStartFunction"); EmulatorClients page = asRole("EnrolmentPageFunction")) {
            assertAllowed("EnrolmentStart reads an invitation", () -> start.dynamoDb().getItem(b -> b.tableName(invitations).key(key)));
            assertDenied("EnrolmentStart writes a new invitation", () -> start.dynamoDb().putItem(b -> b.tableName(invitations)
                    .item(Map.of("tokenHash", AttributeValue.fromS("f".repeat(64))))));
            assertDenied("EnrolmentStart scans the invitations", () -> start.dynamoDb().scan(b -> b.tableName(invitations)));
            assertDenied("EnrolmentStart reads the status table", () -> start.dynamoDb().getItem(b -> b.tableName(status)
                    .key(Map.of("id", AttributeValue.fromS("onb-x")))));
            assertDenied("EnrolmentStart enables an MFA device", () -> start.iam().enableMFADevice(b -> b.userName(HIRES.get("developer")
                    .userName()).serialNumber("arn:aws:iam::123456789012:mfa/x").authenticationCode1("123456").authenticationCode2("654321")));
            assertDenied("EnrolmentPage reads an invitation", () -> page.dynamoDb().getItem(b -> b.tableName(invitations).key(key)));
        }
        for (Hire hire : HIRES.values()) {
            try (EmulatorClients withMfa = stack.clientsAs(Caller.user(hire.userArn()).withMfa())) {
                assertDenied(hire.profile() + " hire reads the invitations", () -> withMfa.dynamoDb().scan(b -> b.tableName(invitations)));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The hires

    @Test
    void everyHireReadsTheirOwnAccessKeyOnlyWithMfa() throws Exception {
        for (Hire hire : HIRES.values()) {
            Caller caller = Caller.user(hire.userArn());
            try (EmulatorClients withMfa = stack.clientsAs(caller.withMfa()); EmulatorClients withoutMfa = stack.clientsAs(caller)) {
                int before = decisions().size();
                String value = assertAllowed(hire.profile() + " hire reads their access key with MFA",
                        () -> withMfa.secretsManager().getSecretValue(b -> b.secretId(hire.accessKeySecretArn())).secretString());
                assertEquals(harness.listAccessKeys(b -> b.userName(hire.userName())).accessKeyMetadata().get(0).accessKeyId(),
                        Json.MAPPER.readTree(value).path("AccessKeyId").asText());
                assertAllowedThrough(before, hire, "secretsmanager:GetSecretValue", "HireReadsOnlyWithMfa");
                assertAllowedThrough(before, hire, "kms:Decrypt", "OnboardedUsersDecryptTheirAccessKeySecret");

                assertDenied(hire.profile() + " hire reads their access key without MFA",
                        () -> withoutMfa.secretsManager().getSecretValue(b -> b.secretId(hire.accessKeySecretArn())));
                assertDenied(hire.profile() + " hire reads their console password",
                        () -> withMfa.secretsManager().getSecretValue(b -> b.secretId(hire.passwordSecretArn())));
                Hire other = HIRES.values().stream().filter(h -> h != hire).findFirst().orElseThrow();
                assertDenied(hire.profile() + " hire reads " + other.profile() + " hire's access key",
                        () -> withMfa.secretsManager().getSecretValue(b -> b.secretId(other.accessKeySecretArn())));
                assertDenied(hire.profile() + " hire reads " + other.profile() + " hire's console password",
                        () -> withMfa.secretsManager().getSecretValue(b -> b.secretId(other.passwordSecretArn())));
            }
        }
    }

    @Test
    void noHireReachesTheProvisioningSystem() {
        String createUser = stack.intrinsics().functionArn("CreateUserFunction");
        String bucket = HIRES.get("developer").qrBucket();
        for (Hire hire : HIRES.values()) {
            try (EmulatorClients as = stack.clientsAs(Caller.user(hire.userArn()).withMfa());
                 LambdaClient lambda = lambdaAs(Caller.user(hire.userArn()).withMfa())) {
                assertDenied(hire.profile() + " hire invokes a step function", () -> lambda.invoke(b -> b.functionName(createUser)
                        .payload(SdkBytes.fromUtf8String("{}"))));
                assertDenied(hire.profile() + " hire starts the onboarding state machine", () -> as.sfn().startExecution(b -> b
                        .stateMachineArn(stack.stateMachineArns().get("OnboardingStateMachine")).input("{}")));
                assertDenied(hire.profile() + " hire changes their secret's policy", () -> as.secretsManager().putResourcePolicy(b -> b
                        .secretId(hire.accessKeySecretArn()).resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")));
                assertDenied(hire.profile() + " hire removes their secret's policy", () -> as.secretsManager().deleteResourcePolicy(b -> b
                        .secretId(hire.accessKeySecretArn())));
                assertDenied(hire.profile() + " hire changes the QR bucket's policy", () -> as.s3().putBucketPolicy(b -> b.bucket(bucket)
                        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")));
                assertDenied(hire.profile() + " hire reads their QR code", () -> as.s3().getObjectAsBytes(b -> b.bucket(bucket)
                        .key(hire.qrKey())));
            }
        }
    }

    /**
     * A file under batches/ onboards whoever it lists: no hire, whatever their profile, may write one,
     * start the batch workflow or read a batch's sealed rows; and no batch function may write where a
     * file would start a batch, so a report can never become a batch.
     */
    @Test
    void onlyTheIntakeStartsABatchAndNoBatchFunctionWritesToIt() {
        String intake = stack.resources().get("IntakeBucket").orElseThrow().ref();
        String batchMachine = stack.stateMachineArns().get("BatchStateMachine");
        for (Hire hire : HIRES.values()) {
            try (EmulatorClients as = stack.clientsAs(Caller.user(hire.userArn()).withMfa())) {
                assertDenied(hire.profile() + " hire drops a file under batches/", () -> as.s3().putObject(b -> b.bucket(intake)
                        .key("batches/matrix.csv"), software.amazon.awssdk.core.sync.RequestBody.fromString("userName\n")));
                assertDenied(hire.profile() + " hire starts the batch state machine", () -> as.sfn().startExecution(b -> b
                        .stateMachineArn(batchMachine).input("{}")));
                assertDenied(hire.profile() + " hire lists a batch's sealed rows", () -> as.s3().listObjectsV2(b -> b.bucket(intake)
                        .prefix("work/")));
            }
        }
        for (String function : List.of("PlanBatchFunction", "WriteBatchReportFunction")) {
            try (EmulatorClients role = asRole(function)) {
                assertDenied(function + " writes under batches/", () -> role.s3().putObject(b -> b.bucket(intake)
                        .key("batches/from-" + function + ".csv"), software.amazon.awssdk.core.sync.RequestBody.fromString("userName\n")));
            }
        }
        try (EmulatorClients report = asRole("WriteBatchReportFunction"); EmulatorClients plan = asRole("PlanBatchFunction")) {
            assertAllowed("WriteBatchReport writes a report", () -> report.s3().putObject(b -> b.bucket(intake)
                    .key("reports/bat-matrix/report.csv"), software.amazon.awssdk.core.sync.RequestBody.fromString("row\n")));
            assertDenied("WriteBatchReport writes a batch's rows", () -> report.s3().putObject(b -> b.bucket(intake)
                    .key("work/bat-matrix/rows.json"), software.amazon.awssdk.core.sync.RequestBody.fromString("[]")));
            assertDenied("PlanBatch writes a report", () -> plan.s3().putObject(b -> b.bucket(intake)
                    .key("reports/bat-matrix/report.json"), software.amazon.awssdk.core.sync.RequestBody.fromString("{}")));
        }
    }

    /** API Gateway authorises AWS_IAM callers itself (the local API does not): asked of the evaluator directly. */
    @Test
    void noHireCallsTheProvisioningApi() {
        String route = stack.intrinsics().resolveString(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OnboardingApi}/v1/POST/onboardings"));
        Authorizer authorizer = stack.authorizer().orElseThrow();
        for (Hire hire : HIRES.values()) {
            Decision decision = authorizer.ask(stack.principals().user(hire.userName()).withMfa(), "execute-api:Invoke", route, Map.of());
            assertEquals(Decision.Result.EXPLICITLY_DENIED, decision.result(), hire.profile() + ": " + decision);
            assertTrue(decision.decidingStatements().stream().anyMatch(st -> st.policyType() == DecidingStatement.PolicyType.PERMISSIONS_BOUNDARY
                    && st.sid().filter("DenyTheProvisioningApi"::equals).isPresent()), hire.profile() + ": " + decision);
        }
        // The control: an administrator this system did not create may call it (grant execute-api:Invoke like IAM administration).
        assertTrue(authorizer.ask(stack.principals().parse("administrator"), "execute-api:Invoke", route, Map.of()).allowed());
    }

    // ---------------------------------------------------------------------------------------------
    // Colleagues this system did not create, and the operators

    @Test
    void administratorsAndPowerUsersDoNotReadHiresSecretsOrQrCodes() {
        Hire hire = HIRES.get("developer");
        for (String managed : List.of("AdministratorAccess", "PowerUserAccess")) {
            String colleague = createdByHand(Requests.userName("matrix-" + managed.toLowerCase()), "/");
            harness.attachUserPolicy(b -> b.userName(colleague).policyArn("arn:aws:iam::aws:policy/" + managed));
            String arn = harness.getUser(b -> b.userName(colleague)).user().arn();
            try (EmulatorClients as = stack.clientsAs(Caller.user(arn).withMfa())) {
                assertDenied(managed + " reads a hire's access key",
                        () -> as.secretsManager().getSecretValue(b -> b.secretId(hire.accessKeySecretArn())));
                assertDenied(managed + " reads a hire's console password",
                        () -> as.secretsManager().getSecretValue(b -> b.secretId(hire.passwordSecretArn())));
                assertDenied(managed + " reads a QR code", () -> as.s3().getObjectAsBytes(b -> b.bucket(hire.qrBucket()).key(hire.qrKey())));
                // The control: their policy does let them read other things.
                assertAllowed(managed + " lists secrets", () -> as.secretsManager().listSecrets(b -> b.maxResults(1)));
            }
        }
    }

    @Test
    void theOperatorsRoleHandsOverEveryCredential() {
        Hire hire = HIRES.get("developer");
        try (EmulatorClients operators = stack.clientsAs(Caller.roleSession(OperatorsRole.ARN, "handover").withMfa())) {
            assertNotNull(assertAllowed("operators read the access key",
                    () -> operators.secretsManager().getSecretValue(b -> b.secretId(hire.accessKeySecretArn())).secretString()));
            assertNotNull(assertAllowed("operators read the console password",
                    () -> operators.secretsManager().getSecretValue(b -> b.secretId(hire.passwordSecretArn())).secretString()));
            assertTrue(assertAllowed("operators read the QR code",
                    () -> operators.s3().getObjectAsBytes(b -> b.bucket(hire.qrBucket()).key(hire.qrKey())).asByteArray()).length > 0);
            assertDenied("operators change a secret's policy", () -> operators.secretsManager().deleteResourcePolicy(b -> b
                    .secretId(hire.accessKeySecretArn())));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static EmulatorClients asRole(String logicalId) {
        return stack.clientsAs(stack.principals().stackRole(logicalId).caller());
    }

    private static LambdaClient lambdaAs(Caller caller) {
        String key = stack.authorizer().orElseThrow().principals().actAs(caller);
        return LambdaClient.builder().endpointOverride(stack.lambdaEndpoint().url())
                .region(Region.of(com.iamonboarding.local.template.PseudoParameters.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "unchecked-local-secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String createdByHand(String userName, String path) {
        harness.createUser(b -> b.userName(userName).path(path));
        CREATED_BY_HAND.add(userName);
        return userName;
    }

    private static software.amazon.awssdk.services.iam.model.Tag managedBy() {
        return software.amazon.awssdk.services.iam.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build();
    }

    private static String userPath() {
        return stack.intrinsics().parameterValues().get("UserPath");
    }

    private static String guardrailArn() {
        return stack.functions().registry().all().iterator().next().environment().get("HIRE_BOUNDARY_ARN");
    }

    private static List<Authorizer.Evaluated> decisions() {
        return stack.authorizer().orElseThrow().decisions();
    }

    /** The authorisation {@code action} of the hire since {@code from} was allowed by the resource policy statement {@code sid}. */
    private static void assertAllowedThrough(int from, Hire hire, String action, String sid) {
        List<Authorizer.Evaluated> since = decisions();
        Authorizer.Evaluated evaluated = since.subList(Math.min(from, since.size()), since.size()).stream()
                .filter(e -> e.caller().arn().equals(hire.userArn()) && e.authorization().action().equals(action))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError(hire.profile() + ": no " + action + " was evaluated"));
        assertTrue(evaluated.decision().allowed(), evaluated.decision().toString());
        assertTrue(evaluated.decision().decidingStatements().stream().anyMatch(s -> s.kind() == DecidingStatement.Kind.ALLOW
                        && s.policyType() == DecidingStatement.PolicyType.RESOURCE && s.sid().filter(sid::equals).isPresent()),
                hire.profile() + ": " + action + " was not allowed by " + sid + ": " + evaluated.decision());
        assertTrue(evaluated.decision().blockedBy().isEmpty(), evaluated.decision().toString());
    }

    /** Refused by IAM, in the service's own wire format: 403 AccessDenied, or AccessDeniedException (400 for the JSON services). */
    private static void assertDenied(String row, Executable call) {
        AwsServiceException denied = assertThrows(AwsServiceException.class, call, row + ": expected AccessDenied");
        String code = denied.awsErrorDetails().errorCode();
        assertTrue(code.equals("AccessDenied") || code.equals("AccessDeniedException"), row + ": " + code);
        assertTrue(denied.statusCode() == 403 || denied.statusCode() == 400, row + ": " + denied.getMessage());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("is not authorized to perform"), row + ": " + denied.getMessage());
        // A request the local stack cannot map is refused too, but that proves nothing about the policies.
        assertFalse(denied.awsErrorDetails().errorMessage().contains("cannot authorise"), row + ": " + denied.getMessage());
    }

    private static <T> T assertAllowed(String row, java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (AwsServiceException e) {
            return fail(row + ": expected to be allowed, got " + e.awsErrorDetails().errorCode() + ": " + e.getMessage());
        } catch (Exception e) {
            return fail(row + ": " + e);
        }
    }
}
