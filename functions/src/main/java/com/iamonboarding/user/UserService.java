package com.iamonboarding.user;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.UserResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.ListUserTagsRequest;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Creates the hire's IAM user under the configured path, tagged so that a retry recognises its own
 * work and a rollback touches nothing else. A user of the same name that another onboarding (or a
 * person) made is never taken over.
 */
public class UserService {

    private final IamClient iam;
    private final String path;

    public UserService(IamClient iam, String path) {
        this.iam = iam;
        this.path = path;
    }

    public UserResult ensureUser(String onboardingId, OnboardingRequest request, String permissionsBoundaryArn) {
        CreateUserRequest.Builder create = CreateUserRequest.builder()
                .userName(request.userName)
                .path(path)
                .tags(tags(onboardingId, request));
        if (permissionsBoundaryArn != null) {
            create.permissionsBoundary(permissionsBoundaryArn);
        }
        try {
            User user = iam.createUser(create.build()).user();
            return result(user, true);
        } catch (EntityAlreadyExistsException e) {
            return reuseOwnUser(onboardingId, request.userName);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateUser " + request.userName, e);
        }
    }

    private UserResult reuseOwnUser(String onboardingId, String userName) {
        try {
            User user = iam.getUser(GetUserRequest.builder().userName(userName).build()).user();
            Optional<String> owner = iam.listUserTags(ListUserTagsRequest.builder().userName(userName).build()).tags().stream()
                    .filter(t -> OnboardingTags.ONBOARDING_ID.equals(t.key()))
                    .map(Tag::value)
                    .findFirst();
            if (owner.isPresent() && owner.get().equals(onboardingId)) {
                return result(user, false);
            }
            throw new PermanentStepException("IAM user " + userName
                    + " already exists and was not created by onboarding " + onboardingId
                    + "; iam-onboarding never takes over an existing user");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:GetUser " + userName, e);
        }
    }

    static List<Tag> tags(String onboardingId, OnboardingRequest request) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(OnboardingTags.ONBOARDING_ID, onboardingId));
        tags.add(tag(OnboardingTags.EMPLOYEE_ID, request.employeeId));
        tags.add(tag(OnboardingTags.MANAGED_BY, OnboardingTags.MANAGED_BY_VALUE));
        if (request.tags != null) {
            request.tags.forEach((k, v) -> tags.add(tag(k, v)));
        }
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static UserResult result(User user, boolean created) {
        UserResult result = new UserResult();
        result.userName = user.userName();
        result.userArn = user.arn();
        result.path = user.path();
        result.created = created;
        return result;
    }
}
