package com.iamonboarding.deprovisioning;

import java.util.List;
import java.util.Map;

/**
 * What an IAM user has, as identifiers: everything IAM requires gone before DeleteUser, and, when
 * read for an offboarding, what the project keeps for the user elsewhere (secrets, QR codes).
 *
 * @param loginProfile            whether the user has a console password (assumed true when not probed)
 * @param mfaDevices              serial numbers of the MFA devices assigned to the user
 * @param unassignedVirtualMfaDevices virtual MFA devices of the user that are no longer assigned to it
 *                                (named after the user, or deactivated by an earlier step of the same run)
 * @param secrets                 names of the user's live secrets made by this project
 * @param qrCodeKeys              S3 keys of the user's QR codes
 */
public record UserInventory(
        String userName,
        String userArn,
        String path,
        Map<String, String> tags,
        boolean loginProfile,
        List<Credential> accessKeys,
        List<Credential> signingCertificates,
        List<Credential> sshPublicKeys,
        List<Credential> serviceSpecificCredentials,
        List<String> mfaDevices,
        List<String> unassignedVirtualMfaDevices,
        List<String> groups,
        List<String> attachedPolicyArns,
        List<String> inlinePolicyNames,
        List<String> secrets,
        List<String> qrCodeKeys) {

    /** An access key, signing certificate, SSH public key or service-specific credential. */
    public record Credential(String id, boolean active) {
        public Credential inactive() {
            return new Credential(id, false);
        }
    }

    public UserInventory {
        tags = Map.copyOf(tags);
        accessKeys = List.copyOf(accessKeys);
        signingCertificates = List.copyOf(signingCertificates);
        sshPublicKeys = List.copyOf(sshPublicKeys);
        serviceSpecificCredentials = List.copyOf(serviceSpecificCredentials);
        mfaDevices = List.copyOf(mfaDevices);
        unassignedVirtualMfaDevices = List.copyOf(unassignedVirtualMfaDevices);
        groups = List.copyOf(groups);
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicyNames = List.copyOf(inlinePolicyNames);
        secrets = List.copyOf(secrets);
        qrCodeKeys = List.copyOf(qrCodeKeys);
    }

    /** Virtual MFA devices have serial numbers arn:aws:iam::<account>:mfa/<path><name>; hardware ones do not. */
    public static boolean isVirtualMfaDevice(String serialNumber) {
        return serialNumber != null && serialNumber.contains(":mfa/");
    }
}
