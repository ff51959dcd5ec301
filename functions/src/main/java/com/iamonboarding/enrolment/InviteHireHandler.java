package com.iamonboarding.enrolment;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.SealedStepHandler;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * InviteHire, a {@code .waitForTaskToken} Task of the SELF_SERVICE handover: makes a single-use
 * invitation for the hire (a 256-bit token of which only the hash is stored, with the task token and
 * an expiry), e-mails them the link, and marks the onboarding WAITING_FOR_HIRE. The workflow waits
 * until the enrolment page completes (SendTaskSuccess) or the invitation expires (the Task's
 * heartbeat timeout, extended by every resend). Its answer is ignored by Step Functions; it names
 * the invitation, never the token.
 */
public class InviteHireHandler extends SealedStepHandler<InviteHireInput, Map<String, String>> {

    public static final String SENDER = "ENROLMENT_SENDER";
    private static final Log LOG = Log.forFunction("InviteHire");

    private final InvitationStore invitations;
    private final InvitationMail mail;
    private final OnboardedUsers users;

    public InviteHireHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public InviteHireHandler(FunctionEnvironment env) {
        this(env, AwsClients.dynamoDb(env), AwsClients.iam(env));
    }

    private InviteHireHandler(FunctionEnvironment env, DynamoDbClient dynamoDb, IamClient iam) {
        this(InvitationStore.fromEnvironment(env, dynamoDb), new InvitationMail(AwsClients.ses(env), env.require(SENDER)),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH)),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)), StatusTable.fromEnvironment(env, dynamoDb, LOG));
    }

    public InviteHireHandler(InvitationStore invitations, InvitationMail mail, OnboardedUsers users, InputSeal seal, StatusTable status) {
        super(InviteHireInput.class, OnboardingState.WORKFLOW, "InviteHire", seal, status);
        this.invitations = invitations;
        this.mail = mail;
        this.users = users;
    }

    @Override
    protected Map<String, String> step(InviteHireInput input, Context context) {
        if (input.taskToken == null || input.taskToken.isBlank() || input.request == null || input.request.enrolmentUrl == null
                || input.request.invitationValiditySeconds == null || input.request.email == null) {
            throw new PermanentStepException("InviteHire needs taskToken, request.email, request.enrolmentUrl and"
                    + " request.invitationValiditySeconds (the API sets the last two for handover SELF_SERVICE)");
        }
        users.requireOwn(input.onboardingId, input.userName());
        // An earlier delivery of this step may have invited already: its link is void, this one counts.
        invitations.voidAll(input.onboardingId);
        String token = InvitationToken.newToken();
        Instant expiresAt = invitations.now().plus(Duration.ofSeconds(input.request.invitationValiditySeconds));
        Invitation invitation = new Invitation(InvitationToken.hash(token), UUID.randomUUID().toString(), input.onboardingId,
                input.userName(), input.taskToken, expiresAt, Invitation.Status.ACTIVE, 0, 0, Optional.empty(),
                new Invitation.Recipient(input.request.email, input.request.displayName,
                        input.alias == null ? null : input.alias.signInUrl, input.request.enrolmentUrl));
        invitations.create(invitation);
        mail.send(invitation, token);
        status().waiting(input.onboardingId, expiresAt);
        LOG.info(input.onboardingId, "hire invited", "userName", input.userName(), "invitationId", invitation.invitationId(),
                "expiresAt", expiresAt.toString());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("invitationId", invitation.invitationId());
        answer.put("expiresAt", expiresAt.toString());
        return answer;
    }
}
