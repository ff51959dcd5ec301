package com.iamonboarding.local.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.mfa.Totp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The fault-injecting side of the local Lambda endpoint, seen by SDK clients built exactly as the
 * functions build theirs (AwsClients: SDK retries off, 5 s attempt timeout): each fault reaches the
 * SDK as the error a real service would give, AwsErrors calls it transient, and the faults that
 * stand for an applied request really are applied. Strict mode refuses deletions as IAM does.
 */
class FaultInjectionIT {

    private static final FunctionEnvironment ENV = new FunctionEnvironment(Map.of("AWS_REGION", PseudoParameters.REGION));

    private static FaultInjection faults;
    private static IamClient iam;
    private static S3Client s3;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void clients() {
        faults = SharedStack.get().lambdaEndpoint().faults();
        iam = AwsClients.iam(ENV);
        s3 = AwsClients.s3(ENV);
        secrets = AwsClients.secretsManager(ENV);
    }

    @AfterAll
    static void close() {
        iam.close();
        s3.close();
        secrets.close();
    }

    @AfterEach
    void clear() {
        faults.clear();
        faults.strictDeleteConflicts(false);
    }

    @Test
    void throttlingIsEachServicesOwnThrottlingErrorAndTransient() {
        String user = name();
        // The functions' clients send a throttled call five times before they give up (AwsClients).
        faults.inject("CreateUser", user, 5, Fault.throttling());
        faults.inject("PutObject", "fault-it/" + user, 5, Fault.throttling());
        faults.inject("CreateSecret", "fault-it/" + user + "/x", 5, Fault.throttling());

        assertServiceError("Throttling", 400, () -> iam.createUser(b -> b.userName(user)));
        assertServiceError("SlowDown", 503, () -> s3.putObject(b -> b.bucket(Leftovers.qrBucket()).key("fault-it/" + user + "/a.png"),
                RequestBody.fromBytes(new byte[] {1})));
        assertServiceError("ThrottlingException", 400, () -> secrets.createSecret(b -> b.name("fault-it/" + user + "/x")
                .secretString("v")));

        iam.createUser(b -> b.userName(user));
        iam.deleteUser(b -> b.userName(user));
    }

    @Test
    void aServerErrorIsNotAppliedAndTransient() {
        String user = name();
        FaultRule rule = faults.inject("CreateUser", user, 1, Fault.serverError());

        assertServiceError("ServiceFailure", 500, () -> iam.createUser(b -> b.userName(user)));

        assertEquals(1, rule.hits());
        assertThrows(NoSuchEntityException.class, () -> SharedStack.iam().getUser(b -> b.userName(user)));
    }

    @Test
    void noSuchEntityIsIamsOwnNotFoundError() {
        String user = name();
        iam.createUser(b -> b.userName(user));
        faults.inject("AddUserToGroup", user, 1, Fault.noSuchEntity());

        NoSuchEntityException error = assertThrows(NoSuchEntityException.class,
                () -> iam.addUserToGroup(b -> b.userName(user).groupName("iam-onboarding-developers")));
        assertEquals(404, error.statusCode());
        iam.deleteUser(b -> b.userName(user));
    }

    @Test
    void aDroppedConnectionIsAClientErrorAndTheRequestIsNotApplied() {
        String user = name();
        FaultRule rule = faults.inject("CreateUser", user, 1, Fault.droppedConnection());

        SdkException error = assertThrows(SdkException.class, () -> iam.createUser(b -> b.userName(user)));

        assertInstanceOf(SdkClientException.class, error);
        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error));
        assertEquals(1, rule.hits(), "the HTTP client did not quietly send the request again");
        assertThrows(NoSuchEntityException.class, () -> SharedStack.iam().getUser(b -> b.userName(user)));
    }

    @Test
    void aSlowResponseTimesTheCallOutAfterTheRequestWasApplied() {
        String user = name();
        faults.inject("CreateUser", user, 1, Fault.slowResponse());

        // Had the answer come in time, the call would have succeeded: the SDK gave up first.
        SdkException error = assertThrows(SdkException.class, () -> iam.createUser(b -> b.userName(user)));

        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("iam:CreateUser", error));
        SharedStack.iam().getUser(b -> b.userName(user));
        SharedStack.iam().deleteUser(b -> b.userName(user));
    }

    @Test
    void failAfterApplyLosesTheAnswerOfAnAppliedRequest() {
        String user = name();
        faults.inject("CreateUser", user, 1, Fault.failAfterApply());
        faults.inject("CreateSecret", "fault-it/" + user + "/x", 1, Fault.failAfterApply());

        assertServiceError("ServiceFailure", 500, () -> iam.createUser(b -> b.userName(user)));
        assertServiceError("InternalFailure", 500, () -> secrets.createSecret(b -> b.name("fault-it/" + user + "/x")
                .secretString("v")));

        SharedStack.iam().getUser(b -> b.userName(user));
        SharedStack.secrets().describeSecret(b -> b.secretId("fault-it/" + user + "/x"));
        SharedStack.iam().deleteUser(b -> b.userName(user));
        SharedStack.secrets().deleteSecret(b -> b.secretId("fault-it/" + user + "/x").forceDeleteWithoutRecovery(true));
    }

    @Test
    void strictModeRefusesDeleteUserUntilEverythingIamListsIsGone() {
        faults.strictDeleteConflicts(true);
        String user = name();
        iam.createUser(b -> b.userName(user));
        iam.createLoginProfile(b -> b.userName(user).password("Aa1!" + UUID.randomUUID()));
        String keyId = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
        iam.addUserToGroup(b -> b.userName(user).groupName("iam-onboarding-developers"));
        VirtualMFADevice device = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(user)).virtualMFADevice();
        // The proxy checks the codes as IAM does (MfaCodeCheck): two consecutive ones from the device's seed.
        Totp totp = Totp.fromBase32(device.base32StringSeed().asUtf8String(), Totp.AWS_DIGITS);
        long now = Totp.counterAt(Instant.now());
        iam.enableMFADevice(b -> b.userName(user).serialNumber(device.serialNumber())
                .authenticationCode1(totp.code(now - 1)).authenticationCode2(totp.code(now)));

        assertConflict("login profile", () -> iam.deleteUser(b -> b.userName(user)));
        iam.deleteLoginProfile(b -> b.userName(user));
        assertConflict("access keys", () -> iam.deleteUser(b -> b.userName(user)));
        iam.deleteAccessKey(b -> b.userName(user).accessKeyId(keyId));
        assertConflict("MFA device", () -> iam.deleteUser(b -> b.userName(user)));
        assertConflict("in use", () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serialNumber())));
        iam.deactivateMFADevice(b -> b.userName(user).serialNumber(device.serialNumber()));
        iam.deleteVirtualMFADevice(b -> b.serialNumber(device.serialNumber()));
        assertConflict("group", () -> iam.deleteUser(b -> b.userName(user)));
        iam.removeUserFromGroup(b -> b.userName(user).groupName("iam-onboarding-developers"));

        iam.deleteUser(b -> b.userName(user));
        assertThrows(NoSuchEntityException.class, () -> iam.getUser(b -> b.userName(user)));
    }

    @Test
    void withoutStrictModeTheEmulatorDeletesAUserThatStillHasALoginProfile() {
        // The gap strict mode closes: this is what a rollback test without it could not notice.
        String user = name();
        iam.createUser(b -> b.userName(user));
        iam.createLoginProfile(b -> b.userName(user).password("Aa1!" + UUID.randomUUID()));

        iam.deleteUser(b -> b.userName(user));

        assertThrows(NoSuchEntityException.class, () -> iam.getUser(b -> b.userName(user)));
    }

    private static void assertServiceError(String code, int status, Runnable call) {
        AwsServiceException error = assertThrows(AwsServiceException.class, call::run);
        assertEquals(code, error.awsErrorDetails().errorCode());
        assertEquals(status, error.statusCode());
        assertInstanceOf(RetryableStepException.class, AwsErrors.classify("call", error));
    }

    private static void assertConflict(String about, Runnable call) {
        DeleteConflictException error = assertThrows(DeleteConflictException.class, call::run);
        assertEquals(409, error.statusCode());
        assertTrue(error.awsErrorDetails().errorMessage().contains(about), error.awsErrorDetails().errorMessage());
    }

    private static String name() {
        return "fault-it-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
