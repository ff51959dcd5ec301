package com.iamonboarding.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import com.iamonboarding.common.PermanentStepException;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler for the local Lambda endpoint's tests: echoes its event, or fails when asked to. */
public class EchoHandler extends JsonHandler<JsonNode, JsonNode> {

    public static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    private final FunctionEnvironment env;

    public EchoHandler(FunctionEnvironment env) {
        super(JsonNode.class);
        this.env = env;
        CONSTRUCTED.incrementAndGet();
    }

    @Override
    public JsonNode handle(JsonNode input, Context context) {
        if (input.has("fail")) {
            throw new PermanentStepException(input.get("fail").asText());
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("greeting", env.get("GREETING", "none"));
        output.put("region", env.region());
        output.put("functionName", context.getFunctionName());
        output.set("echo", input);
        return output;
    }
}
