package com.iamonboarding.deprovisioning;

import static com.iamonboarding.deprovisioning.DeprovisioningAction.*;

import com.iamonboarding.mfa.QrCodeObjects;
import com.iamonboarding.secrets.SecretLookup;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Performs one {@link DeprovisioningAction}. Every action is idempotent: something already gone (or
 * a secret already scheduled for deletion) is the end state the action wants, so it is not an error.
 * Any other SDK error is thrown unchanged for the caller to classify or record.
 */
public class DeprovisioningExecutor {

    private final IamClient iam;
    private final SecretsManagerClient secretsManager;
    private final SecretLookup secrets;
    private final S3Client s3;
    private final String qrBucket;
    private final int secretRecoveryWindowDays;

    public DeprovisioningExecutor(IamClient iam, SecretsManagerClient secretsManager, S3Client s3, String qrBucket,
                                  int secretRecoveryWindowDays) {
        this.iam = iam;
        this.secretsManager = secretsManager;
        this.secrets = new SecretLookup(secretsManager);
        this.s3 = s3;
        this.qrBucket = qrBucket;
        this.secretRecoveryWindowDays = secretRecoveryWindowDays;
    }

    public String qrBucket() {
        return qrBucket;
    }

    /** True when this call changed something, false when the end state already held. */
    public boolean perform(String userName, DeprovisioningAction action) {
        String target = action.target();
        try {
            switch (action.action()) {
                case DELETE_LOGIN_PROFILE -> iam.deleteLoginProfile(b -> b.userName(userName));
                case DEACTIVATE_ACCESS_KEY -> iam.updateAccessKey(b -> b.userName(userName).accessKeyId(target)
                        .status(StatusType.INACTIVE));
                case DEACTIVATE_SIGNING_CERTIFICATE -> iam.updateSigningCertificate(b -> b.userName(userName)
                        .certificateId(target).status(StatusType.INACTIVE));
                case DEACTIVATE_SSH_PUBLIC_KEY -> iam.updateSSHPublicKey(b -> b.userName(userName)
                        .sshPublicKeyId(target).status(StatusType.INACTIVE));
                case DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL -> iam.updateServiceSpecificCredential(b -> b.userName(userName)
                        .serviceSpecificCredentialId(target).status(StatusType.INACTIVE));
                case DEACTIVATE_MFA_DEVICE -> iam.deactivateMFADevice(b -> b.userName(userName).serialNumber(target));
                case REMOVE_USER_FROM_GROUP -> iam.removeUserFromGroup(b -> b.userName(userName).groupName(target));
                case DETACH_USER_POLICY -> iam.detachUserPolicy(b -> b.userName(userName).policyArn(target));
                case DELETE_USER_POLICY -> iam.deleteUserPolicy(b -> b.userName(userName).policyName(target));
                case DELETE_ACCESS_KEY -> iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(target));
                case DELETE_SIGNING_CERTIFICATE -> iam.deleteSigningCertificate(b -> b.userName(userName).certificateId(target));
                case DELETE_SSH_PUBLIC_KEY -> iam.deleteSSHPublicKey(b -> b.userName(userName).sshPublicKeyId(target));
                case DELETE_SERVICE_SPECIFIC_CREDENTIAL -> iam.deleteServiceSpecificCredential(b -> b.userName(userName)
                        .serviceSpecificCredentialId(target));
                case DELETE_VIRTUAL_MFA_DEVICE -> iam.deleteVirtualMFADevice(b -> b.serialNumber(target));
                case DELETE_USER -> iam.deleteUser(b -> b.userName(userName));
                // Scheduled, not forced: the window lets an operator recover a credential deleted by mistake, and
                // a later onboarding of the same user name restores and overwrites the secret (see SecretStore).
                case DELETE_SECRET -> secretsManager.deleteSecret(b -> b.secretId(target)
                        .recoveryWindowInDays((long) secretRecoveryWindowDays));
                case DELETE_QR_CODE -> {
                    // DeleteObject succeeds for a missing key too; look first so the report says what was really there.
                    if (!QrCodeObjects.exists(s3, qrBucket, target)) {
                        return false;
                    }
                    s3.deleteObject(b -> b.bucket(qrBucket).key(target));
                }
                default -> throw new IllegalArgumentException("not a deprovisioning action: " + action.action());
            }
            return true;
        } catch (NoSuchEntityException | ResourceNotFoundException alreadyGone) {
            return false;
        } catch (InvalidRequestException e) {
            if (DELETE_SECRET.equals(action.action()) && scheduledForDeletion(target)) {
                return false;
            }
            throw e;
        }
    }

    /** DeleteSecret on a secret that is already scheduled for deletion is an InvalidRequest; that is done, not failed. */
    private boolean scheduledForDeletion(String name) {
        try {
            return secrets.describe(name).map(s -> s.deletedDate() != null).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
