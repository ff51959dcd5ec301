package com.iamonboarding.offboarding;

import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.deprovisioning.DeprovisioningExecutor;
import com.iamonboarding.deprovisioning.UserInventoryReader;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.user.CreateUserHandler;
import java.time.Clock;

/** Builds the {@link OffboardingService} of a step function from its environment (its SDK clients, once). */
final class OffboardingSteps {

    /**
     * Offboarding schedules secrets for deletion with the longest window Secrets Manager allows: the
     * credentials inside are dead once the user is gone, so the window only serves audit and recovery
     * from a mistaken offboarding. A later onboarding of the same user name restores and overwrites them.
     */
    static final int SECRET_RECOVERY_WINDOW_DAYS = 30;

    private OffboardingSteps() {
    }

    static OffboardingService service(FunctionEnvironment env) {
        var iam = AwsClients.iam(env);
        var secretsManager = AwsClients.secretsManager(env);
        var s3 = AwsClients.s3(env);
        String qrBucket = env.require("QR_BUCKET");
        return new OffboardingService(
                new UserInventoryReader(iam, secretsManager, s3, qrBucket),
                new DeprovisioningExecutor(iam, secretsManager, s3, qrBucket, SECRET_RECOVERY_WINDOW_DAYS),
                iam, Clock.systemUTC(), env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH),
                AccessProfiles.load(env).allGroups());
    }
}
