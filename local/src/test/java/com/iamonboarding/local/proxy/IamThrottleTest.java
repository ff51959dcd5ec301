package com.iamonboarding.local.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IamThrottleTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(7_000 * MS);

    @Test
    void aFullBucketLetsTheBurstThroughThenOneWritePerRefilledToken() {
        IamThrottle throttle = new IamThrottle(2, 3, now::get);

        assertEquals(List.of(true, true, true, false), takes(throttle, 4), "the bucket starts full: the burst, then nothing");
        now.addAndGet(250 * MS);
        assertFalse(throttle.take(), "a quarter second at 2/s is half a token");
        now.addAndGet(250 * MS);
        assertEquals(List.of(true, false), takes(throttle, 2), "half a second at 2/s is one token");
        now.addAndGet(1_500 * MS);
        assertEquals(List.of(true, true, true, false), takes(throttle, 4), "1.5 s at 2/s is three tokens");
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsBurst() {
        IamThrottle throttle = new IamThrottle(10, 2, now::get);
        takes(throttle, 2);

        now.addAndGet(60_000 * MS);

        assertEquals(List.of(true, true, false), takes(throttle, 3));
    }

    @Test
    void aRateBelowOnePerSecondStillAdmitsOneWriteAndRefillsSlowly() {
        IamThrottle throttle = new IamThrottle(0.5, 1, now::get);

        assertEquals(List.of(true, false), takes(throttle, 2));
        now.addAndGet(1_000 * MS);
        assertFalse(throttle.take(), "one second at 0.5/s is half a token");
        now.addAndGet(1_000 * MS);
        assertTrue(throttle.take());
    }

    @Test
    void theDefaultBurstIsOneSecondsWorthAndAtLeastOne() {
        assertEquals(1, IamThrottle.defaultBurst(0.2));
        assertEquals(1, IamThrottle.defaultBurst(1));
        assertEquals(2, IamThrottle.defaultBurst(2.5));
        assertEquals(20, IamThrottle.defaultBurst(20));
    }

    @ParameterizedTest(name = "{0} is a write: {1}")
    @CsvSource({
            "CreateUser, true", "CreateLoginProfile, true", "CreateAccessKey, true", "CreateVirtualMFADevice, true",
            "DeleteUser, true", "DeleteLoginProfile, true", "PutUserPolicy, true", "AttachUserPolicy, true",
            "DetachUserPolicy, true", "AddUserToGroup, true", "RemoveUserFromGroup, true", "UpdateLoginProfile, true",
            "UpdateAccessKey, true", "EnableMFADevice, true", "DeactivateMFADevice, true", "TagUser, true",
            "UntagUser, true", "SetDefaultPolicyVersion, true", "ChangePassword, true", "ResyncMFADevice, true",
            "UploadSSHPublicKey, true",
            "GetUser, false", "GetLoginProfile, false", "GetAccountPasswordPolicy, false", "ListUsers, false",
            "ListAccountAliases, false", "ListVirtualMFADevices, false", "ListGroupsForUser, false",
            "GenerateCredentialReport, false", "SimulatePrincipalPolicy, false",
    })
    void writesAreTheActionsWhoseVerbChangesSomething(String action, boolean write) {
        assertEquals(write, IamThrottle.isWrite(action));
    }

    @Test
    void onlyIamWritesTakeTokensAndAThrottledOneGetsIamsThrottlingError() {
        IamThrottle throttle = new IamThrottle(1, 1, now::get);

        assertEquals(Optional.empty(), throttle.admit(iam("CreateUser")));
        assertEquals(Optional.of(new AwsErrorResponses.AwsError(400, "Throttling", "Rate exceeded")), throttle.admit(iam("CreateUser")));
        assertEquals(Optional.empty(), throttle.admit(iam("GetUser")), "a read");
        assertEquals(Optional.empty(), throttle.admit(new RecordedRequest(Instant.now(), "secretsmanager", "CreateSecret", "POST", "/",
                Map.of())), "another service");
        assertEquals(1, throttle.admitted());
        assertEquals(1, throttle.throttled());
    }

    @Test
    void offLetsEveryWriteThroughAndCountsIt() {
        IamThrottle throttle = IamThrottle.off();

        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), throttle.admit(iam("CreateUser")));
        }
        assertFalse(throttle.enabled());
        assertEquals(100, throttle.admitted());
        assertEquals(0, throttle.throttled());
        assertEquals("off", throttle.describe());
    }

    @Test
    void concurrentWritesOnAFrozenClockTakeExactlyTheBurst() throws Exception {
        int threads = 16;
        int burst = 5;
        IamThrottle throttle = new IamThrottle(1, burst, now::get);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return throttle.admit(iam("CreateUser")).isEmpty();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> answer : answers) {
                admitted += answer.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertEquals(5, admitted);
            assertEquals(5, throttle.admitted());
            assertEquals(11, throttle.throttled());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePropertiesSetRateAndBurstAndAreOffWhenUnset() {
        assertFalse(IamThrottle.fromProperties(new Properties()).enabled());
        assertFalse(IamThrottle.fromProperties(properties("0", null)).enabled());

        IamThrottle rateOnly = IamThrottle.fromProperties(properties("2.5", null));
        assertEquals(2.5, rateOnly.ratePerSecond());
        assertEquals(2, rateOnly.burst());
        assertEquals("2.5/s, burst 2", rateOnly.describe());

        IamThrottle both = IamThrottle.fromProperties(properties("4", "10"));
        assertEquals(4, both.ratePerSecond());
        assertEquals(10, both.burst());
        assertEquals("4/s, burst 10", both.describe());
    }

    @Test
    void aValueThatIsNotARateOrABurstIsRefusedNamingTheProperty() {
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> IamThrottle.fromProperties(properties("fast", null)));
        assertEquals("iamonboarding.local.iamWriteRate must be a number of requests per second, not 'fast'", rate.getMessage());
        IllegalArgumentException burst = assertThrows(IllegalArgumentException.class,
                () -> IamThrottle.fromProperties(properties("2", "1.5")));
        assertEquals("iamonboarding.local.iamWriteBurst must be a whole number of requests, not '1.5'", burst.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IamThrottle.fromProperties(properties("-1", null)));
        assertThrows(IllegalArgumentException.class, () -> IamThrottle.fromProperties(properties("NaN", null)));
        assertThrows(IllegalArgumentException.class, () -> IamThrottle.fromProperties(properties("2", "0")));
    }

    private static List<Boolean> takes(IamThrottle throttle, int times) {
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            taken.add(throttle.take());
        }
        return taken;
    }

    private static Properties properties(String rate, String burst) {
        Properties properties = new Properties();
        if (rate != null) {
            properties.setProperty("iamonboarding.local.iamWriteRate", rate);
        }
        if (burst != null) {
            properties.setProperty("iamonboarding.local.iamWriteBurst", burst);
        }
        return properties;
    }

    private static RecordedRequest iam(String action) {
        return new RecordedRequest(Instant.now(), "iam", action, "POST", "/", Map.of("Action", action, "UserName", "jane"));
    }
}
