package com.iamonboarding.local.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Asserts that nothing an onboarding creates for a user is left on the emulator. */
public final class Leftovers {

    private Leftovers() {
    }

    public static void assertNothingLeftFor(String userName) {
        assertThrows(NoSuchEntityException.class, () -> SharedStack.iam().getUser(b -> b.userName(userName)),
                "user " + userName + " was deleted");
        List<String> devices = SharedStack.iam().listVirtualMFADevicesPaginator(b -> { }).virtualMFADevices().stream()
                .map(VirtualMFADevice::serialNumber).filter(serial -> serial.endsWith(":mfa/" + userName)).toList();
        assertEquals(List.of(), devices, "virtual MFA devices of " + userName);
        for (String kind : List.of("console-password", "access-key")) {
            String name = "iam-onboarding/" + userName + "/" + kind;
            try {
                DescribeSecretResponse secret = SharedStack.secrets().describeSecret(b -> b.secretId(name));
                assertTrue(secret.deletedDate() != null, name + " is deleted (scheduled for deletion)");
            } catch (ResourceNotFoundException gone) {
                // Never created, or already gone.
            }
        }
        String bucket = qrBucket();
        List<String> qrCodes = SharedStack.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("mfa/" + userName + "/"))
                .contents().stream().map(S3Object::key).toList();
        assertEquals(List.of(), qrCodes, "QR codes of " + userName);
    }

    public static String qrBucket() {
        return SharedStack.get().resources().get("QrCodeBucket").orElseThrow().ref();
    }
}
