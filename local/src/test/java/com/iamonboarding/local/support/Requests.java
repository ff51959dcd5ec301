package com.iamonboarding.local.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Onboarding requests with user names no other test uses. */
public final class Requests {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Requests() {
    }

    /** A fresh IAM user name: e2e-<purpose>-<n>-<run>. */
    public static String userName(String purpose) {
        return "e2e-" + purpose + "-" + SEQUENCE.incrementAndGet() + "-" + RUN;
    }

    /** An OPERATOR onboarding: the workflow runs through without waiting for the hire (SelfServiceE2ETest plays one). */
    public static ObjectNode request(String userName, String accessProfile, boolean console, boolean programmatic) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("employeeId", "E" + Math.abs(userName.hashCode()));
        request.put("userName", userName);
        request.put("email", userName + "@example.com");
        request.put("displayName", "Test " + userName);
        request.put("department", "Quality");
        request.put("accessProfile", accessProfile);
        request.put("consoleAccess", console);
        request.put("programmaticAccess", programmatic);
        request.put("handover", "OPERATOR");
        request.putObject("tags").put("CostCenter", "CC-E2E");
        return request;
    }
}
