package com.iamonboarding.user;

import com.iamonboarding.common.OnboardingTags;
import java.util.Map;

/**
 * Which users this project manages (and may offboard without {@code force}): those it created, i.e. under its
 * USER_PATH (nested paths included, as the IAM resource {@code user${UserPath}*} matches them) and
 * tagged ManagedBy=iam-onboarding. The IAM policies of the workflow enforce the same rule.
 */
public final class ManagedUsers {

    public static final String NOT_MANAGED = "NotManagedByIamOnboarding";

    private ManagedUsers() {
    }

    public static boolean isManaged(String path, Map<String, String> tags, String userPath) {
        return path != null && path.startsWith(userPath)
                && OnboardingTags.MANAGED_BY_VALUE.equals(tags.get(OnboardingTags.MANAGED_BY));
    }

    /** Names the rule only: the caller decides whether the user's existence may be revealed. */
    public static String explain(String userName, String userPath) {
        return "IAM user " + userName + " was not created by iam-onboarding (it must be under " + userPath
                + " and tagged " + OnboardingTags.MANAGED_BY + "=" + OnboardingTags.MANAGED_BY_VALUE
                + "); offboarding it needs force, which only POST /offboardings/forced accepts";
    }
}
