package com.iamonboarding.enrolment;

import com.iamonboarding.model.OnboardingState;

/**
 * InviteHire's input: the onboarding state and the task token of its {@code .waitForTaskToken} Task,
 * which goes into the invitation record and nowhere else (the state that continues carries the
 * invitation id only).
 */
public class InviteHireInput extends OnboardingState {
    public String taskToken;
}
