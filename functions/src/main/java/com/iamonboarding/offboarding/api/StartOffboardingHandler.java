package com.iamonboarding.offboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.ApiResponses;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.api.StartExecutionHandler;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.user.ManagedUsers;
import com.iamonboarding.offboarding.OffboardingRequest;
import com.iamonboarding.offboarding.OffboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.CreateUserHandler;
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
public class StartOffboardingHandler extends StartExecutionHandler<OffboardingRequest> {

    public static final String STATE_MACHINE_ARN = "OFFBOARDING_STATE_MACHINE_ARN";
    public static final String ALLOW_FORCE = "ALLOW_FORCE";

    private final OffboardingRequestValidator validator;
    private final UserLookup users;
    private final String userPath;
    private final boolean allowForce;

    public StartOffboardingHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public StartOffboardingHandler(FunctionEnvironment env) {
        this(new OnboardingWorkflow(AwsClients.stepFunctions(env), env.require(STATE_MACHINE_ARN)),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("StartOffboarding")),
                new OffboardingRequestValidator(), new UserLookup(AwsClients.iam(env)),
                env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH),
                Boolean.parseBoolean(env.get(ALLOW_FORCE, "false")));
    }

    public StartOffboardingHandler(OnboardingWorkflow workflow, InputSeal seal, StatusTable status,
                                   OffboardingRequestValidator validator, UserLookup users, String userPath, boolean allowForce) {
        super(workflow, seal, status, OffboardingState.WORKFLOW, Log.forFunction("StartOffboarding"));
        this.validator = validator;
        this.users = users;
        this.userPath = userPath;
        this.allowForce = allowForce;
    }

    @Override
    protected OffboardingRequestValidator.Validation validate(JsonNode body) {
        return validator.validate(body);
    }

    @Override
    protected APIGatewayProxyResponseEvent start(OffboardingRequest request, Optional<String> idempotencyKey,
                                                 APIGatewayProxyRequestEvent event) {
        if (request.isForced() && !allowForce) {
            return ApiResponses.error(403, "ForceNotAllowed",
                    "force is accepted only on POST /offboardings/forced, which callers are authorized for separately");
        }
        UserLookup.Result user;
        try {
            user = users.find(request.userName);
        } catch (SdkException e) {
            log.warn(null, "GetUser failed", "errorType", e.getClass().getSimpleName());
            return ApiResponses.serviceError("GetUser", e);
        }
        String userId;
        if (user instanceof UserLookup.Found found) {
            if (!request.isForced() && !ManagedUsers.isManaged(found.path(), found.tags(), userPath)) {
                log.info(null, "user not managed by iam-onboarding", "userName", request.userName);
                return ApiResponses.error(403, ManagedUsers.NOT_MANAGED, ManagedUsers.explain(request.userName, userPath));
            }
            userId = found.userId();
        } else if (user instanceof UserLookup.Hidden) {
            // IAM answers AccessDenied, not NoSuchEntity, when a role scoped to the path asks for a
            // name it has no user for: absent and outside the path look the same, and both mean
            // there is nothing this system may offboard.
            return ApiResponses.error(404, "UserNotFound", "iam-onboarding sees no IAM user " + request.userName
                    + " under " + userPath + " (IAM does not tell a role scoped to " + userPath
                    + " whether a user of that name exists outside it)");
        } else {
            return ApiResponses.error(404, "UserNotFound", "there is no IAM user " + request.userName);
        }

        String offboardingId = idempotencyKey.map(OffboardingIds::fromIdempotencyKey)
                .orElseGet(() -> OffboardingIds.fromRequest(request, userId));
        return startExecution(offboardingId, request, "userName", request.userName, "mode", request.modeOrDefault(),
                "dryRun", request.isDryRun(), "force", request.isForced());
    }
}
