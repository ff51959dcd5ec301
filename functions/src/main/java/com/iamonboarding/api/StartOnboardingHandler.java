package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.List;
import java.util.Optional;

/**
 * POST /onboardings: validates the request, derives the onboarding id and starts the state machine
 * execution of that name. 202 with the id and where to poll; 400 for anything invalid (nothing is
 * started); 409 when the id is taken by a different request.
 */
public class StartOnboardingHandler extends StartExecutionHandler<OnboardingRequest> {

    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";
    public static final String DEFAULT_HANDOVER = "DEFAULT_HANDOVER";
    /** Where invitation links point; unset: the enrolment page of the API the request came through. */
    public static final String ENROLMENT_PAGE_URL = "ENROLMENT_PAGE_URL";

    /** Hours an invitation is valid (the InvitationValidityHours parameter). */
    public static final String INVITATION_VALIDITY_HOURS = "INVITATION_VALIDITY_HOURS";

    /** The SES identity invitations come from (EnrolmentSenderAddress); without one, SELF_SERVICE cannot work. */
    public static final String ENROLMENT_SENDER = "ENROLMENT_SENDER";

    /** A SELF_SERVICE request on a stack without a sender: refused (here and in a batch) before anything is made. */
    public static final Violation SELF_SERVICE_NOT_CONFIGURED = new Violation("handover", "selfServiceNotConfigured",
            "this stack sends no invitations (its EnrolmentSenderAddress parameter is empty): send handover OPERATOR,"
                    + " or set EnrolmentSenderAddress to a verified SES identity");

    private final RequestValidator validator;
    private final Optional<String> enrolmentPageUrl;
    private final int invitationValidityHours;
    private final boolean canInvite;

    public StartOnboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartOnboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(STATE_MACHINE_ARN)),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("StartOnboarding")),
                new RequestValidator(AccessProfiles.load(env), env.get(DEFAULT_HANDOVER, OnboardingRequest.SELF_SERVICE)),
                env.optional(ENROLMENT_PAGE_URL).filter(url -> !url.isBlank()),
                Integer.parseInt(env.get(INVITATION_VALIDITY_HOURS, "72")),
                env.optional(ENROLMENT_SENDER).filter(sender -> !sender.isBlank()).isPresent());
    }

    public StartOnboardingHandler(OnboardingWorkflow workflow, InputSeal seal, StatusTable status, RequestValidator validator) {
        this(workflow, seal, status, validator, Optional.empty(), 72, true);
    }

    /** {@code canInvite}: the stack has a sender address, so a SELF_SERVICE handover can e-mail its invitation. */
    public StartOnboardingHandler(OnboardingWorkflow workflow, InputSeal seal, StatusTable status, RequestValidator validator,
                                  Optional<String> enrolmentPageUrl, int invitationValidityHours, boolean canInvite) {
        super(workflow, seal, status, OnboardingState.WORKFLOW, Log.forFunction("StartOnboarding"));
        this.validator = validator;
        this.enrolmentPageUrl = enrolmentPageUrl;
        this.invitationValidityHours = invitationValidityHours;
        this.canInvite = canInvite;
    }

    /**
     * The enrolment page of the API this request came through: the same scheme, host and base path
     * (a stage, or a custom domain's mapping: what the request context's path has before the resource).
     */
    static String enrolmentPageOf(APIGatewayProxyRequestEvent event) {
        String scheme = ApiRequests.header(event, "X-Forwarded-Proto").orElse("https");
        var context = event.getRequestContext();
        String host = context == null || context.getDomainName() == null ? "localhost" : context.getDomainName();
        String fullPath = context == null || context.getPath() == null ? "" : context.getPath();
        String resourcePath = event.getPath() == null ? "" : event.getPath();
        String base = fullPath.endsWith(resourcePath) ? fullPath.substring(0, fullPath.length() - resourcePath.length()) : "";
        return scheme + "://" + host + base + "/enrol";
    }

    @Override
    protected RequestValidator.Validation validate(JsonNode body) {
        RequestValidator.Validation validation = validator.validate(body);
        if (validation.request() != null && validation.request().isSelfService() && !canInvite) {
            // Refused before anything is made: without a sender the hire would wait for an e-mail that never comes.
            return new RequestValidator.Validation(null, List.of(SELF_SERVICE_NOT_CONFIGURED));
        }
        return validation;
    }

    @Override
    protected APIGatewayProxyResponseEvent start(OnboardingRequest request, Optional<String> idempotencyKey,
                                                 APIGatewayProxyRequestEvent event) {
        // The id is the caller's request: computed before the API adds where the link points.
        String onboardingId = idempotencyKey.map(OnboardingIds::fromIdempotencyKey)
                .orElseGet(() -> OnboardingIds.fromRequest(request));
        if (request.isSelfService()) {
            request.enrolmentUrl = enrolmentPageUrl.orElseGet(() -> enrolmentPageOf(event));
            request.invitationValiditySeconds = invitationValidityHours * 3600;
        }
        return startExecution(onboardingId, request, "userName", request.userName, "accessProfile", request.accessProfile);
    }
}
