package com.iamonboarding.enrolment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.api.ApiHandler;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.status.StatusRecord;
import com.iamonboarding.status.StatusTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * POST /onboardings/{id}/invitation (AWS_IAM, like the rest of the operators' API): while the
 * onboarding waits for its hire, voids the current link and e-mails a new one, valid for the full
 * period again. The wait is extended with it: SendTaskHeartbeat restarts the InviteHire Task's
 * heartbeat clock, which is the invitation's validity. 202 with the new expiry (never the token);
 * 404 for an unknown onboarding, 409 when it is not waiting for its hire.
 */
public class ResendInvitationHandler extends ApiHandler {

    private static final Log LOG = Log.forFunction("ResendInvitation");

    private final InvitationStore invitations;
    private final InvitationMail mail;
    private final SfnClient sfn;
    private final StatusTable status;
    private final Duration validity;

    public ResendInvitationHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public ResendInvitationHandler(FunctionEnvironment env) {
        this(env, AwsClients.dynamoDb(env));
    }

    private ResendInvitationHandler(FunctionEnvironment env, DynamoDbClient dynamoDb) {
        this(InvitationStore.fromEnvironment(env, dynamoDb), new InvitationMail(AwsClients.ses(env), env.require(InviteHireHandler.SENDER)),
                AwsClients.stepFunctions(env), StatusTable.fromEnvironment(env, dynamoDb, LOG),
                Duration.ofHours(Integer.parseInt(env.get("INVITATION_VALIDITY_HOURS", "72"))));
    }

    public ResendInvitationHandler(InvitationStore invitations, InvitationMail mail, SfnClient sfn, StatusTable status, Duration validity) {
        super(LOG);
        this.invitations = invitations;
        this.mail = mail;
        this.sfn = sfn;
        this.status = status;
        this.validity = validity;
    }

    @Override
    protected APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        Optional<String> id = ApiRequests.pathParameter(event, "id");
        if (id.isEmpty() || !OnboardingIds.isValidId(id.get())) {
            return ApiResponses.error(400, "InvalidOnboardingId", "the onboarding id must be onb- followed by 1-64 characters of A-Z a-z 0-9 _ -");
        }
        Optional<StatusRecord> record;
        try {
            record = status.read(id.get());
        } catch (SdkException e) {
            return ApiResponses.serviceError("GetItem", e);
        }
        if (record.isEmpty()) {
            return ApiResponses.error(404, "OnboardingNotFound", "there is no onboarding " + id.get());
        }
        if (!StatusRecord.WAITING_FOR_HIRE.equals(record.get().status())) {
            return ApiResponses.error(409, "NotWaitingForHire", "onboarding " + id.get() + " is " + record.get().status()
                    + ": only an onboarding that waits for its hire gets a new invitation");
        }
        List<Invitation> all = invitations.allFor(id.get());
        Optional<Invitation> latest = all.stream().max(Comparator.comparing(Invitation::expiresAt));
        if (latest.isEmpty()) {
            return ApiResponses.error(409, "NotWaitingForHire", "onboarding " + id.get() + " has no invitation to renew");
        }
        try {
            Instant expiresAt = resend(latest.get());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("onboardingId", id.get());
            answer.put("status", StatusRecord.WAITING_FOR_HIRE);
            answer.put("invitationExpiresAt", expiresAt.toString());
            return ApiResponses.json(202, answer);
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException ended) {
            return ApiResponses.error(409, "NotWaitingForHire", "onboarding " + id.get() + " no longer waits for its hire");
        } catch (RetryableStepException | SdkException busy) {
            LOG.warn(id.get(), "resend failed", "errorType", busy.getClass().getSimpleName());
            return ApiResponses.serviceUnavailable("try again in a moment", Map.of());
        }
    }

    /** The wait first (so no link outlives it), then the old links void, then the new one. */
    private Instant resend(Invitation previous) {
        sfn.sendTaskHeartbeat(b -> b.taskToken(previous.taskToken()));
        invitations.voidAll(previous.onboardingId());
        String token = InvitationToken.newToken();
        Instant expiresAt = invitations.now().plus(validity);
        Invitation next = new Invitation(InvitationToken.hash(token), UUID.randomUUID().toString(), previous.onboardingId(),
                previous.userName(), previous.taskToken(), expiresAt, Invitation.Status.ACTIVE, 0, 0, Optional.empty(),
                previous.recipient());
        invitations.create(next);
        mail.send(next, token);
        status.waiting(previous.onboardingId(), expiresAt);
        LOG.info(previous.onboardingId(), "invitation sent again", "userName", previous.userName(), "invitationId", next.invitationId(),
                "expiresAt", expiresAt.toString());
        return expiresAt;
    }
}
