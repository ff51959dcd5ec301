package com.iamonboarding.access;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AccessResult;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AddUserToGroupRequest;
import software.amazon.awssdk.services.iam.model.AttachUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetGroupRequest;
import software.amazon.awssdk.services.iam.model.GetPolicyRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Grants what an access profile says: group memberships first (the reference procedure's own
 * recommendation), direct policy attachments only where a profile lists them. Both IAM calls are
 * idempotent, so a retry simply repeats them. Anything that no configured profile names is refused,
 * whatever the state says, so the backend cannot be talked into granting more.
 */
public class AccessAssignmentService {

    private final IamClient iam;
    private final AccessProfiles profiles;
    private final OnboardedUsers users;

    public AccessAssignmentService(IamClient iam, AccessProfiles profiles, OnboardedUsers users) {
        this.iam = iam;
        this.profiles = profiles;
        this.users = users;
    }

    /** Only once {@code userName} is known to be the user {@code onboardingId} created ({@link OnboardedUsers}). */
    public AccessResult assign(String onboardingId, String userName, String profileName) {
        AccessProfile profile = profiles.find(profileName)
                .orElseThrow(() -> new PermanentStepException("accessProfile '" + profileName
                        + "' is not a configured access profile"));
        users.requireOwn(onboardingId, userName);
        AccessResult result = new AccessResult();
        result.accessProfile = profileName;
        for (String group : profile.groups) {
            requireAllowed(profiles.allGroups().contains(group), "group", group);
            addToGroup(userName, group);
            result.groups.add(group);
        }
        for (String policyArn : profile.policyArns) {
            requireAllowed(profiles.allPolicyArns().contains(policyArn), "policy", policyArn);
            attachPolicy(userName, policyArn);
            result.policyArns.add(policyArn);
        }
        return result;
    }

    private static void requireAllowed(boolean allowed, String kind, String name) {
        if (!allowed) {
            throw new PermanentStepException(kind + " " + name + " is not named by any configured access profile");
        }
    }

    private void addToGroup(String userName, String group) {
        try {
            iam.addUserToGroup(AddUserToGroupRequest.builder().userName(userName).groupName(group).build());
        } catch (NoSuchEntityException e) {
            if (!exists(() -> iam.getGroup(GetGroupRequest.builder().groupName(group).build()))) {
                throw new PermanentStepException("IAM group " + group
                        + " does not exist; deploy the template's groups or fix the access profiles");
            }
            throw new RetryableStepException("iam:AddUserToGroup " + userName
                    + ": the user is not visible yet (IAM is eventually consistent)");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:AddUserToGroup " + group, e);
        }
    }

    private void attachPolicy(String userName, String policyArn) {
        try {
            iam.attachUserPolicy(AttachUserPolicyRequest.builder().userName(userName).policyArn(policyArn).build());
        } catch (NoSuchEntityException e) {
            if (!exists(() -> iam.getPolicy(GetPolicyRequest.builder().policyArn(policyArn).build()))) {
                throw new PermanentStepException("IAM policy " + policyArn + " does not exist");
            }
            throw new RetryableStepException("iam:AttachUserPolicy " + userName
                    + ": the user is not visible yet (IAM is eventually consistent)");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:AttachUserPolicy " + policyArn, e);
        }
    }

    private static boolean exists(Runnable lookup) {
        try {
            lookup.run();
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:Get", e);
        }
    }
}
