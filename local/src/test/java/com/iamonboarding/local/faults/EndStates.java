package com.iamonboarding.local.faults;

import com.iamonboarding.local.cli.OnboardingRunner;

/**
 * The fault tests' end-state checks ({@link CleanRun}, {@link NothingLeft}) for end-to-end tests in
 * other packages, so that every test judges "one clean run" and "nothing left" the same way.
 */
public final class EndStates {

    private EndStates() {
    }

    /** See {@link CleanRun#assertExactlyOneCleanRun}. */
    public static void assertExactlyOneCleanRun(String userName, String profileName, boolean console, boolean programmatic,
                                                OnboardingRunner.Outcome outcome) {
        CleanRun.assertExactlyOneCleanRun(userName, profileName, console, programmatic, outcome);
    }

    /** See {@link NothingLeft#assertNothingLeftOf}. */
    public static void assertNothingLeftOf(String onboardingId, String userName) {
        NothingLeft.assertNothingLeftOf(onboardingId, userName);
    }
}
