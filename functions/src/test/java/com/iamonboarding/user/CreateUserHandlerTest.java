package com.iamonboarding.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.testsupport.HandlerRuns;
import com.iamonboarding.testsupport.States;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.User;

@ExtendWith(MockitoExtension.class)
class CreateUserHandlerTest {

    @Mock
    IamClient iam;

    private CreateUserHandler handler() {
        return new CreateUserHandler(new UserService(iam, "/onboarded/"), AccessProfiles.bundled());
    }

    @Test
    void createsTheUserWithItsProfilesBoundary() throws Exception {
        when(iam.createUser(any(CreateUserRequest.class))).thenReturn(CreateUserResponse.builder().user(User.builder()
                .userName("jane.doe").path("/onboarded/").arn("arn:aws:iam::123456789012:user/onboarded/jane.doe").build()).build());

        JsonNode out = HandlerRuns.run(handler(), "state-developer.json");

        ArgumentCaptor<CreateUserRequest> sent = ArgumentCaptor.forClass(CreateUserRequest.class);
        verify(iam).createUser(sent.capture());
        assertEquals("arn:aws:iam::aws:policy/PowerUserAccess", sent.getValue().permissionsBoundary());
        assertEquals("arn:aws:iam::123456789012:user/onboarded/jane.doe", out.get("userArn").asText());
        assertTrue(out.get("created").asBoolean());
    }

    @Test
    void unknownProfileFailsBeforeAnyIamCall() {
        OnboardingState state = States.load("state-developer.json");
        state.request.accessProfile = "root";

        PermanentStepException e = assertThrows(PermanentStepException.class, () -> handler().handle(state, null));

        assertTrue(e.getMessage().contains("accessProfile 'root'"));
        verify(iam, never()).createUser(any(CreateUserRequest.class));
    }
}
