package com.iamonboarding.compensate;

import com.iamonboarding.deprovisioning.DeprovisioningReport;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Runs when any step fails: undoes what this onboarding created, then tells the state machine how
 * to fail. If something cannot be removed it publishes {@code OnboardingRollbackIncomplete} and fails
 * with a cause that lists exactly what remains.
 */
public class CompensateHandler extends JsonHandler<OnboardingState, CompensationResult> {

    private static final Log LOG = Log.forFunction("Compensate");

    private final RollbackService deprovisioning;
    private final EventBridgeClient events;
    private final String eventBusName;

    public CompensateHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CompensateHandler(FunctionEnvironment env) {
        this(new RollbackService(AwsClients.iam(env), AwsClients.secretsManager(env), AwsClients.s3(env),
                env.require("QR_BUCKET")), AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME"));
    }

    public CompensateHandler(RollbackService deprovisioning, EventBridgeClient events, String eventBusName) {
        super(OnboardingState.class);
        this.deprovisioning = deprovisioning;
        this.events = events;
        this.eventBusName = eventBusName;
    }

    @Override
    public CompensationResult handle(OnboardingState state, Context context) {
        String failedStep = state.failedStep == null ? "Unknown" : state.failedStep;
        DeprovisioningReport report = deprovisioning.removeOnboarding(state.onboardingId, state.userName());
        CompensationResult result = new CompensationResult();
        result.failedStep = failedStep;
        result.removed = report.removed;
        result.remaining = report.remaining;
        result.error = failedStep + "Failed";
        result.cause = failedStep + " failed: " + originalCause(state.error) + ". Rolled back: "
                + (report.removed.isEmpty() ? "nothing had been created" : String.join(", ", report.removed)) + ".";
        LOG.info(state.onboardingId, "rollback finished", "failedStep", failedStep,
                "removed", report.removed, "remaining", report.remaining);
        if (!report.complete()) {
            if (report.retryable) {
                throw new RetryableStepException("rollback of " + state.onboardingId + " is incomplete, will retry; remaining: "
                        + String.join("; ", report.remaining));
            }
            publishRollbackIncomplete(state, failedStep, report);
            throw new RollbackIncompleteException("rollback of onboarding " + state.onboardingId + " after " + failedStep
                    + " failed is incomplete; remaining: " + String.join("; ", report.remaining));
        }
        return result;
    }

    /** The Catch puts the Lambda error payload, as JSON text, in Cause; keep only its message. */
    static String originalCause(JsonNode error) {
        if (error == null) {
            return "unknown error";
        }
        String errorName = error.path("Error").asText("error");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode payload = Json.MAPPER.readTree(cause);
            if (payload != null && payload.hasNonNull("errorMessage")) {
                return payload.get("errorMessage").asText();
            }
        } catch (Exception notJson) {
            // Cause is plain text (a States.* error): use it as it is.
        }
        return cause.isBlank() ? errorName : cause;
    }

    private void publishRollbackIncomplete(OnboardingState state, String failedStep, DeprovisioningReport report) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("onboardingId", state.onboardingId);
        detail.put("userName", state.userName());
        detail.put("failedStep", failedStep);
        detail.put("removed", report.removed);
        detail.put("remaining", report.remaining);
        try {
            events.putEvents(b -> b.entries(e -> e.eventBusName(eventBusName).source("iam-onboarding")
                    .detailType("OnboardingRollbackIncomplete").detail(Json.write(detail))));
        } catch (SdkException e) {
            LOG.warn(state.onboardingId, "could not publish OnboardingRollbackIncomplete", "error", e.getClass().getSimpleName());
        }
    }
}
