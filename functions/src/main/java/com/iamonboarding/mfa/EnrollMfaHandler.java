package com.iamonboarding.mfa;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.lease.StepLease;
import com.iamonboarding.model.MfaResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
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
        this(env, AwsClients.iam(env));
    }

    private EnrollMfaHandler(FunctionEnvironment env, IamClient iam) {
        this(new MfaEnrollmentService(iam, AwsClients.s3(env), new QrCodeRenderer(),
                Clock.systemUTC(), env.require("QR_BUCKET"), env.require("KMS_KEY_ID"), env.require("ACCOUNT_ALIAS"),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH))),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)), StepLease.fromEnvironment(env, AwsClients.dynamoDb(env)));
    }

    public EnrollMfaHandler(MfaEnrollmentService service, InputSeal seal, StepLease lease) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, seal);
        this.service = service;
        this.lease = lease;
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
