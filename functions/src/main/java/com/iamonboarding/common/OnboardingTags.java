package com.iamonboarding.common;

import java.util.List;
import java.util.Locale;

/** The tags that mark a resource as made by one onboarding, so retries and rollbacks touch only their own work. */
public final class OnboardingTags {
    public static final String ONBOARDING_ID = "OnboardingId";
    public static final String EMPLOYEE_ID = "EmployeeId";
    /** The hire's profile: the guardrail boundary lets only the profiles it names call the API. */
    public static final String ACCESS_PROFILE = "AccessProfile";
    public static final String MANAGED_BY = "ManagedBy";
    public static final String MANAGED_BY_VALUE = "iam-onboarding";
    public static final String OFFBOARDED_AT = "OffboardedAt";
    public static final String OFFBOARDING_REASON = "OffboardingReason";

    /**
     * Every tag key the system itself sets on a user, now or later in its life. A request may not set
     * any of them (in any letter case: IAM tag keys are case-insensitive), so it can neither forge
     * ownership nor preset an offboarding.
     */
    public static final List<String> RESERVED_USER_TAG_KEYS = List.of(
            ONBOARDING_ID, EMPLOYEE_ID, ACCESS_PROFILE, MANAGED_BY, OFFBOARDED_AT, OFFBOARDING_REASON);

    /**
     * How many tags the system sets on a user at most: the reserved ones. IAM allows 50, so a request
     * may bring at most 50 minus this many, and an offboarding can always add its tags.
     */
    public static final int MAX_REQUEST_TAGS = 50 - RESERVED_USER_TAG_KEYS.size() - 4;

    public static boolean isReserved(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("aws:") || RESERVED_USER_TAG_KEYS.stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(lower));
    }

    private OnboardingTags() {
    }
}
