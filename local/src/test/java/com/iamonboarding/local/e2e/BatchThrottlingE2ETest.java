package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.local.proxy.AwsProxy;
import com.iamonboarding.local.proxy.IamThrottle;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cohort of 200 against an IAM that lets only {@value #RATE} write requests a second through (the
 * local endpoint's token bucket answers the rest with IAM's Throttling error): every row succeeds,
 * because the batch runs few rows at once and the workflows retry what is throttled, and the
 * report's timings show the pacing: the rows cannot finish faster than the bucket allows.
 */
class BatchThrottlingE2ETest {

    static final double RATE = 5;
    /**
     * Two seconds of writes at once: an account's bucket is not empty after a pause. With a burst of
     * 5, five rows retrying together ran one row out of its step's retries in one run of five.
     */
    static final int BURST = 10;

    @Test
    void aCohortOf200SucceedsWhenIamThrottlesItsWrites() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add(Requests.userName("paced"));
        }
        AwsProxy proxy = SharedStack.get().lambdaEndpoint().proxy();
        IamThrottle throttle = new IamThrottle(RATE, BURST, System::nanoTime);
        IamThrottle before = proxy.iamThrottle();
        proxy.iamThrottle(throttle);
        JsonNode done;
        try {
            done = Batches.run("batches/paced-" + names.get(0) + ".csv", Batches.lightCohort(names), "REJECT");
        } finally {
            proxy.iamThrottle(before);
        }
        assertEquals(Map.of("SUCCEEDED", 200), Batches.nonZero(done.path("counts")), done.toString());
        assertTrue(throttle.throttled() > 0, "IAM throttled some writes: " + throttle.throttled() + " of " + (throttle.admitted() + throttle.throttled()));

        Instant first = null;
        Instant last = null;
        for (JsonNode line : Batches.report(done).path("lines")) {
            Instant started = Instant.parse(line.path("startedAt").asText());
            Instant stopped = Instant.parse(line.path("stoppedAt").asText());
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || stopped.isAfter(last) ? stopped : last;
        }
        // Each row makes at least two IAM writes (CreateUser, AddUserToGroup): 400 writes, a burst at once, then 5 a second.
        Duration least = Duration.ofMillis((long) ((2 * names.size() - BURST) / RATE * 1000));
        assertTrue(Duration.between(first, last).compareTo(least) >= 0,
                "the rows took " + Duration.between(first, last) + ", at least " + least + " at " + RATE + " IAM writes a second");
    }
}
