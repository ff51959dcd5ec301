package com.iamonboarding.deprovisioning;

import java.util.List;

/**
 * One thing to do to take an identity apart: {@code action} names the call (an IAM action name, or,
 * for {@code iam:Deactivate*} of keys, certificates and credentials, the Update* call that sets them
 * Inactive) and {@code target} the one resource it acts on (a key id, a serial number, a group name,
 * a policy ARN, a secret name, an S3 key, or the user name). Identifiers only, never a secret.
 *
 * <p>Onboarding's rollback and the offboarding workflow plan with these, so a plan can be shown
 * (offboarding's dryRun) and compared with what a run then did.
 */
public record DeprovisioningAction(String action, String target) {

    public static final String DELETE_LOGIN_PROFILE = "iam:DeleteLoginProfile";
    /** UpdateAccessKey with Status=Inactive. */
    public static final String DEACTIVATE_ACCESS_KEY = "iam:DeactivateAccessKey";
    /** UpdateSigningCertificate with Status=Inactive. */
    public static final String DEACTIVATE_SIGNING_CERTIFICATE = "iam:DeactivateSigningCertificate";
    /** UpdateSSHPublicKey with Status=Inactive. */
    public static final String DEACTIVATE_SSH_PUBLIC_KEY = "iam:DeactivateSSHPublicKey";
    /** UpdateServiceSpecificCredential with Status=Inactive. */
    public static final String DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL = "iam:DeactivateServiceSpecificCredential";
    public static final String DEACTIVATE_MFA_DEVICE = "iam:DeactivateMFADevice";
    public static final String REMOVE_USER_FROM_GROUP = "iam:RemoveUserFromGroup";
    public static final String DETACH_USER_POLICY = "iam:DetachUserPolicy";
    public static final String DELETE_USER_POLICY = "iam:DeleteUserPolicy";
    public static final String TAG_USER = "iam:TagUser";
    public static final String DELETE_ACCESS_KEY = "iam:DeleteAccessKey";
    public static final String DELETE_SIGNING_CERTIFICATE = "iam:DeleteSigningCertificate";
    public static final String DELETE_SSH_PUBLIC_KEY = "iam:DeleteSSHPublicKey";
    public static final String DELETE_SERVICE_SPECIFIC_CREDENTIAL = "iam:DeleteServiceSpecificCredential";
    public static final String DELETE_VIRTUAL_MFA_DEVICE = "iam:DeleteVirtualMFADevice";
    public static final String DELETE_SECRET = "secretsmanager:DeleteSecret";
    public static final String DELETE_QR_CODE = "s3:DeleteObject";
    public static final String DELETE_USER = "iam:DeleteUser";

    /** Every action name, in the order a complete offboarding performs them. */
    public static final List<String> ALL = List.of(
            DEACTIVATE_ACCESS_KEY, DELETE_LOGIN_PROFILE, DEACTIVATE_SIGNING_CERTIFICATE, DEACTIVATE_SSH_PUBLIC_KEY,
            DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL, DEACTIVATE_MFA_DEVICE, REMOVE_USER_FROM_GROUP, DETACH_USER_POLICY,
            DELETE_USER_POLICY, TAG_USER, DELETE_ACCESS_KEY, DELETE_SIGNING_CERTIFICATE, DELETE_SSH_PUBLIC_KEY,
            DELETE_SERVICE_SPECIFIC_CREDENTIAL, DELETE_VIRTUAL_MFA_DEVICE, DELETE_SECRET, DELETE_QR_CODE, DELETE_USER);

    public static DeprovisioningAction of(String action, String target) {
        return new DeprovisioningAction(action, target);
    }

    /** The wording of rollback reports ("access key AKIA...", "IAM user jane.doe"), kept stable for their readers. */
    public String describe(String qrBucket) {
        return switch (action) {
            case DELETE_LOGIN_PROFILE -> "login profile of " + target;
            case DELETE_ACCESS_KEY -> "access key " + target;
            case DELETE_SIGNING_CERTIFICATE -> "signing certificate " + target;
            case DELETE_SSH_PUBLIC_KEY -> "SSH public key " + target;
            case DELETE_SERVICE_SPECIFIC_CREDENTIAL -> "service-specific credential " + target;
            case DEACTIVATE_MFA_DEVICE -> "MFA device assignment " + target;
            case DELETE_VIRTUAL_MFA_DEVICE -> "virtual MFA device " + target;
            case DELETE_USER_POLICY -> "inline policy " + target;
            case DETACH_USER_POLICY -> "policy attachment " + target;
            case REMOVE_USER_FROM_GROUP -> "membership of group " + target;
            case DELETE_USER -> "IAM user " + target;
            case DELETE_SECRET -> "secret " + target;
            case DELETE_QR_CODE -> "QR code s3://" + qrBucket + "/" + target;
            default -> action + " " + target;
        };
    }
}
