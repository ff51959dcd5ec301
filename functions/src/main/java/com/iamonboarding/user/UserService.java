package com.iamonboarding.user;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.UserResult;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Creates the hire's IAM user under the configured path with its permissions boundary, tagged so that
 * a retry recognises its own work and a rollback touches nothing else. A user of the same name that
 * another onboarding (or a person) made is never taken over ({@link OnboardedUsers}).
 */
public class UserService {

    private final IamClient iam;
    private final OnboardedUsers users;

    public UserService(IamClient iam, OnboardedUsers users) {
        this.iam = iam;
        this.users = users;
    }

    /** {@code permissionsBoundaryArn} is required: no hire is created without a boundary. */
    public UserResult ensureUser(String onboardingId, OnboardingRequest request, String permissionsBoundaryArn) {
        if (permissionsBoundaryArn == null || permissionsBoundaryArn.isBlank()) {
            throw new PermanentStepException("no permissions boundary for access profile '" + request.accessProfile
                    + "'; iam-onboarding creates no user without one");
        }
        CreateUserRequest create = CreateUserRequest.builder()
                .userName(request.userName)
                .path(users.userPath())
                .permissionsBoundary(permissionsBoundaryArn)
                .tags(tags(onboardingId, request))
                .build();
        try {
            User user = iam.createUser(create).user();
            return result(user, true, permissionsBoundaryArn);
        } catch (EntityAlreadyExistsException e) {
            User user = users.requireOwn(onboardingId, request.userName);
            return result(user, false, user.permissionsBoundary() == null ? permissionsBoundaryArn
                    : user.permissionsBoundary().permissionsBoundaryArn());
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateUser " + request.userName, e);
        }
    }

    static List<Tag> tags(String onboardingId, OnboardingRequest request) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(OnboardingTags.ONBOARDING_ID, onboardingId));
        tags.add(tag(OnboardingTags.EMPLOYEE_ID, request.employeeId));
        tags.add(tag(OnboardingTags.ACCESS_PROFILE, request.accessProfile));
        tags.add(tag(OnboardingTags.MANAGED_BY, OnboardingTags.MANAGED_BY_VALUE));
        if (request.tags != null) {
            request.tags.forEach((k, v) -> tags.add(tag(k, v)));
        }
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static UserResult result(User user, boolean created, String permissionsBoundaryArn) {
        UserResult result = new UserResult();
        result.permissionsBoundaryArn = permissionsBoundaryArn;
        result.userName = user.userName();
        result.userArn = user.arn();
        result.path = user.path();
        result.created = created;
        return result;
    }
}
