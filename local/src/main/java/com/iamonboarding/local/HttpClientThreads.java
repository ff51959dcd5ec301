package com.iamonboarding.local;

import java.time.Duration;

/**
 * The JDK's java.net.http clients cannot be closed before Java 21, and each keeps a selector thread
 * waiting in native code. A JVM that exits waits up to 300 ms for threads in native code to stop
 * there (HotSpot's VM_Exit), so every bin/local command ended 0.3 s after its last line. The
 * selector loop ends when its thread is interrupted; this does that, once nothing will send again.
 */
public final class HttpClientThreads {

    static final String SELECTOR_SUFFIX = "-SelectorManager";
    private static final Duration JOIN = Duration.ofMillis(200);

    private HttpClientThreads() {
    }

    /** Ends every HttpClient's selector thread and waits briefly for each; the clients are unusable afterwards. */
    public static int endAll() {
        int ended = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith(SELECTOR_SUFFIX)) {
                thread.interrupt();
                try {
                    thread.join(JOIN.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ended;
                }
                ended += thread.isAlive() ? 0 : 1;
            }
        }
        return ended;
    }
}
