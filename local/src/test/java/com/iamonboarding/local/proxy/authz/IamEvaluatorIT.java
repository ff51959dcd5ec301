package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.template.RepoRoot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Node.js evaluator (local/iam-evaluator), asked about requests the mapping makes of real
 * SDK calls. It must be installed ({@code npm ci --prefix local/iam-evaluator}): without it this
 * test fails, with that message, in {@link #start()}.
 */
class IamEvaluatorIT extends MappingTestSupport {

    private static final String HIRE = "arn:aws:iam::123456789012:user/staff/jane.doe";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final NamedPolicy ALLOW_ALL = policy("AllowAll", """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
    private static final NamedPolicy S3_ONLY = policy("S3Only", """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""");

    private static IamEvaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = IamEvaluator.start();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void anIdentityPolicyAllowsAndNamesTheStatement() {
        NamedPolicy createUser = policy("CreateUserRole/CreateUser", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "CreateManagedUsers", "Effect": "Allow",
                  "Action": ["iam:CreateUser", "iam:TagUser"], "Resource": "arn:aws:iam::123456789012:user/staff/*",
                  "Condition": {"StringEquals": {"aws:RequestTag/ManagedBy": "iam-onboarding"}}}]}""");

        Decision decision = decide(map(SampleCalls.CREATE_USER).get(0), List.of(createUser), List.of(), Optional.empty());

        assertEquals(Decision.Result.ALLOWED, decision.result());
        assertEquals(List.of(new DecidingStatement(DecidingStatement.PolicyType.IDENTITY, DecidingStatement.Kind.ALLOW,
                Optional.of("CreateUserRole/CreateUser"), Optional.of("CreateManagedUsers"), OptionalInt.of(1))),
                decision.decidingStatements());
    }

    @Test
    void anExplicitDenyWins() {
        NamedPolicy denyDelete = policy("NoDeleteUser", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "KeepUsers", "Effect": "Deny", "Action": "iam:DeleteUser",
                  "Resource": "*"}]}""");

        Decision decision = decide(single(SampleCalls.DELETE_USER), List.of(ALLOW_ALL, denyDelete), List.of(), Optional.empty());

        assertEquals(Decision.Result.EXPLICITLY_DENIED, decision.result());
        assertEquals(Optional.of("KeepUsers"), decision.decidingStatements().get(0).sid());
    }

    @Test
    void aPermissionsBoundaryCapsAnIdentityAllow() {
        Decision decision = decide(single(SampleCalls.DELETE_USER), List.of(ALLOW_ALL), List.of(S3_ONLY), Optional.empty());

        assertEquals(Decision.Result.IMPLICITLY_DENIED, decision.result());
        assertEquals(List.of(DecidingStatement.PolicyType.PERMISSIONS_BOUNDARY), decision.blockedBy());
    }

    @Test
    void aKeyPolicyStatementForAnyPrincipalIsCappedByABoundaryWithoutDecrypt() {
        NamedPolicy keyPolicy = policy("key policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "FunctionRoleViaSecretsManager", "Effect": "Allow",
                  "Principal": "*", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*",
                  "Condition": {"ArnEquals": {"aws:PrincipalArn": "%s"},
                                "StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"},
                                "StringLike": {"kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/*"}}}]}"""
                .formatted(ROLE));
        Authorization decrypt = map(SampleCalls.GET_SECRET_VALUE).get(1);
        assertAuthorization("kms:Decrypt", KEY, decrypt);

        Decision capped = decide(decrypt, List.of(), List.of(S3_ONLY), Optional.of(keyPolicy));
        Decision uncapped = decide(decrypt, List.of(), List.of(ALLOW_ALL), Optional.of(keyPolicy));

        assertEquals(Decision.Result.IMPLICITLY_DENIED, capped.result(), capped::toString);
        assertEquals(Decision.Result.ALLOWED, uncapped.result(), uncapped::toString);
        assertEquals(Optional.of("FunctionRoleViaSecretsManager"), uncapped.decidingStatements().get(0).sid());
    }

    @Test
    void aSecretPolicyNamingTheHireAllowsWithMfaAndDeniesWithoutIt() {
        NamedPolicy secretPolicy = policy("secret policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "HireWithMfa", "Effect": "Allow", "Principal": {"AWS": "%s"},
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                  {"Sid": "NoReadWithoutMfa", "Effect": "Deny", "Principal": "*",
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}""".formatted(HIRE));

        Decision withMfa = decide(map(SampleCalls.GET_SECRET_VALUE, Caller.user(HIRE).withMfa()).get(0),
                List.of(), List.of(), Optional.of(secretPolicy));
        Decision withoutMfa = decide(map(SampleCalls.GET_SECRET_VALUE, Caller.user(HIRE)).get(0),
                List.of(), List.of(), Optional.of(secretPolicy));

        assertEquals(Decision.Result.ALLOWED, withMfa.result(), withMfa::toString);
        assertEquals(Decision.Result.EXPLICITLY_DENIED, withoutMfa.result(), withoutMfa::toString);
        assertEquals(Optional.of("NoReadWithoutMfa"), withoutMfa.decidingStatements().get(0).sid());
        assertEquals(Optional.of("secret policy"), withoutMfa.decidingStatements().get(0).policy());
    }

    @Test
    void aResourcePolicyNamingAnIamUserIsNotCappedByItsBoundary() {
        NamedPolicy secretPolicy = policy("secret policy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
                  "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}""".formatted(HIRE));

        Decision decision = decide(map(SampleCalls.GET_SECRET_VALUE, Caller.user(HIRE)).get(0),
                List.of(), List.of(S3_ONLY), Optional.of(secretPolicy));

        assertEquals(Decision.Result.ALLOWED, decision.result(), decision::toString);
    }

    @Test
    void theUserNameVariableResolvesInTheResource() {
        NamedPolicy ownMfa = policy("OwnMfaDevices", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListMFADevices",
                  "Resource": "arn:aws:iam::*:user/staff/${aws:username}"}]}""");
        Authorization own = map(SampleCalls.LIST_MFA_DEVICES, Caller.user(HIRE)).get(0);
        Authorization other = map(SampleCalls.LIST_MFA_DEVICES, Caller.user("arn:aws:iam::123456789012:user/staff/john.roe")).get(0);

        assertEquals(Decision.Result.ALLOWED, decide(own, List.of(ownMfa), List.of(), Optional.empty()).result());
        assertEquals(Decision.Result.IMPLICITLY_DENIED, decide(other, List.of(ownMfa), List.of(), Optional.empty()).result());
    }

    @Test
    void forAllValuesLimitsTheTagKeysOfARequest() {
        NamedPolicy onlyOurTags = policy("OnlyOurTags", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:TagUser", "Resource": "*",
                  "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["ManagedBy", "OnboardingId"]}}}]}""");
        Authorization ourTags = map(SampleCalls.CREATE_USER).get(1);
        Authorization otherTag = single(SampleCalls.TAG_USER);
        assertAuthorization("iam:TagUser", HIRE, ourTags);

        assertEquals(Decision.Result.ALLOWED, decide(ourTags, List.of(onlyOurTags), List.of(), Optional.empty()).result());
        assertEquals(Decision.Result.IMPLICITLY_DENIED, decide(otherTag, List.of(onlyOurTags), List.of(), Optional.empty()).result());
    }

    /**
     * iam-simulate checks each request against iam-data (the Service Authorization Reference): the
     * action exists, the ARN is one of its resource types, and every context key applies to it.
     * KMS honours identity policies only when the key policy lets the account's IAM decide.
     */
    @Test
    void everyMappedSampleCallIsAValidRequestWhoseContextKeysAllApply() {
        NamedPolicy defaultKeyPolicy = policy("default key policy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}""");
        List<String> problems = new ArrayList<>();
        for (SampleCalls.SampleCall call : SampleCalls.all()) {
            for (Authorization authorization : map(call)) {
                Optional<NamedPolicy> keyPolicy = authorization.action().startsWith("kms:") ? Optional.of(defaultKeyPolicy)
                        : Optional.empty();
                try {
                    Decision decision = decide(authorization, List.of(ALLOW_ALL), List.of(), keyPolicy);
                    if (!decision.allowed() || !decision.ignoredContextKeys().isEmpty()) {
                        problems.add(call + " / " + authorization + ": " + decision + " ignoring " + decision.ignoredContextKeys());
                    }
                } catch (IamEvaluatorException e) {
                    problems.add(call + " / " + authorization + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMalformedRequestIsRefusedAndTheEvaluatorGoesOn() {
        Authorization wrongArn = new Authorization(FUNCTION_SESSION, "iam:ListVirtualMFADevices",
                "arn:aws:iam::123456789012:user/staff/jane.doe", Map.of());

        IamEvaluatorException refused = assertThrows(IamEvaluatorException.class,
                () -> decide(wrongArn, List.of(ALLOW_ALL), List.of(), Optional.empty()));

        assertTrue(refused.getMessage().contains("must.use.wildcard"), refused.getMessage());
        assertEquals(Decision.Result.ALLOWED, decide(single(SampleCalls.GET_USER), List.of(ALLOW_ALL), List.of(), Optional.empty()).result());
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        Authorization allowed = single(SampleCalls.GET_USER);
        Authorization capped = single(SampleCalls.DELETE_USER);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Decision.Result>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Authorization authorization = i % 2 == 0 ? allowed : capped;
                answers.add(callers.submit(() -> decide(authorization, List.of(ALLOW_ALL), List.of(policy("OnlyGets", """
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]}""")),
                        Optional.empty()).result()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i % 2 == 0 ? Decision.Result.ALLOWED : Decision.Result.IMPLICITLY_DENIED,
                        answers.get(i).get(30, TimeUnit.SECONDS), "answer " + i);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aClosedEvaluatorAnswersNoMore() {
        IamEvaluator closed = IamEvaluator.start(RepoRoot.find(), Duration.ofSeconds(5));
        closed.close();

        assertThrows(IamEvaluatorException.class, () -> closed.evaluate(AuthorizationRequest.of(single(SampleCalls.GET_USER),
                List.of(ALLOW_ALL), List.of(), Optional.empty())));
    }

    private static Decision decide(Authorization authorization, List<NamedPolicy> identity, List<NamedPolicy> boundaries,
                                   Optional<NamedPolicy> resourcePolicy) {
        return evaluator.evaluate(AuthorizationRequest.of(authorization, identity, boundaries, resourcePolicy));
    }

    private static NamedPolicy policy(String name, String json) {
        return NamedPolicy.parse(name, json);
    }
}
