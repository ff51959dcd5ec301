package com.iamonboarding.local.proxy;

import com.iamonboarding.local.stack.EmulatorClients;
import java.net.URI;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * IAM's DeleteConflict rules that the emulator leaves out (moto 5.2.1 deletes a user that still has
 * a login profile, access keys, MFA devices or group memberships, and a virtual MFA device that is
 * still assigned). Real IAM refuses with HTTP 409 {@code DeleteConflict} until each is removed, in the
 * order its DeleteUser documentation lists. The endpoint asks the emulator directly (not through
 * itself, so these reads are neither recorded nor faulted) before it forwards such a deletion.
 */
final class IamDeleteConflicts implements AutoCloseable {

    static final int STATUS = 409;
    static final String CODE = "DeleteConflict";

    private final Supplier<URI> emulator;
    private IamClient iam;

    IamDeleteConflicts(Supplier<URI> emulator) {
        this.emulator = emulator;
    }

    /** The DeleteConflict message real IAM would answer this request with, or empty to let it through. */
    Optional<String> conflict(RecordedRequest request) {
        if (!"iam".equals(request.service())) {
            return Optional.empty();
        }
        try {
            return switch (request.action()) {
                case "DeleteUser" -> userConflict(request.parameter("UserName"));
                case "DeleteVirtualMFADevice" -> deviceConflict(request.parameter("SerialNumber"));
                default -> Optional.empty();
            };
        } catch (NoSuchEntityException gone) {
            // The emulator answers the deletion itself with NoSuchEntity.
            return Optional.empty();
        }
    }

    private Optional<String> userConflict(String userName) {
        if (userName == null) {
            return Optional.empty();
        }
        IamClient iam = client();
        return firstOf(
                check(() -> hasLoginProfile(iam, userName), "must delete login profile first"),
                check(() -> !iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().isEmpty(),
                        "must delete access keys first"),
                check(() -> !iam.listSigningCertificates(b -> b.userName(userName)).certificates().isEmpty(),
                        "must delete signing certificates first"),
                check(() -> !iam.listSSHPublicKeys(b -> b.userName(userName)).sshPublicKeys().isEmpty(),
                        "must delete SSH public keys first"),
                check(() -> !iam.listMFADevices(b -> b.userName(userName)).mfaDevices().isEmpty(),
                        "must delete MFA device first"),
                check(() -> !iam.listUserPolicies(b -> b.userName(userName)).policyNames().isEmpty(),
                        "must delete policies first"),
                check(() -> !iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies().isEmpty(),
                        "must detach all policies first"),
                check(() -> !iam.listGroupsForUser(b -> b.userName(userName)).groups().isEmpty(),
                        "must remove users from group first"));
    }

    private Optional<String> deviceConflict(String serialNumber) {
        if (serialNumber == null) {
            return Optional.empty();
        }
        boolean assigned = client().listVirtualMFADevicesPaginator(b -> b.assignmentStatus(AssignmentStatusType.ASSIGNED))
                .virtualMFADevices().stream().map(VirtualMFADevice::serialNumber).anyMatch(serialNumber::equals);
        return assigned ? Optional.of("MFA Device is still in use") : Optional.empty();
    }

    private static boolean hasLoginProfile(IamClient iam, String userName) {
        try {
            iam.getLoginProfile(b -> b.userName(userName));
            return true;
        } catch (NoSuchEntityException none) {
            return false;
        }
    }

    private static Supplier<Optional<String>> check(BooleanSupplier blocks, String what) {
        return () -> blocks.getAsBoolean() ? Optional.of("Cannot delete entity, " + what + ".") : Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> firstOf(Supplier<Optional<String>>... checks) {
        for (Supplier<Optional<String>> check : checks) {
            Optional<String> conflict = check.get();
            if (conflict.isPresent()) {
                return conflict;
            }
        }
        return Optional.empty();
    }

    private synchronized IamClient client() {
        if (iam == null) {
            iam = EmulatorClients.build(IamClient.builder(), emulator.get());
        }
        return iam;
    }

    @Override
    public synchronized void close() {
        if (iam != null) {
            iam.close();
        }
    }
}
