package com.iamonboarding.mfa;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.lease.StepLease;
import com.iamonboarding.model.MfaResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import java.time.Clock;

/**
 * EnrollMfa step: OnboardingState in, the device serial and the QR code's S3 location out. One
 * delivery at a time per onboarding ({@link StepLease}): an overlapping delivery would replace the
 * device the other is enabling, and the QR code stored last could hold the seed of neither.
 */
public class EnrollMfaHandler extends SealedStepHandler<OnboardingState, MfaResult> {

    static final String STEP = "EnrollMfa";

    private final MfaEnrollmentService service;
    private final StepLease lease;

    public EnrollMfaHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnrollMfaHandler(FunctionEnvironment env) {
        this(env, AwsClients.iam(env), AwsClients.dynamoDb(env));
    }

    private EnrollMfaHandler(FunctionEnvironment env, IamClient iam, DynamoDbClient dynamoDb) {
        this(new MfaEnrollmentService(iam, AwsClients.s3(env), new QrCodeRenderer(),
                Clock.systemUTC(), env.require("QR_BUCKET"), env.require("KMS_KEY_ID"), env.require("ACCOUNT_ALIAS"),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH))),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, dynamoDb, Log.forFunction("EnrollMfa")), StepLease.fromEnvironment(env, dynamoDb));
    }

    public EnrollMfaHandler(MfaEnrollmentService service, InputSeal seal, StatusTable status, StepLease lease) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "EnrollMfa", seal, status);
        this.service = service;
        this.lease = lease;
    }

    /** The QR code's first render loads ZXing and Java2D's PNG writer: before the snapshot, not in the first enrolment. */
    @Override
    protected void prime() {
        super.prime();
        new QrCodeRenderer().renderPng(OtpAuthUri.forAws("priming", "priming", "JBSWY3DPEHPK3PXP").value());
    }

    @Override
    protected MfaResult step(OnboardingState state, Context context) {
        if (isBlank(state.userName())) {
            throw new PermanentStepException("EnrollMfa needs request.userName in its input");
        }
        return lease.exclusively(state.onboardingId, STEP, context, () -> service.enroll(state.onboardingId, state.userName()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
