package com.iamonboarding.user;

import static com.iamonboarding.testsupport.AwsExceptions.entityAlreadyExists;
import static com.iamonboarding.testsupport.AwsExceptions.iamError;
import static com.iamonboarding.testsupport.AwsExceptions.throttling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.model.UserResult;
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.testsupport.States;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

@ExtendWith(MockitoExtension.class)
class UserServiceTest {

    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/iam-onboarding/stack-hire-guardrail";

    @Mock
    IamClient iam;

    private final OnboardingState state = States.load("state-developer.json");

    private static User user() {
        return User.builder().userName("jane.doe").path("/onboarded/")
                .arn("arn:aws:iam::123456789012:user/onboarded/jane.doe").build();
    }

    private UserService users() {
        return new UserService(iam, new OnboardedUsers(iam, "/onboarded/"));
    }

    private void existingUser(User user) {
        when(iam.createUser(any(CreateUserRequest.class))).thenThrow(entityAlreadyExists());
        when(iam.getUser(any(GetUserRequest.class))).thenReturn(GetUserResponse.builder().user(user).build());
    }

    @Test
    void createsTheUserUnderThePathWithTagsAndBoundary() {
        when(iam.createUser(any(CreateUserRequest.class))).thenReturn(CreateUserResponse.builder().user(user()).build());

        UserResult result = users().ensureUser(state.onboardingId, state.request, BOUNDARY);

        ArgumentCaptor<CreateUserRequest> sent = ArgumentCaptor.forClass(CreateUserRequest.class);
        verify(iam).createUser(sent.capture());
        assertEquals("jane.doe", sent.getValue().userName());
        assertEquals("/onboarded/", sent.getValue().path());
        assertEquals(BOUNDARY, sent.getValue().permissionsBoundary());
        Map<String, String> tags = sent.getValue().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("OnboardingId", state.onboardingId, "EmployeeId", "E-1042", "AccessProfile", "developer",
                "ManagedBy", "iam-onboarding", "CostCenter", "cc-42"), tags);
        assertTrue(result.created);
        assertEquals("arn:aws:iam::123456789012:user/onboarded/jane.doe", result.userArn);
        assertEquals(BOUNDARY, result.permissionsBoundaryArn);
    }

    @Test
    void noHireIsCreatedWithoutABoundary() {
        assertThrows(PermanentStepException.class, () -> users().ensureUser(state.onboardingId, state.request, null));
        assertThrows(PermanentStepException.class, () -> users().ensureUser(state.onboardingId, state.request, " "));

        verify(iam, never()).createUser(any(CreateUserRequest.class));
    }

    @Test
    void retryReusesTheUserThisOnboardingCreated() {
        existingUser(OwnUsers.user("jane.doe", "/onboarded/", state.onboardingId));

        UserResult result = users().ensureUser(state.onboardingId, state.request, BOUNDARY);

        assertFalse(result.created);
        assertEquals("jane.doe", result.userName);
    }

    @Test
    void neverTakesOverAUserAnotherOnboardingCreated() {
        existingUser(OwnUsers.user("jane.doe", "/onboarded/", "onb-someone-else"));

        PermanentStepException e = assertThrows(PermanentStepException.class,
                () -> users().ensureUser(state.onboardingId, state.request, BOUNDARY));
        assertTrue(e.getMessage().contains("never takes over"), e.getMessage());
    }

    @Test
    void aUserOfTheSameNameOutsideThePathIsAClearPermanentError() {
        // Such a user even carries this onboarding's tags: only the path and ManagedBy make a user managed.
        existingUser(OwnUsers.user("jane.doe", "/", state.onboardingId));

        UserNotManagedException e = assertThrows(UserNotManagedException.class,
                () -> users().ensureUser(state.onboardingId, state.request, BOUNDARY));
        assertTrue(e.getMessage().contains("already taken by a user this system does not manage"), e.getMessage());
    }

    @Test
    void aUserIamWillNotShowTheRoleIsTakenByAUserThisSystemDoesNotManage() {
        // On AWS the role may read only user${UserPath}*: GetUser of a user elsewhere is AccessDenied.
        when(iam.createUser(any(CreateUserRequest.class))).thenThrow(entityAlreadyExists());
        when(iam.getUser(any(GetUserRequest.class))).thenThrow(iamError("AccessDenied", 403));

        UserNotManagedException e = assertThrows(UserNotManagedException.class,
                () -> users().ensureUser(state.onboardingId, state.request, BOUNDARY));
        assertTrue(e.getMessage().contains("jane.doe is already taken by a user this system does not manage"), e.getMessage());
        assertFalse(e.getMessage().contains("AccessDenied"), "the cause says what it means, not what IAM answered");
    }

    @Test
    void throttlingIsRetryableAndLimitsArePermanent() {
        when(iam.createUser(any(CreateUserRequest.class))).thenThrow(throttling(), iamError("LimitExceeded", 409));
        UserService users = users();

        assertThrows(RetryableStepException.class, () -> users.ensureUser(state.onboardingId, state.request, BOUNDARY));
        PermanentStepException limit = assertThrows(PermanentStepException.class,
                () -> users.ensureUser(state.onboardingId, state.request, BOUNDARY));
        assertTrue(limit.getMessage().contains("LimitExceeded"));
    }
}
