package com.iamonboarding.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One onboarding's or offboarding's status as {@link StatusTable} keeps it: its latest attempt as
 * the workflow last wrote it, and the earlier attempts as they ended. Identifiers only: the result
 * is the API's whitelisted view, never a secret.
 */
public record StatusRecord(String id, String workflow, int attempt, String status, Optional<String> startedAt,
                           Optional<String> stoppedAt, Optional<String> currentStep,
                           Optional<String> failedStep, Optional<String> error, Optional<String> cause,
                           Optional<ObjectNode> result, ArrayNode earlierAttempts, Instant updatedAt,
                           Optional<String> invitationExpiresAt) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** SELF_SERVICE: the hire was invited and has not enrolled yet. */
    public static final String WAITING_FOR_HIRE = "WAITING_FOR_HIRE";
    /** A waiting record is checked with Step Functions this long after its invitation expired. */
    static final Duration EXPIRY_GRACE = Duration.ofMinutes(5);
    private static final Set<String> TERMINAL = Set.of(SUCCEEDED, FAILED, "TIMED_OUT", "ABORTED");

    public StatusRecord {
        earlierAttempts = earlierAttempts.deepCopy();
    }

    public boolean isTerminal() {
        return TERMINAL.contains(status);
    }

    /**
     * Whether the record alone answers a status read: it ended, or it runs and a step wrote it
     * within {@code staleAfter} (the workflow writes as it goes; an execution that died between
     * steps, by a timeout or an abort, writes nothing more, so an old RUNNING record is checked).
     */
    public boolean answers(Instant now, Duration staleAfter) {
        if (WAITING_FOR_HIRE.equals(status)) {
            // A hire may take days: the record answers until the invitation (and the wait) could have expired.
            return invitationExpiresAt.map(Instant::parse).map(expiry -> expiry.plus(EXPIRY_GRACE).isAfter(now)).orElse(false);
        }
        return isTerminal() || RUNNING.equals(status) && updatedAt.plus(staleAfter).isAfter(now);
    }

    /** The API's answer: the same fields GET answered from Step Functions. */
    public ObjectNode answer(String idField) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put(idField, id);
        body.setAll(attemptView());
        body.put("attempt", attempt);
        if (!earlierAttempts.isEmpty()) {
            body.set("earlierAttempts", earlierAttempts.deepCopy());
        }
        return body;
    }

    /** This attempt as one entry of {@code earlierAttempts} (without its number) or of the answer. */
    public ObjectNode attemptView() {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("status", status);
        startedAt.ifPresent(t -> view.put("startedAt", t));
        stoppedAt.ifPresent(t -> view.put("stoppedAt", t));
        if (RUNNING.equals(status)) {
            currentStep.ifPresent(step -> view.put("currentStep", step));
        }
        if (WAITING_FOR_HIRE.equals(status)) {
            invitationExpiresAt.ifPresent(expiry -> view.put("invitationExpiresAt", expiry));
        }
        if (SUCCEEDED.equals(status)) {
            result.ifPresent(r -> view.set("result", r.deepCopy()));
        }
        if (isTerminal() && !SUCCEEDED.equals(status)) {
            failedStep.ifPresent(step -> view.put("failedStep", step));
            error.ifPresent(e -> view.put("error", e));
            cause.ifPresent(c -> view.put("cause", c));
        }
        return view;
    }

    static StatusRecord fromItem(Map<String, AttributeValue> item) {
        return new StatusRecord(
                text(item, StatusTable.ID).orElseThrow(),
                text(item, StatusTable.WORKFLOW).orElse(""),
                Optional.ofNullable(item.get(StatusTable.ATTEMPT)).map(v -> Integer.parseInt(v.n())).orElse(1),
                text(item, StatusTable.STATUS).orElse(RUNNING),
                text(item, StatusTable.STARTED_AT),
                text(item, StatusTable.STOPPED_AT),
                text(item, StatusTable.CURRENT_STEP),
                text(item, StatusTable.FAILED_STEP),
                text(item, StatusTable.ERROR),
                text(item, StatusTable.CAUSE),
                text(item, StatusTable.RESULT).map(json -> (ObjectNode) Json.MAPPER.valueToTree(read(json))),
                text(item, StatusTable.EARLIER_ATTEMPTS).map(json -> (ArrayNode) read(json)).orElse(Json.MAPPER.createArrayNode()),
                text(item, StatusTable.UPDATED_AT).map(Instant::parse).orElse(Instant.EPOCH),
                text(item, StatusTable.INVITATION_EXPIRES_AT));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("a status record holds JSON that does not parse", e);
        }
    }
}
