package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.Log;

/**
 * Base of the API functions: an API Gateway proxy event in, a proxy response out. An error nobody
 * expected becomes a 500 that names only the exception's type in the log and nothing in the body.
 */
public abstract class ApiHandler extends JsonHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    protected final Log log;

    protected ApiHandler(Log log) {
        super(APIGatewayProxyRequestEvent.class);
        this.log = log;
    }

    @Override
    public final APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        try {
            return respond(event);
        } catch (RuntimeException e) {
            log.warn(null, "unexpected error", "errorType", e.getClass().getSimpleName());
            return ApiResponses.internalError();
        }
    }

    protected abstract APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event);
}
