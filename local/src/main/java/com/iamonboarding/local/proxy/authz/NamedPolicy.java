package com.iamonboarding.local.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A policy document with the name a decision reports it by (a role's inline policy name, a managed
 * policy's ARN, "key policy", ...).
 */
public record NamedPolicy(String name, JsonNode document) {

    public NamedPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        document = document.deepCopy();
    }

    /** A policy from its JSON text, as IAM, Secrets Manager and KMS hand it out. */
    public static NamedPolicy parse(String name, String json) {
        try {
            return new NamedPolicy(name, Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("policy " + name + " is not JSON", e);
        }
    }

    @Override
    public JsonNode document() {
        return document.deepCopy();
    }
}
