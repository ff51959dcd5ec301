package com.iamonboarding.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.testsupport.Seals;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

/** Every step verifies its seal before anything else, then reports its start and end to the status table. */
class SealedStepHandlerTest {

    private final DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
    private final StatusTable status = new StatusTable(dynamoDb, "status-table",
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), Log.forFunction("test"));

    /** A step that fails when asked to. */
    static final class Step extends SealedStepHandler<OnboardingState, String> {
        private final boolean fail;

        Step(InputSeal seal, StatusTable status, boolean fail) {
            super(OnboardingState.class, OnboardingState.WORKFLOW, "AssignAccess", seal, status);
            this.fail = fail;
        }

        @Override
        protected String step(OnboardingState input, Context context) {
            if (fail) {
                throw new PermanentStepException("the step failed");
            }
            return "done";
        }
    }

    private static OnboardingState state() {
        OnboardingState state = new OnboardingState();
        state.onboardingId = "onb-1";
        state.request = new OnboardingRequest();
        state.request.userName = "jane.doe";
        return Seals.sealed(state);
    }

    @Test
    void aStepWritesItsStartEvenWhenItFails() {
        ArgumentCaptor<UpdateItemRequest> updates = ArgumentCaptor.forClass(UpdateItemRequest.class);
        when(dynamoDb.updateItem(updates.capture())).thenReturn(UpdateItemResponse.builder().build());

        assertEquals("done", new Step(Seals.accepting(), status, false).handle(state(), null));
        assertThrows(PermanentStepException.class, () -> new Step(Seals.accepting(), status, true).handle(state(), null));

        List<UpdateItemRequest> written = updates.getAllValues();
        assertEquals(2, written.size(), "one start per invocation, finished before the handler returned");
        for (UpdateItemRequest update : written) {
            assertEquals("status-table", update.tableName());
            assertEquals(AttributeValue.fromS("onb-1"), update.key().get("id"));
            assertEquals("attribute_exists(#id) AND #status IN (:running, :waiting)", update.conditionExpression(),
                    "only into a record the API made, while it runs (other branches run while the hire is awaited)");
            assertEquals(AttributeValue.fromS("RUNNING"), update.expressionAttributeValues().get(":running"));
            assertEquals(AttributeValue.fromS("WAITING_FOR_HIRE"), update.expressionAttributeValues().get(":waiting"));
            assertEquals(AttributeValue.fromS("AssignAccess"), update.expressionAttributeValues().get(":step"));
        }
    }

    @Test
    void aForgedStateWritesNoStatus() {
        KmsClient kms = mock(KmsClient.class);
        when(kms.verifyMac(any(VerifyMacRequest.class))).thenReturn(VerifyMacResponse.builder().macValid(false).build());
        InputSeal rejecting = new InputSeal(kms, Seals.KEY_ARN, Clock.fixed(Seals.SEALED_AT, ZoneOffset.UTC));

        assertThrows(SealRejectedException.class, () -> new Step(rejecting, status, false).handle(state(), null));

        verifyNoInteractions(dynamoDb);
        verify(kms, times(1)).verifyMac(any(VerifyMacRequest.class));
    }
}
