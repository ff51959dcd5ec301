package com.iamonboarding.testsupport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;

import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/** The ownership check of the steps (OnboardedUsers) against a mocked IamClient, with real GetUser answers. */
public final class OwnUsers {

    public static final String USER_PATH = "/onboarded/";

    private OwnUsers() {
    }

    public static OnboardedUsers check(IamClient iam) {
        return new OnboardedUsers(iam, USER_PATH);
    }

    public static User user(String userName, String path, String onboardingId) {
        User.Builder user = User.builder().userName(userName).path(path)
                .arn("arn:aws:iam::123456789012:user" + path + userName).userId("AIDA" + Math.abs(userName.hashCode()));
        return onboardingId == null
                ? user.tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build()).build()
                : user.tags(Tag.builder().key("ManagedBy").value("iam-onboarding").build(),
                        Tag.builder().key("OnboardingId").value(onboardingId).build()).build();
    }

    /** GetUser answers the user under {@link #USER_PATH}, tagged as made by {@code onboardingId}. */
    public static User madeBy(IamClient iam, String onboardingId, String userName) {
        User user = user(userName, USER_PATH, onboardingId);
        lenient().when(iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder().user(user).build());
        return user;
    }
}
