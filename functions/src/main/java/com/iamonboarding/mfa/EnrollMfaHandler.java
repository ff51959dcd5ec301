package com.iamonboarding.mfa;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.MfaResult;
import com.iamonboarding.model.OnboardingState;
import java.time.Clock;

/** EnrollMfa step: OnboardingState in, the device serial and the QR code's S3 location out. */
public class EnrollMfaHandler extends JsonHandler<OnboardingState, MfaResult> {

    private final MfaEnrollmentService service;

    public EnrollMfaHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnrollMfaHandler(FunctionEnvironment env) {
        this(new MfaEnrollmentService(AwsClients.iam(env), AwsClients.s3(env), new QrCodeRenderer(),
                Clock.systemUTC(), env.require("QR_BUCKET"), env.require("KMS_KEY_ID"), env.require("ACCOUNT_ALIAS")));
    }

    public EnrollMfaHandler(MfaEnrollmentService service) {
        super(OnboardingState.class);
        this.service = service;
    }

    @Override
    public MfaResult handle(OnboardingState state, Context context) {
        if (state == null || isBlank(state.onboardingId) || isBlank(state.userName())) {
            throw new PermanentStepException("EnrollMfa needs onboardingId and request.userName in its input");
        }
        return service.enroll(state.onboardingId, state.userName());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
