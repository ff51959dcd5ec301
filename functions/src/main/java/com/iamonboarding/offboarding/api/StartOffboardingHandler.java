package com.iamonboarding.offboarding.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.iamonboarding.api.ApiRequests;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;
import com.iamonboarding.offboarding.ManagedUsers;
import com.iamonboarding.offboarding.OffboardingRequest;
import com.iamonboarding.user.CreateUserHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * POST /offboardings (and POST /offboardings/forced): validates the request, checks that the user
 * exists and is one this project created, derives the offboarding id and starts the offboarding
 * execution of that name. 202 with the id and where to poll; 400 invalid; 403 force on the ordinary
 * route, or a user this project did not create; 404 no such user; 409 the id is taken by another request.
 *
 * <p>{@code force: true} is honoured only by the function deployed with ALLOW_FORCE=true behind its
 * own API resource, so the API's IAM authorization decides who may force (IAM conditions cannot
 * see a flag in a request body).
 */
public class StartOffboardingHandler extends JsonHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String STATE_MACHINE_ARN = "OFFBOARDING_STATE_MACHINE_ARN";
    public static final String ALLOW_FORCE = "ALLOW_FORCE";
    private static final Log LOG = Log.forFunction("StartOffboarding");
    private static final ObjectReader BODY_READER = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final OnboardingWorkflow workflow;
    private final OffboardingRequestValidator validator;
    private final UserLookup users;
    private final String userPath;
    private final boolean allowForce;

    public StartOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartOffboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(STATE_MACHINE_ARN)),
                new OffboardingRequestValidator(), new UserLookup(AwsClients.iam(env)),
                env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH),
                Boolean.parseBoolean(env.get(ALLOW_FORCE, "false")));
    }

    public StartOffboardingHandler(OnboardingWorkflow workflow, OffboardingRequestValidator validator, UserLookup users,
                                   String userPath, boolean allowForce) {
        super(APIGatewayProxyRequestEvent.class);
        this.workflow = workflow;
        this.validator = validator;
        this.users = users;
        this.userPath = userPath;
        this.allowForce = allowForce;
    }

    /** The 202 body. */
    public record Accepted(String offboardingId, String status, String statusUrl, String executionArn) {
    }

    @Override
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        try {
            return start(event);
        } catch (RuntimeException e) {
            LOG.warn(null, "unexpected error", "errorType", e.getClass().getSimpleName());
            return ApiResponses.internalError();
        }
    }

    private APIGatewayProxyResponseEvent start(APIGatewayProxyRequestEvent event) {
        Optional<JsonNode> body = parse(event);
        if (body.isEmpty()) {
            return ApiResponses.error(400, "InvalidJson", "the request body must be one JSON object");
        }
        Optional<String> key = ApiRequests.header(event, OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        OffboardingRequestValidator.Validation validation = validator.validate(body.get());
        List<Violation> violations = new ArrayList<>(validation.violations());
        if (key.isPresent() && !OnboardingIds.isValidIdempotencyKey(key.get())) {
            violations.add(new Violation(OnboardingIds.IDEMPOTENCY_KEY_HEADER, "pattern",
                    "the header must be 1-64 characters of A-Z a-z 0-9 _ -"));
        }
        if (!violations.isEmpty()) {
            LOG.info(null, "request rejected", "violations", violations.stream().map(v -> v.field() + ":" + v.rule()).toList());
            return ApiResponses.json(400, new ApiResponses.ErrorBody("ValidationFailed",
                    "the request is not a valid offboarding request; see violations", violations));
        }
        OffboardingRequest request = validation.request();
        if (request.isForced() && !allowForce) {
            return ApiResponses.error(403, "ForceNotAllowed",
                    "force is accepted only on POST /offboardings/forced, which callers are authorized for separately");
        }
        UserLookup.Result user;
        try {
            user = users.find(request.userName);
        } catch (SdkException e) {
            LOG.warn(null, "GetUser failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("GetUser", e);
        }
        String userId;
        if (user instanceof UserLookup.Found found) {
            if (!request.isForced() && !ManagedUsers.isManaged(found.path(), found.tags(), userPath)) {
                LOG.info(null, "user not managed by iam-onboarding", "userName", request.userName);
                return ApiResponses.error(403, ManagedUsers.NOT_MANAGED, ManagedUsers.explain(request.userName, userPath));
            }
            userId = found.userId();
        } else if (user instanceof UserLookup.Hidden) {
            return ApiResponses.error(403, ManagedUsers.NOT_MANAGED, "iam-onboarding may not see IAM user " + request.userName
                    + ": it is not under " + userPath + " (or does not exist; IAM does not tell a role scoped to "
                    + userPath + " which)");
        } else {
            return ApiResponses.error(404, "UserNotFound", "there is no IAM user " + request.userName);
        }

        String offboardingId = key.map(OffboardingIds::fromIdempotencyKey).orElseGet(() -> OffboardingIds.fromRequest(request, userId));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("offboardingId", offboardingId);
        input.put("request", request);
        try {
            OnboardingWorkflow.Started started = workflow.start(offboardingId, Json.write(input));
            LOG.info(offboardingId, "offboarding accepted", "executionArn", started.executionArn(), "status", started.status(),
                    "userName", request.userName, "mode", request.modeOrDefault(), "dryRun", request.isDryRun(),
                    "force", request.isForced());
            String statusUrl = "/offboardings/" + offboardingId;
            return ApiResponses.json(202, new Accepted(offboardingId, started.status(), statusUrl, started.executionArn()),
                    Map.of("Location", statusUrl));
        } catch (OnboardingWorkflow.IdempotencyConflictException e) {
            LOG.warn(offboardingId, "offboarding id already used by a different request");
            return ApiResponses.error(409, "IdempotencyConflict", "offboarding " + offboardingId
                    + " already exists for a different request; send a new " + OnboardingIds.IDEMPOTENCY_KEY_HEADER);
        } catch (SdkException e) {
            LOG.warn(offboardingId, "StartExecution failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("StartExecution", e);
        }
    }

    private static Optional<JsonNode> parse(APIGatewayProxyRequestEvent event) {
        try {
            Optional<String> text = ApiRequests.body(event);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = BODY_READER.readTree(text.get());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (Exception notJson) {
            // Jackson's message quotes the input: say nothing about it but that it is not JSON.
            return Optional.empty();
        }
    }
}
