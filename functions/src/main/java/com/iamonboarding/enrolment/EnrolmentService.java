package com.iamonboarding.enrolment;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.loginprofile.PasswordPolicy;
import com.iamonboarding.mfa.OtpAuthUri;
import com.iamonboarding.mfa.ProjectMfaDevices;
import com.iamonboarding.mfa.QrCodeRenderer;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.OnboardedUsers;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The hire's side of the SELF_SERVICE handover, authorised by the invitation token alone.
 * <ul>
 *   <li>{@link #start}: a new virtual MFA device for the hire (replacing one an earlier visit made
 *       and did not enable), whose seed goes to this browser only, as a QR code and as text. It is
 *       not stored, not logged, and not kept by the function once it answered.</li>
 *   <li>{@link #complete}: the hire's two consecutive codes enable the device (IAM checks them), the
 *       password they chose becomes their console password (checked against the account's policy
 *       first, every broken rule named; no reset required), the workflow resumes, the invitation is
 *       used. Each part can be repeated: a double submit or a retry after a lost answer finishes
 *       what the first one began, never leaves a half-enrolled user.</li>
 * </ul>
 * Refusals are {@link EnrolmentRefused} with a stable code; an unknown and a used token are the
 * same refusal, so the answer never says whether an invitation existed.
 */
public class EnrolmentService {

    private static final Log LOG = Log.forFunction("Enrolment");

    /** A refusal the page shows: HTTP status, stable code, message (never a secret or a user name). */
    public static final class EnrolmentRefused extends RuntimeException {
        private final int status;
        private final String code;
        private final Map<String, Object> details;

        EnrolmentRefused(int status, String code, String message) {
            this(status, code, message, Map.of());
        }

        EnrolmentRefused(int status, String code, String message, Map<String, Object> details) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.details = Map.copyOf(details);
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public Map<String, Object> details() {
            return details;
        }
    }

    /** What the browser gets to register the device: the QR code (PNG, base64) and the seed as text. */
    /**
     * What the page shows: the new device's QR code and key, or, when the hire enabled their device
     * already (and only the password remains, say after IAM refused it), {@code deviceRegistered}
     * and neither.
     */
    public record Enrolment(String userName, String qrCodePng, String secret, Instant expiresAt, boolean deviceRegistered) {
    }

    static final EnrolmentRefused NOT_FOUND = new EnrolmentRefused(404, "InvitationNotFound",
            "this link is not valid: it may have been used already. Ask the person who onboards you for a new one.");

    private final InvitationStore invitations;
    private final IamClient iam;
    private final SfnClient sfn;
    private final OnboardedUsers users;
    private final StatusTable status;
    private final QrCodeRenderer qrCodes;
    private final String accountAlias;

    public EnrolmentService(InvitationStore invitations, IamClient iam, SfnClient sfn, OnboardedUsers users, StatusTable status,
                            QrCodeRenderer qrCodes, String accountAlias) {
        this.invitations = invitations;
        this.iam = iam;
        this.sfn = sfn;
        this.users = users;
        this.status = status;
        this.qrCodes = qrCodes;
        this.accountAlias = accountAlias;
    }

    public Enrolment start(String token) {
        Invitation invitation = active(token);
        if (!invitations.mayStart(invitation)) {
            invitations.end(invitation.tokenHash(), Invitation.Status.VOID);
            throw new EnrolmentRefused(429, "TooManyAttempts", "this link was opened too often and no longer works;"
                    + " ask the person who onboards you for a new one.");
        }
        String userArn = users.requireOwn(invitation.onboardingId(), invitation.userName()).arn();
        Optional<String> earlier = invitation.mfaSerial();
        if (earlier.isPresent() && enabledFor(invitation.userName(), earlier.get())) {
            // The codes were accepted on an earlier visit, then the password was not: only that remains.
            LOG.info(invitation.onboardingId(), "enrolment resumed: device enabled", "userName", invitation.userName());
            return new Enrolment(invitation.userName(), null, null, invitation.expiresAt(), true);
        }
        // The device of an earlier visit was never enabled: replace it.
        earlier.ifPresent(this::deleteUnassigned);
        Optional<VirtualMFADevice> made = ProjectMfaDevices.create(iam, invitation.userName(), invitation.onboardingId());
        if (made.isEmpty()) {
            // An earlier visit whose answer was lost made one the invitation does not name. IAM deletes
            // only an unassigned device, and our policy only one tagged ManagedBy=iam-onboarding.
            String[] arn = userArn.split(":", 6);
            deleteUnassigned("arn:" + arn[1] + ":iam::" + arn[4] + ":mfa/" + invitation.userName());
            made = ProjectMfaDevices.create(iam, invitation.userName(), invitation.onboardingId());
        }
        VirtualMFADevice created = made.orElseThrow(() -> new RetryableStepException("iam:CreateVirtualMFADevice "
                + invitation.userName() + ": the replaced device is still listed"));
        String serial = created.serialNumber();
        if (!invitations.deviceCreated(invitation.tokenHash(), serial)) {
            deleteUnassigned(serial);
            throw NOT_FOUND;
        }
        String seed = created.base32StringSeed().asUtf8String();
        String uri = OtpAuthUri.forAws(invitation.userName(), accountAlias, seed).value();
        LOG.info(invitation.onboardingId(), "enrolment started", "userName", invitation.userName(), "serialNumber", serial);
        return new Enrolment(invitation.userName(), Base64.getEncoder().encodeToString(qrCodes.renderPng(uri)), seed,
                invitation.expiresAt(), false);
    }

    public Map<String, Object> complete(String token, String code1, String code2, String password) {
        Invitation invitation = active(token);
        if (code1 == null || code2 == null || !code1.matches("\\d{6}") || !code2.matches("\\d{6}")) {
            throw new EnrolmentRefused(400, "InvalidCodes", "enter two consecutive six-digit codes from your authenticator app");
        }
        String serial = invitation.mfaSerial().orElseThrow(() -> new EnrolmentRefused(409, "EnrolmentNotStarted",
                "scan the QR code first: reload this page"));
        List<String> broken = PasswordPolicy.current(iam).violations(password == null ? "" : password);
        if (!broken.isEmpty()) {
            throw new EnrolmentRefused(400, "PasswordRefused", "the password does not meet the account's password policy",
                    Map.of("rules", broken));
        }
        users.requireOwn(invitation.onboardingId(), invitation.userName());
        enableDevice(invitation, serial, code1, code2);
        setPassword(invitation, password);
        resumeWorkflow(invitation, serial);
        invitations.end(invitation.tokenHash(), Invitation.Status.USED);
        status.resumed(invitation.onboardingId());
        LOG.info(invitation.onboardingId(), "hire enrolled", "userName", invitation.userName(), "serialNumber", serial);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ENROLLED");
        answer.put("userName", invitation.userName());
        return answer;
    }

    /** The ACTIVE, unexpired invitation of {@code token}; unknown, used and void tokens are one refusal. */
    private Invitation active(String token) {
        if (!InvitationToken.wellFormed(token)) {
            throw new EnrolmentRefused(400, "InvalidToken", "this link is incomplete: open it exactly as it came in the e-mail");
        }
        Optional<Invitation> found = invitations.find(InvitationToken.hash(token));
        if (found.isEmpty() || found.get().status() != Invitation.Status.ACTIVE) {
            throw NOT_FOUND;
        }
        if (found.get().expiredAt(invitations.now())) {
            throw new EnrolmentRefused(410, "InvitationExpired", "this link has expired; ask the person who onboards you for a new one.");
        }
        return found.get();
    }

    private boolean enabledFor(String userName, String serial) {
        try {
            return iam.listMFADevices(b -> b.userName(userName)).mfaDevices().stream().anyMatch(d -> serial.equals(d.serialNumber()));
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:ListMFADevices", e);
        }
    }

    /** Deletes an unassigned device; one that is gone already, or assigned (DeleteConflict), stays as it is. */
    private void deleteUnassigned(String serial) {
        try {
            iam.deleteVirtualMFADevice(b -> b.serialNumber(serial));
        } catch (NoSuchEntityException | DeleteConflictException goneOrEnabled) {
            // Nothing to replace, or enabled: the hire enrolled it, and the new create says so.
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:DeleteVirtualMFADevice", e);
        }
    }

    private void enableDevice(Invitation invitation, String serial, String code1, String code2) {
        try {
            iam.enableMFADevice(b -> b.userName(invitation.userName()).serialNumber(serial)
                    .authenticationCode1(code1).authenticationCode2(code2));
        } catch (InvalidAuthenticationCodeException wrong) {
            int left = invitations.failedAttempt(invitation.tokenHash());
            if (left == 0) {
                throw new EnrolmentRefused(429, "TooManyAttempts", "the codes were wrong too often and this link no longer works;"
                        + " ask the person who onboards you for a new one.");
            }
            throw new EnrolmentRefused(400, "InvalidCodes", "the codes were not accepted: wait for a new code, then enter two"
                    + " consecutive ones", Map.of("attemptsLeft", left));
        } catch (EntityAlreadyExistsException enabledBefore) {
            // A repeated submit: the first one enabled it.
            requireEnabled(invitation, serial);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:EnableMFADevice", e);
        }
    }

    private void requireEnabled(Invitation invitation, String serial) {
        List<MFADevice> devices = iam.listMFADevices(b -> b.userName(invitation.userName())).mfaDevices();
        if (devices.stream().noneMatch(d -> serial.equals(d.serialNumber()))) {
            throw new RetryableStepException("iam:EnableMFADevice answered EntityAlreadyExists but the device is not the user's");
        }
    }

    private void setPassword(Invitation invitation, String password) {
        try {
            iam.createLoginProfile(b -> b.userName(invitation.userName()).password(password).passwordResetRequired(false));
        } catch (EntityAlreadyExistsException repeated) {
            // A repeated submit after the profile was made: the password chosen now is the one that counts.
            try {
                iam.updateLoginProfile(b -> b.userName(invitation.userName()).password(password).passwordResetRequired(false));
            } catch (PasswordPolicyViolationException refused) {
                throw passwordRefusedByIam();
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:UpdateLoginProfile", e);
            }
        } catch (PasswordPolicyViolationException refused) {
            throw passwordRefusedByIam();
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateLoginProfile", e);
        }
    }

    private static EnrolmentRefused passwordRefusedByIam() {
        return new EnrolmentRefused(400, "PasswordRefused", "IAM refused the password under the account's password policy"
                + " (it may have been used before)");
    }

    /**
     * SendTaskSuccess with identifiers only. A task that already succeeded (a repeated submit whose
     * first answer was lost) answers InvalidToken or TaskDoesNotExist: the enrolment is done. A task
     * that timed out is an expired invitation: the workflow is rolling the user back.
     */
    private void resumeWorkflow(Invitation invitation, String serial) {
        Map<String, String> output = new LinkedHashMap<>();
        output.put("invitationId", invitation.invitationId());
        output.put("mfaSerial", serial);
        output.put("enrolledAt", invitations.now().toString());
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(invitation.taskToken()).output(Json.write(output)));
        } catch (TaskTimedOutException expired) {
            invitations.end(invitation.tokenHash(), Invitation.Status.VOID);
            throw new EnrolmentRefused(410, "InvitationExpired", "this link has expired; ask the person who onboards you for a new one.");
        } catch (InvalidTokenException | TaskDoesNotExistException alreadyResumed) {
            LOG.info(invitation.onboardingId(), "the workflow had resumed already", "userName", invitation.userName());
        } catch (SdkException e) {
            throw AwsErrors.classify("states:SendTaskSuccess", e);
        }
    }
}
