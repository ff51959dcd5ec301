package com.iamonboarding.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.profiles.AccessProfiles;
import com.iamonboarding.testsupport.HandlerRuns;
import com.iamonboarding.testsupport.OwnUsers;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AddUserToGroupRequest;
import software.amazon.awssdk.services.iam.model.AddUserToGroupResponse;

@ExtendWith(MockitoExtension.class)
class AssignAccessHandlerTest {

    @Mock
    IamClient iam;

    @Test
    void answersWhatTheUserWasGiven() throws Exception {
        when(iam.addUserToGroup(any(AddUserToGroupRequest.class))).thenReturn(AddUserToGroupResponse.builder().build());

        OwnUsers.madeBy(iam, "onb-3f6c1a9e2b7d4c80a1e5f9d2c4b6a8e0", "jane.doe");
        JsonNode out = HandlerRuns.run(new AssignAccessHandler(new AccessAssignmentService(iam, AccessProfiles.bundled(),
                OwnUsers.check(iam)), Seals.accepting(), Statuses.empty()), "state-developer.json");

        assertEquals("developer", out.get("accessProfile").asText());
        assertEquals("iam-onboarding-developers", out.get("groups").get(0).asText());
    }
}
