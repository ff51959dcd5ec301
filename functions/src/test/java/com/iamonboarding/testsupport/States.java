package com.iamonboarding.testsupport;

import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingState;
import java.io.IOException;
import java.io.InputStream;

/** Loads the unit-test events under src/test/resources/events/. */
public final class States {

    private States() {
    }

    public static OnboardingState load(String name) {
        try (InputStream in = States.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + name);
            }
            return Json.MAPPER.readValue(in, OnboardingState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
