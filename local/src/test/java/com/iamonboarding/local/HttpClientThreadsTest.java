package com.iamonboarding.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientThreadsTest {

    private static List<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")).toList();
    }

    @Test
    void everyClientsSelectorThreadEnds() {
        HttpClient first = HttpClient.newHttpClient();
        HttpClient second = HttpClient.newBuilder().build();
        List<Thread> running = selectors();
        assertTrue(running.size() >= 2, "each client runs a selector thread: " + running);

        assertTrue(HttpClientThreads.endAll() >= 2);

        running.forEach(thread -> assertFalse(thread.isAlive(), thread.getName()));
        assertTrue(first != second);
    }
}
