package com.iamonboarding.enrolment;

import java.time.Instant;
import java.util.Optional;

/**
 * One invitation as the store keeps it: the token's hash, never the token; the task token that
 * resumes the waiting onboarding, never shown anywhere else; the MFA device an enrolment started.
 */
public record Invitation(String tokenHash, String invitationId, String onboardingId, String userName, String taskToken,
                         Instant expiresAt, Status status, int attempts, int starts, Optional<String> mfaSerial,
                         Recipient recipient) {

    /** Where a resend goes, and what it says: the hire's address and name, the sign-in and enrolment pages. */
    public record Recipient(String email, String displayName, String signInUrl, String enrolmentUrl) {
    }

    public enum Status { ACTIVE, USED, VOID }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
