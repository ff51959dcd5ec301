package com.iamonboarding.notify;

import com.iamonboarding.model.OnboardingState;
import java.util.List;

/**
 * The {@code detail} of the OnboardingCompleted event: the non-secret facts a consumer needs to hand
 * the hire their access (where to sign in, which secrets and which QR object to deliver). It is built
 * only from the workflow state, which holds identifiers only. Absent facts (no console access, no
 * access key) are left out.
 */
public class OnboardingCompletedDetail {
    public String onboardingId;
    public String userName;
    public String userArn;
    public String signInUrl;
    public String accountAlias;
    public Boolean consoleAccess;
    public Boolean programmaticAccess;
    public String loginProfileSecretArn;
    public String accessKeySecretArn;
    public String accessKeyId;
    public String mfaSerialNumber;
    public String qrCodeBucket;
    public String qrCodeS3Key;
    public String accessProfile;
    public List<String> groups;
    /** SELF_SERVICE (the hire enrolled and chose their password; there is no password secret) or OPERATOR. */
    public String handover;
    /** SELF_SERVICE: when the hire enrolled. */
    public String enrolledAt;

    public static OnboardingCompletedDetail from(OnboardingState state) {
        OnboardingCompletedDetail detail = new OnboardingCompletedDetail();
        detail.onboardingId = state.onboardingId;
        detail.userName = state.user != null && state.user.userName != null ? state.user.userName : state.userName();
        if (state.request != null) {
            detail.consoleAccess = state.request.wantsConsoleAccess();
            detail.programmaticAccess = state.request.wantsProgrammaticAccess();
            detail.accessProfile = state.request.accessProfile;
            detail.handover = state.request.handover;
        }
        if (state.user != null) {
            detail.userArn = state.user.userArn;
        }
        if (state.alias != null) {
            detail.signInUrl = state.alias.signInUrl;
            detail.accountAlias = state.alias.accountAlias;
        }
        if (state.loginProfile != null) {
            detail.loginProfileSecretArn = state.loginProfile.secretArn;
        }
        if (state.accessKey != null) {
            detail.accessKeySecretArn = state.accessKey.secretArn;
            detail.accessKeyId = state.accessKey.accessKeyId;
        }
        if (state.mfa != null) {
            detail.mfaSerialNumber = state.mfa.serialNumber;
            detail.qrCodeBucket = state.mfa.qrCodeBucket;
            detail.qrCodeS3Key = state.mfa.qrCodeS3Key;
        }
        if (state.enrolment != null) {
            detail.mfaSerialNumber = state.enrolment.mfaSerial;
            detail.enrolledAt = state.enrolment.enrolledAt;
        }
        if (state.access != null) {
            if (state.access.accessProfile != null) {
                detail.accessProfile = state.access.accessProfile;
            }
            detail.groups = state.access.groups == null ? null : List.copyOf(state.access.groups);
        }
        return detail;
    }
}
