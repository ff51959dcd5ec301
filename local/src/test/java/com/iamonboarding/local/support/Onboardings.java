package com.iamonboarding.local.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.OnboardingRunner;
import java.time.Duration;
import java.util.Map;

/** Runs onboardings through the shared stack's local API, as a client would. */
public final class Onboardings {

    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Onboardings() {
    }

    public static OnboardingRunner.Outcome run(JsonNode request) {
        return new OnboardingRunner(SharedStack.get(), TIMEOUT).run(Json.write(request), Map.of(), entered -> { });
    }
}
