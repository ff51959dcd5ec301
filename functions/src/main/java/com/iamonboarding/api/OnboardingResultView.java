package com.iamonboarding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;

/**
 * The part of a finished execution's output that GET /onboardings/{id} may show: identifiers and
 * locations only, copied field by field from a whitelist. Nothing else in the output (the request,
 * notification details, anything a later change adds) can reach the response by accident.
 */
public final class OnboardingResultView {

    private OnboardingResultView() {
    }

    public static ObjectNode from(JsonNode output) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        text(result, "userName", output.at("/user/userName"));
        if (!result.has("userName")) {
            text(result, "userName", output.at("/request/userName"));
        }
        text(result, "userArn", output.at("/user/userArn"));
        text(result, "permissionsBoundaryArn", output.at("/user/permissionsBoundaryArn"));
        text(result, "signInUrl", output.at("/alias/signInUrl"));
        text(result, "accountAlias", output.at("/alias/accountAlias"));
        text(result, "handover", output.at("/request/handover"));
        ObjectNode loginProfile = Json.MAPPER.createObjectNode();
        text(loginProfile, "secretArn", output.at("/loginProfile/secretArn"));
        child(result, "loginProfile", loginProfile);
        ObjectNode accessKey = Json.MAPPER.createObjectNode();
        text(accessKey, "accessKeyId", output.at("/accessKey/accessKeyId"));
        text(accessKey, "secretArn", output.at("/accessKey/secretArn"));
        child(result, "accessKey", accessKey);
        ObjectNode mfa = Json.MAPPER.createObjectNode();
        text(mfa, "serialNumber", output.at("/mfa/serialNumber"));
        // SELF_SERVICE: the device the hire enrolled themselves; there is no QR code to hand over.
        if (!mfa.has("serialNumber")) {
            text(mfa, "serialNumber", output.at("/enrolment/mfaSerial"));
        }
        text(mfa, "qrCodeBucket", output.at("/mfa/qrCodeBucket"));
        text(mfa, "qrCodeS3Key", output.at("/mfa/qrCodeS3Key"));
        child(result, "mfa", mfa);
        ObjectNode enrolment = Json.MAPPER.createObjectNode();
        text(enrolment, "invitationId", output.at("/enrolment/invitationId"));
        text(enrolment, "enrolledAt", output.at("/enrolment/enrolledAt"));
        child(result, "enrolment", enrolment);
        ObjectNode access = Json.MAPPER.createObjectNode();
        texts(access, "groups", output.at("/access/groups"));
        texts(access, "policyArns", output.at("/access/policyArns"));
        child(result, "access", access);
        ObjectNode notification = Json.MAPPER.createObjectNode();
        text(notification, "status", output.at("/notification/status"));
        text(notification, "eventId", output.at("/notification/eventId"));
        text(notification, "error", output.at("/notification/error"));
        child(result, "notification", notification);
        return result;
    }

    private static void text(ObjectNode target, String name, JsonNode value) {
        if (value.isTextual()) {
            target.put(name, value.asText());
        }
    }

    private static void texts(ObjectNode target, String name, JsonNode values) {
        if (values.isArray()) {
            ArrayNode copy = target.putArray(name);
            values.forEach(v -> {
                if (v.isTextual()) {
                    copy.add(v.asText());
                }
            });
        }
    }

    private static void child(ObjectNode parent, String name, ObjectNode child) {
        if (!child.isEmpty()) {
            parent.set(name, child);
        }
    }
}
