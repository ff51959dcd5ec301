package com.iamonboarding.mfa;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * The virtual MFA devices this project makes: named after the user at the default path, tagged
 * with {@code ManagedBy} (which the roles' delete permission requires) and the onboarding id. One
 * place for EnrollMfa (OPERATOR) and the enrolment page (SELF_SERVICE), which differ only in what
 * they do with a device that exists already.
 */
public final class ProjectMfaDevices {

    private ProjectMfaDevices() {
    }

    /** The new device (with its seed), or empty when a device with the user's name exists already. */
    public static Optional<VirtualMFADevice> create(IamClient iam, String userName, String onboardingId) {
        try {
            return Optional.of(iam.createVirtualMFADevice(CreateVirtualMfaDeviceRequest.builder()
                    .virtualMFADeviceName(userName)
                    .tags(Tag.builder().key(OnboardingTags.ONBOARDING_ID).value(onboardingId).build(),
                            Tag.builder().key(OnboardingTags.MANAGED_BY).value(OnboardingTags.MANAGED_BY_VALUE).build())
                    .build()).virtualMFADevice());
        } catch (EntityAlreadyExistsException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateVirtualMFADevice " + userName, e);
        }
    }

    /** Whether {@code serialNumber} is the device {@link #create} makes for {@code userName}: arn:aws:iam::123456789012:mfa/userName. */
    public static boolean isNamedFor(String serialNumber, String userName) {
        return serialNumber != null && serialNumber.endsWith(":mfa/" + userName);
    }
}
