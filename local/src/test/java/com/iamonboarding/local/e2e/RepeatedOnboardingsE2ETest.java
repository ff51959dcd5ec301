package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The same state machine executed again and again, several at a time, through one running stack. */
class RepeatedOnboardingsE2ETest {

    private static final int ONBOARDINGS = 10;

    @Test
    void tenOnboardingsThroughOneStackAllSucceed() throws Exception {
        String[] profiles = {"developer", "billing", "system-administrator", "database-administrator", "administrator"};
        List<Future<OnboardingRunner.Outcome>> running = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < ONBOARDINGS; i++) {
                String profile = profiles[i % profiles.length];
                boolean console = i % 3 != 0;
                boolean programmatic = i % 2 == 0;
                String userName = Requests.userName("repeat");
                running.add(clients.submit(() -> Onboardings.run(Requests.request(userName, profile, console, programmatic))));
            }
            List<OnboardingRunner.Outcome> outcomes = new ArrayList<>();
            for (Future<OnboardingRunner.Outcome> outcome : running) {
                outcomes.add(outcome.get());
            }
            assertEquals(List.of(), outcomes.stream().filter(o -> !o.succeeded())
                    .map(o -> o.onboardingId() + ": " + o.onboarding()).toList());
            Set<String> executions = outcomes.stream().map(OnboardingRunner.Outcome::executionArn).collect(Collectors.toSet());
            assertEquals(ONBOARDINGS, executions.size());
            outcomes.forEach(o -> SharedStack.iam().getUser(b -> b.userName(o.result().path("userName").asText())));
        } finally {
            clients.shutdownNow();
        }
    }
}
