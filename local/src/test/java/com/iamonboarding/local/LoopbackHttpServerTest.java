package com.iamonboarding.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

    @Test
    void theJdkServerAnswersWithoutWaitingForNagle() {
        try (LoopbackHttpServer server = LoopbackHttpServer.bind(0, "nagle test")) {
            // The JDK's server reads this once, when it builds its first server; "true" sets
            // TCP_NODELAY on every connection it accepts.
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        }
    }
}
