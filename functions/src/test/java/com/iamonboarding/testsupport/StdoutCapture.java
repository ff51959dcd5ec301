package com.iamonboarding.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs code with System.out redirected (common.Log writes there) so tests can search what was logged. */
public final class StdoutCapture {

    /** Code that may throw, such as a handler's handleRequest. */
    public interface Action {
        void run() throws Exception;
    }

    private StdoutCapture() {
    }

    /** What {@code action} printed; fails if it printed nothing, so a search of it cannot pass vacuously. */
    public static String capturingStdout(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertFalse(printed.isEmpty(), "expected the run to log something");
        return printed;
    }
}
