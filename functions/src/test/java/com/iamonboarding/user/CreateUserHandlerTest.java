package com.iamonboarding.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.seal.SealRejectedException;
import com.iamonboarding.testsupport.HandlerRuns;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
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

    static final String GUARDRAIL = "arn:aws:iam::123456789012:policy/iam-onboarding/stack-hire-guardrail";

    private CreateUserHandler handler() {
        return handler(AccessProfiles.bundled());
    }

    private CreateUserHandler handler(AccessProfiles profiles) {
        return new CreateUserHandler(new UserService(iam, new OnboardedUsers(iam, "/onboarded/")), profiles, GUARDRAIL,
                Seals.accepting(), Statuses.empty());
    }

    @Test
    void createsTheUserWithTheGuardrailBoundaryWhenItsProfileNamesNone() throws Exception {
        when(iam.createUser(any(CreateUserRequest.class))).thenReturn(CreateUserResponse.builder().user(User.builder()
                .userName("jane.doe").path("/onboarded/").arn("arn:aws:iam::123456789012:user/onboarded/jane.doe").build()).build());

        JsonNode out = HandlerRuns.run(handler(), "state-developer.json");

        ArgumentCaptor<CreateUserRequest> sent = ArgumentCaptor.forClass(CreateUserRequest.class);
        verify(iam).createUser(sent.capture());
        assertEquals(GUARDRAIL, sent.getValue().permissionsBoundary());
        assertEquals("arn:aws:iam::123456789012:user/onboarded/jane.doe", out.get("userArn").asText());
        assertEquals(GUARDRAIL, out.get("permissionsBoundaryArn").asText());
        assertTrue(out.get("created").asBoolean());
    }

    @Test
    void aProfileWithItsOwnStricterBoundaryGetsThatOne() {
        AccessProfile strict = new AccessProfile();
        strict.groups = java.util.List.of("iam-onboarding-developers");
        strict.permissionsBoundaryArn = "arn:aws:iam::123456789012:policy/iam-onboarding/strict-developer";
        when(iam.createUser(any(CreateUserRequest.class))).thenReturn(CreateUserResponse.builder().user(User.builder()
                .userName("jane.doe").path("/onboarded/").arn("arn:aws:iam::123456789012:user/onboarded/jane.doe").build()).build());

        handler(new AccessProfiles(java.util.Map.of("developer", strict))).handle(States.load("state-developer.json"), null);

        ArgumentCaptor<CreateUserRequest> sent = ArgumentCaptor.forClass(CreateUserRequest.class);
        verify(iam).createUser(sent.capture());
        assertEquals(strict.permissionsBoundaryArn, sent.getValue().permissionsBoundary());
    }

    @Test
    void anUnsealedStateCreatesNoUser() {
        OnboardingState forged = States.load("state-developer.json");
        forged.seal = null;
        forged.request.accessProfile = "administrator";

        assertThrows(SealRejectedException.class, () -> handler().handle(forged, null));

        verifyNoInteractions(iam);
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
