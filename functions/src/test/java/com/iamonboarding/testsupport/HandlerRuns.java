package com.iamonboarding.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.JsonHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Runs a handler the way Lambda does: an event on a stream in, JSON out. */
public final class HandlerRuns {

    private HandlerRuns() {
    }

    public static JsonNode run(JsonHandler<?, ?> handler, String testEvent) throws IOException {
        try (InputStream in = HandlerRuns.class.getResourceAsStream("/events/" + testEvent)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + testEvent);
            }
            return run(handler, in.readAllBytes());
        }
    }

    public static JsonNode run(JsonHandler<?, ?> handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
