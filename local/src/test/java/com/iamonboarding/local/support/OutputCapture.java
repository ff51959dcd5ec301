package com.iamonboarding.local.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Keeps a copy of everything written to System.out and System.err from the moment it is installed. */
public final class OutputCapture {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    static OutputCapture install() {
        OutputCapture capture = new OutputCapture();
        System.setOut(new PrintStream(capture.tee(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture.tee(System.err), true, StandardCharsets.UTF_8));
        return capture;
    }

    public synchronized String text() {
        return copy.toString(StandardCharsets.UTF_8);
    }

    private OutputStream tee(OutputStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (OutputCapture.this) {
                    copy.write(b);
                }
                writeQuietly(original, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (OutputCapture.this) {
                    copy.write(bytes, offset, length);
                }
                writeQuietly(original, bytes, offset, length);
            }

            @Override
            public void flush() {
                try {
                    original.flush();
                } catch (java.io.IOException ignored) {
                    // The copy is what the tests read.
                }
            }
        };
    }

    private static void writeQuietly(OutputStream out, byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
        } catch (java.io.IOException ignored) {
            // The copy is what the tests read.
        }
    }
}
