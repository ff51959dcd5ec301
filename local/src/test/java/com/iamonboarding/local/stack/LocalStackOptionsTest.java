package com.iamonboarding.local.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void everyStateMachineIsCreatedUnlessACommandNamesTheOnesItRuns() {
        LocalStackOptions all = new LocalStackOptions();
        LocalStackOptions onboarding = new LocalStackOptions().onlyStateMachines("OnboardingStateMachine");

        assertTrue(all.creates("OnboardingStateMachine") && all.creates("OffboardingStateMachine") && all.creates("BatchStateMachine"));
        assertTrue(onboarding.creates("OnboardingStateMachine"));
        assertFalse(onboarding.creates("OffboardingStateMachine"));
        assertFalse(onboarding.creates("BatchStateMachine"));
    }
}
