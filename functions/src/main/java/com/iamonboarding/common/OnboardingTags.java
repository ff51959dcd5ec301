package com.iamonboarding.common;

/** The tags that mark a resource as made by one onboarding, so retries and rollbacks touch only their own work. */
public final class OnboardingTags {
    public static final String ONBOARDING_ID = "OnboardingId";
    public static final String EMPLOYEE_ID = "EmployeeId";
    public static final String MANAGED_BY = "ManagedBy";
    public static final String MANAGED_BY_VALUE = "iam-onboarding";

    private OnboardingTags() {
    }
}
