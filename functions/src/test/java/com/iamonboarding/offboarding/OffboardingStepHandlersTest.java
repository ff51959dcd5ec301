package com.iamonboarding.offboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import com.iamonboarding.deprovisioning.DeprovisioningAction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * PlanOffboarding, DisableAccess and DeleteIdentity are thin: each reads the state with the project's
 * mapper, hands it to its step of {@link OffboardingService} and writes the result the ASL selects from.
 */
@ExtendWith(MockitoExtension.class)
class OffboardingStepHandlersTest {

    @Mock
    OffboardingService offboarding;

    static byte[] sample(String function) throws Exception {
        Path root = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        return Files.readAllBytes(root.resolve(function + ".json"));
    }

    static JsonNode invoke(com.iamonboarding.common.JsonHandler<?, ?> handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void planOffboardingReturnsThePlanWithEveryFieldTheStateMachineSelects() throws Exception {
        ArgumentCaptor<OffboardingState> state = ArgumentCaptor.forClass(OffboardingState.class);
        when(offboarding.plan(state.capture())).thenReturn(OffboardingPlan.of("jane.doe", null, false, OffboardingMode.DELETE,
                Map.of("OffboardedAt", "2025-01-31T17:00:00Z", "OffboardingReason", "Left the company 2025-01-31"), List.of()));

        JsonNode plan = invoke(new PlanOffboardingHandler(offboarding, Seals.accepting(), Statuses.empty()), sample("PlanOffboardingFunction"));

        assertEquals("off-leaver-2025-0131-jane", state.getValue().offboardingId);
        assertEquals(OffboardingMode.DELETE, state.getValue().request.mode);
        assertTrue(plan.has("userArn") && plan.get("userArn").isNull(), "userArn is written even when null: " + plan);
        for (String field : List.of("userName", "userExists", "mode", "tags", "actions", "actionCount")) {
            assertTrue(plan.has(field), field + " missing from " + plan);
        }
    }

    @Test
    void disableAccessHandsTheWholeStateOverAndReturnsWhatItPerformed() throws Exception {
        ArgumentCaptor<OffboardingState> state = ArgumentCaptor.forClass(OffboardingState.class);
        when(offboarding.disableAccess(state.capture())).thenReturn(new ExecutedActions(List.of(
                DeprovisioningAction.of(DeprovisioningAction.DEACTIVATE_ACCESS_KEY, "AKIA-EXAMPLE-KEY-ID"))));

        JsonNode result = invoke(new DisableAccessHandler(offboarding, Seals.accepting(), Statuses.empty()), sample("DisableAccessFunction"));

        assertEquals(11, state.getValue().plan.actionCount);
        assertEquals(DeprovisioningAction.of(DeprovisioningAction.DELETE_USER, "jane.doe"), state.getValue().plan.actions.get(10));
        assertEquals(1, result.get("performedCount").asInt());
        assertEquals("iam:DeactivateAccessKey", result.at("/performed/0/action").asText());
        assertEquals("AKIA-EXAMPLE-KEY-ID", result.at("/performed/0/target").asText());
    }

    @Test
    void deleteIdentityReturnsWhatItPerformed() throws Exception {
        when(offboarding.deleteIdentity(any())).thenReturn(new ExecutedActions(List.of(
                DeprovisioningAction.of(DeprovisioningAction.DELETE_USER, "jane.doe"))));

        JsonNode result = invoke(new DeleteIdentityHandler(offboarding, Seals.accepting(), Statuses.empty()), sample("DeleteIdentityFunction"));

        assertEquals("iam:DeleteUser", result.at("/performed/0/action").asText());
    }

    @Test
    void anEventThatIsNotAStateFailsPermanentlyWithoutReachingTheService() {
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThrows(PermanentStepException.class, () -> invoke(new DeleteIdentityHandler(offboarding, Seals.accepting(), Statuses.empty()), notJson));
        verifyNoInteractions(offboarding);
    }
}
