package com.iamonboarding.offboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;

/**
 * The part of a finished offboarding's output that GET /offboardings/{id} shows, copied field by
 * field: the user, the mode, the planned actions and (unless it was a dryRun) the performed ones.
 */
public final class OffboardingResultView {

    private OffboardingResultView() {
    }

    public static ObjectNode from(JsonNode output) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        text(result, "userName", output.at("/request/userName"));
        text(result, "userArn", output.at("/plan/userArn"));
        text(result, "mode", output.at("/request/mode"));
        bool(result, "dryRun", output.at("/request/dryRun"));
        bool(result, "userExisted", output.at("/plan/userExists"));
        actions(result, "planned", output.at("/plan/actions"));
        if (!output.at("/request/dryRun").asBoolean(false)) {
            ArrayNode performed = result.putArray("performed");
            copyActions(performed, output.at("/disabled/performed"));
            copyActions(performed, output.at("/deleted/performed"));
        }
        text(result, "offboardedAt", output.at("/plan/tags/OffboardedAt"));
        return result;
    }

    private static void text(ObjectNode target, String name, JsonNode value) {
        if (value.isTextual()) {
            target.put(name, value.asText());
        }
    }

    private static void bool(ObjectNode target, String name, JsonNode value) {
        if (value.isBoolean()) {
            target.put(name, value.asBoolean());
        }
    }

    private static void actions(ObjectNode target, String name, JsonNode values) {
        if (values.isArray()) {
            copyActions(target.putArray(name), values);
        }
    }

    private static void copyActions(ArrayNode target, JsonNode values) {
        for (JsonNode value : values) {
            if (value.path("action").isTextual() && value.path("target").isTextual()) {
                target.addObject().put("action", value.get("action").asText()).put("target", value.get("target").asText());
            }
        }
    }
}
