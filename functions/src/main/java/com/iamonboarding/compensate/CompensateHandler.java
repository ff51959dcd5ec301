package com.iamonboarding.compensate;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.EventPublisher;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.deprovisioning.DeprovisioningReport;
import com.iamonboarding.enrolment.InvitationStore;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.CreateUserHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs when any step fails: undoes what this onboarding created, then tells the state machine how
 * to fail. While something remains only because of a transient error, it fails with a retryable
 * error and the state machine runs it again. When something cannot be removed, or on the state
 * machine's last attempt ({@code finalRollbackAttempt}, set once its retries are spent), it
 * publishes {@value #ROLLBACK_INCOMPLETE} and fails with a cause that lists exactly what remains.
 */
public class CompensateHandler extends SealedStepHandler<OnboardingState, CompensationResult> {

    public static final String ROLLBACK_INCOMPLETE = "OnboardingRollbackIncomplete";
    private static final Log LOG = Log.forFunction("Compensate");

    private final RollbackService rollback;
    private final EventPublisher events;
    private final InvitationStore invitations;

    public CompensateHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public CompensateHandler(FunctionEnvironment env) {
        this(env, AwsClients.dynamoDb(env));
    }

    private CompensateHandler(FunctionEnvironment env, DynamoDbClient dynamoDb) {
        this(new RollbackService(AwsClients.iam(env), AwsClients.secretsManager(env), AwsClients.s3(env),
                        env.require("QR_BUCKET"), env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH)),
                new EventPublisher(AwsClients.eventBridge(env), env.require("EVENT_BUS_NAME")),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, dynamoDb, Log.forFunction("Compensate")),
                InvitationStore.fromEnvironment(env, dynamoDb));
    }

    public CompensateHandler(RollbackService rollback, EventPublisher events, InputSeal seal, StatusTable status,
                             InvitationStore invitations) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "Compensate", seal, status);
        this.rollback = rollback;
        this.events = events;
        this.invitations = invitations;
    }

    @Override
    protected CompensationResult step(OnboardingState state, Context context) {
        String failedStep = state.failedStep == null ? "Unknown" : state.failedStep;
        if (state.request != null && state.request.isSelfService()) {
            // The link must die with the user: an open invitation would let its holder start an enrolment.
            invitations.voidAll(state.onboardingId);
        }
        DeprovisioningReport report = rollback.removeOnboarding(state.onboardingId, state.userName());
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
            boolean finalAttempt = Boolean.TRUE.equals(state.finalRollbackAttempt);
            if (report.retryable && !finalAttempt) {
                throw new RetryableStepException("rollback of " + state.onboardingId + " is incomplete, will retry; remaining: "
                        + String.join("; ", report.remaining));
            }
            publishRollbackIncomplete(state, failedStep, report);
            RollbackIncompleteException incomplete = new RollbackIncompleteException("rollback of onboarding " + state.onboardingId
                    + " after " + failedStep + " failed is incomplete" + (report.retryable ? " after every retry" : "")
                    + "; remaining: " + String.join("; ", report.remaining));
            // The execution ends RollbackIncomplete with this message as its cause.
            status().failed(state.onboardingId, failedStep, ROLLBACK_INCOMPLETE, incomplete.getMessage());
            throw incomplete;
        }
        // The execution ends OnboardingFailed with this error and cause.
        status().failed(state.onboardingId, failedStep, result.error, result.cause);
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

    /** The alarm's event. If it cannot be published the rollback's own failure still reports what remains. */
    private void publishRollbackIncomplete(OnboardingState state, String failedStep, DeprovisioningReport report) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("onboardingId", state.onboardingId);
        detail.put("userName", state.userName());
        detail.put("failedStep", failedStep);
        detail.put("removed", report.removed);
        detail.put("remaining", report.remaining);
        try {
            events.publish(ROLLBACK_INCOMPLETE, detail, null);
        } catch (RuntimeException e) {
            LOG.warn(state.onboardingId, "could not publish " + ROLLBACK_INCOMPLETE, "error", e.getMessage());
        }
    }
}
