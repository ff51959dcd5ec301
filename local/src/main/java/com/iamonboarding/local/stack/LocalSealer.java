package com.iamonboarding.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.offboarding.OffboardingRequest;
import com.iamonboarding.offboarding.OffboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Seals workflow inputs with the local stack's seal key, as StartOnboarding and StartOffboarding do:
 * for {@code bin/local invoke} of a step with a sample event (a step runs only on a sealed state),
 * and for tests that start a state machine or a step directly. Production code never seals
 * anything but the API's own requests; this exists because the local stack owns its emulator's key.
 */
public final class LocalSealer {

    private final InputSeal seal;

    public LocalSealer(KmsClient kms, String sealKeyArn) {
        this.seal = new InputSeal(kms, sealKeyArn, Clock.systemUTC());
    }

    /** The onboarding state machine's input for {@code onboardingId} and {@code request}, sealed. */
    public ObjectNode onboardingInput(String onboardingId, JsonNode request) {
        return input(OnboardingState.WORKFLOW, "onboardingId", onboardingId, convert(request, OnboardingRequest.class));
    }

    /** The offboarding state machine's input for {@code offboardingId} and {@code request}, sealed. */
    public ObjectNode offboardingInput(String offboardingId, JsonNode request) {
        return input(OffboardingState.WORKFLOW, "offboardingId", offboardingId, convert(request, OffboardingRequest.class));
    }

    /**
     * {@code state} with a fresh seal over its id and request as the steps read them (through the
     * typed state, defaults included). Anything else in the state is kept as it is.
     */
    public ObjectNode reseal(ObjectNode state, Class<?> stateType) {
        SealedInput typed = (SealedInput) convert(state, stateType);
        String workflow = typed instanceof OffboardingState ? OffboardingState.WORKFLOW : OnboardingState.WORKFLOW;
        ObjectNode sealed = state.deepCopy();
        sealed.set("seal", Json.MAPPER.valueToTree(seal.seal(workflow, typed.sealedId(), typed.sealedRequest())));
        return sealed;
    }

    /** Whether states of this type are sealed (the steps' input types). */
    public static boolean isSealedState(Class<?> type) {
        return SealedInput.class.isAssignableFrom(type);
    }

    private ObjectNode input(String workflow, String idField, String id, Object request) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put(idField, id);
        input.set("request", Json.MAPPER.valueToTree(request));
        input.set("seal", Json.MAPPER.valueToTree(seal.seal(workflow, id, request)));
        return input;
    }

    private static <T> T convert(JsonNode json, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName(), e);
        }
    }
}
