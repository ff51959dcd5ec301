package com.iamonboarding.mfa;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.MfaResult;
import com.iamonboarding.user.OnboardedUsers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeactivateMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EnableMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.InvalidAuthenticationCodeException;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * Gives a user a virtual MFA device the way an administrator would in the console: create the
 * device, show the QR code (here: store it, encrypted, in the QR bucket for the hire), and enable it
 * with two consecutive codes from the seed.
 *
 * <p>The seed and the codes exist only inside {@link #enroll}: they are not logged, not put in an
 * exception message and not returned.
 *
 * <p>Idempotency: the device is named after the user, so a second attempt meets
 * {@code EntityAlreadyExists}. A device already enabled for this user whose QR object exists means
 * the step already succeeded: nothing changes. Any other leftover (never enabled, or enabled but its
 * QR object is lost) cannot be completed because the seed is gone; it is deactivated, deleted and
 * made again. A device with our name assigned to another user, and any other MFA device the user
 * already has, are never touched: those fail the step.
 */
public class MfaEnrollmentService {

    private static final Log LOG = Log.forFunction("EnrollMfa");

    private final IamClient iam;
    private final S3Client s3;
    private final QrCodeRenderer renderer;
    private final Clock clock;
    private final String qrBucket;
    private final String kmsKeyId;
    private final String accountAlias;
    private final OnboardedUsers users;

    public MfaEnrollmentService(IamClient iam, S3Client s3, QrCodeRenderer renderer, Clock clock,
                                String qrBucket, String kmsKeyId, String accountAlias, OnboardedUsers users) {
        this.iam = iam;
        this.users = users;
        this.s3 = s3;
        this.renderer = renderer;
        this.clock = clock;
        this.qrBucket = qrBucket;
        this.kmsKeyId = kmsKeyId;
        this.accountAlias = accountAlias;
    }

    public static String qrCodeKey(String userName, String onboardingId) {
        return "mfa/" + userName + "/" + onboardingId + ".png";
    }

    public MfaResult enroll(String onboardingId, String userName) {
        users.requireOwn(onboardingId, userName);
        String qrKey = qrCodeKey(userName, onboardingId);
        rejectOtherDevices(userName);

        Optional<VirtualMFADevice> created = ProjectMfaDevices.create(iam, userName, onboardingId);
        if (created.isEmpty()) {
            VirtualMFADevice existing = findDevice(userName).orElseThrow(() -> new RetryableStepException(
                    "iam:CreateVirtualMFADevice " + userName + ": the device exists but is not listed yet"));
            if (isEnabledFor(existing, userName) && qrObjectExists(qrKey)) {
                LOG.info(onboardingId, "MFA device already enabled", "serialNumber", existing.serialNumber(),
                        "qrCodeS3Key", qrKey);
                return result(existing.serialNumber(), qrKey);
            }
            replace(existing, userName, onboardingId);
            created = ProjectMfaDevices.create(iam, userName, onboardingId);
            if (created.isEmpty()) {
                throw new RetryableStepException("iam:CreateVirtualMFADevice " + userName
                        + ": the replaced device is still visible");
            }
        }

        VirtualMFADevice device = created.get();
        if (device.base32StringSeed() == null) {
            throw new PermanentStepException("iam:CreateVirtualMFADevice " + userName + " returned no seed");
        }
        String seed = Totp.normaliseBase32(device.base32StringSeed().asUtf8String());
        storeQrCode(OtpAuthUri.forAws(userName, accountAlias, seed), qrKey, onboardingId);
        enable(userName, device.serialNumber(), Totp.fromBase32(seed, Totp.AWS_DIGITS));
        LOG.info(onboardingId, "MFA device enabled", "serialNumber", device.serialNumber(), "qrCodeS3Key", qrKey);
        return result(device.serialNumber(), qrKey);
    }

    private void rejectOtherDevices(String userName) {
        for (MFADevice device : listUserDevices(userName)) {
            if (!ProjectMfaDevices.isNamedFor(device.serialNumber(), userName)) {
                throw new PermanentStepException("user " + userName + " already has MFA device "
                        + device.serialNumber() + " that this onboarding did not create; it is left untouched");
            }
        }
    }

    private List<MFADevice> listUserDevices(String userName) {
        List<MFADevice> devices = new ArrayList<>();
        String marker = null;
        do {
            ListMfaDevicesResponse page;
            try {
                page = iam.listMFADevices(ListMfaDevicesRequest.builder().userName(userName).marker(marker).build());
            } catch (NoSuchEntityException e) {
                throw new RetryableStepException("iam:ListMFADevices " + userName
                        + " failed: NoSuchEntity (the user was just created; IAM is eventually consistent)");
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:ListMFADevices " + userName, e);
            }
            devices.addAll(page.mfaDevices());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return devices;
    }

    private Optional<VirtualMFADevice> findDevice(String userName) {
        String marker = null;
        do {
            ListVirtualMfaDevicesResponse page;
            try {
                page = iam.listVirtualMFADevices(ListVirtualMfaDevicesRequest.builder()
                        .assignmentStatus("Any").marker(marker).build());
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:ListVirtualMFADevices", e);
            }
            for (VirtualMFADevice device : page.virtualMFADevices()) {
                if (ProjectMfaDevices.isNamedFor(device.serialNumber(), userName)) {
                    return Optional.of(device);
                }
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return Optional.empty();
    }

    private static boolean isEnabledFor(VirtualMFADevice device, String userName) {
        return device.user() != null && userName.equals(device.user().userName());
    }

    private void replace(VirtualMFADevice device, String userName, String onboardingId) {
        String serial = device.serialNumber();
        if (device.user() != null && device.user().userName() != null) {
            if (!userName.equals(device.user().userName())) {
                throw new PermanentStepException("MFA device " + serial + " is assigned to another user; it is left untouched");
            }
            try {
                iam.deactivateMFADevice(DeactivateMfaDeviceRequest.builder().userName(userName).serialNumber(serial).build());
            } catch (NoSuchEntityException alreadyDeactivated) {
                // Someone (an earlier attempt) got there first: the end state is the one we want.
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:DeactivateMFADevice " + serial, e);
            }
        }
        try {
            iam.deleteVirtualMFADevice(DeleteVirtualMfaDeviceRequest.builder().serialNumber(serial).build());
        } catch (NoSuchEntityException alreadyDeleted) {
            // Gone already: nothing to replace.
        } catch (DeleteConflictException e) {
            // Right after DeactivateMFADevice, IAM can still see the device as assigned.
            throw new RetryableStepException("iam:DeleteVirtualMFADevice " + serial
                    + " failed: DeleteConflict (the deactivation is not visible yet)");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:DeleteVirtualMFADevice " + serial, e);
        }
        LOG.warn(onboardingId, "replaced an MFA device left by an earlier attempt", "serialNumber", serial);
    }

    private boolean qrObjectExists(String key) {
        try {
            return QrCodeObjects.exists(s3, qrBucket, key);
        } catch (SdkException e) {
            throw AwsErrors.classify("s3:ListBucket " + qrBucket + "/" + key, e);
        }
    }

    private void storeQrCode(OtpAuthUri uri, String key, String onboardingId) {
        byte[] png = renderer.renderPng(uri.value());
        try {
            s3.putObject(PutObjectRequest.builder()
                    .bucket(qrBucket)
                    .key(key)
                    .contentType("image/png")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(kmsKeyId)
                    .tagging(Tagging.builder().tagSet(
                            software.amazon.awssdk.services.s3.model.Tag.builder()
                                    .key(OnboardingTags.ONBOARDING_ID).value(onboardingId).build(),
                            software.amazon.awssdk.services.s3.model.Tag.builder()
                                    .key(OnboardingTags.MANAGED_BY).value(OnboardingTags.MANAGED_BY_VALUE).build())
                            .build())
                    .build(), RequestBody.fromBytes(png));
        } catch (SdkException e) {
            throw AwsErrors.classify("s3:PutObject " + qrBucket + "/" + key, e);
        }
    }

    private void enable(String userName, String serial, Totp totp) {
        long counter = Totp.counterAt(clock.instant());
        try {
            iam.enableMFADevice(EnableMfaDeviceRequest.builder()
                    .userName(userName)
                    .serialNumber(serial)
                    .authenticationCode1(totp.code(counter - 1))
                    .authenticationCode2(totp.code(counter))
                    .build());
        } catch (NoSuchEntityException e) {
            throw new RetryableStepException("iam:EnableMFADevice " + serial
                    + " failed: NoSuchEntity (the device was just created; IAM is eventually consistent)");
        } catch (InvalidAuthenticationCodeException e) {
            // The codes come from our own seed and clock; a rejection at a step boundary or from a
            // skewed clock heals on the next attempt, which replaces this never-enabled device.
            throw new RetryableStepException("iam:EnableMFADevice " + serial + " failed: InvalidAuthenticationCode");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:EnableMFADevice " + serial, e);
        }
    }

    private MfaResult result(String serialNumber, String qrKey) {
        MfaResult result = new MfaResult();
        result.serialNumber = serialNumber;
        result.qrCodeBucket = qrBucket;
        result.qrCodeS3Key = qrKey;
        return result;
    }
}
