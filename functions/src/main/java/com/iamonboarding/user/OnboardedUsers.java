package com.iamonboarding.user;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The check every onboarding step makes before it writes anything about a user: the user is the one
 * <em>this</em> onboarding created, under UserPath, tagged {@code ManagedBy=iam-onboarding} and
 * {@code OnboardingId=<this onboarding>}. IAM cannot say which user {@code iam:AddUserToGroup} may
 * add (it is authorised on the group), so without this check a step handed another user's name
 * would act on that user. One {@code iam:GetUser}, which returns the user's tags.
 */
public class OnboardedUsers {

    private final IamClient iam;
    private final String userPath;

    public OnboardedUsers(IamClient iam, String userPath) {
        this.iam = iam;
        this.userPath = userPath;
    }

    public String userPath() {
        return userPath;
    }

    /** The user, once it is known to be this onboarding's; throws a permanent error for any other user. */
    public User requireOwn(String onboardingId, String userName) {
        User user = get(userName);
        Map<String, String> tags = tags(user);
        if (!ManagedUsers.isManaged(user.path(), tags, userPath)) {
            throw notManaged(userName);
        }
        String owner = tags.get(OnboardingTags.ONBOARDING_ID);
        if (!onboardingId.equals(owner)) {
            throw new PermanentStepException("IAM user " + userName + " was created by another onboarding ("
                    + owner + "), not by " + onboardingId + "; iam-onboarding never takes over a user, and nothing was changed");
        }
        return user;
    }

    private User get(String userName) {
        try {
            return iam.getUser(GetUserRequest.builder().userName(userName).build()).user();
        } catch (NoSuchEntityException e) {
            // The workflow created the user a moment ago: IAM is eventually consistent.
            throw new RetryableStepException("iam:GetUser " + userName + " failed: NoSuchEntity (IAM may not show the new user yet)");
        } catch (AwsServiceException e) {
            // The roles may read only users under UserPath: a user IAM will not show is not ours.
            if (AwsErrors.isAccessDenied(e)) {
                throw notManaged(userName);
            }
            throw AwsErrors.classify("iam:GetUser " + userName, e);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:GetUser " + userName, e);
        }
    }

    private UserNotManagedException notManaged(String userName) {
        return new UserNotManagedException("the user name " + userName + " is already taken by a user this system does not"
                + " manage (iam-onboarding manages only users under " + userPath + " tagged " + OnboardingTags.MANAGED_BY + "="
                + OnboardingTags.MANAGED_BY_VALUE + "); nothing was changed");
    }

    static Map<String, String> tags(User user) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (user.hasTags()) {
            for (Tag tag : user.tags()) {
                tags.put(tag.key(), tag.value());
            }
        }
        return tags;
    }
}
