package com.iamonboarding.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart priming. Lambda takes a snapshot of a function's initialised JVM and restores it for
 * every cold start, so what the first invocation would load and initialise is best done before the
 * snapshot: Jackson's readers of the handler's input, each SDK client's endpoint resolution,
 * marshalling, signing and HTTP client ({@code beforeCheckpoint}, a CRaC hook; without SnapStart
 * it never runs). AWS's guidance is to prime with nothing that changes the account, so every AWS
 * request made while priming is built, marshalled and signed, then stopped by {@link Guard} right
 * before it would be sent: none leaves the process. (Signing resolves the credentials, which under
 * SnapStart reads Lambda's local credentials endpoint: a read, not a call to the account.)
 *
 * <p>Primers register when a handler is built ({@link JsonHandler}, {@link AwsClients}); a primer
 * that fails is ignored: priming only saves time.
 */
public final class Priming implements Resource {

    private static final Priming GLOBAL = new Priming();
    /** Non-null on the thread that primes: the requests stopped so far, by request type. */
    private static final ThreadLocal<List<String>> STOPPED = new ThreadLocal<>();

    static {
        // CRaC keeps only weak references to its resources: GLOBAL is the strong one.
        Core.getGlobalContext().register(GLOBAL);
    }

    private final List<Runnable> primers = new CopyOnWriteArrayList<>();

    private Priming() {
    }

    public static void register(Runnable primer) {
        GLOBAL.primers.add(primer);
    }

    /** How many primers are registered: a mark for {@link #primeFrom}. */
    public static int registered() {
        return GLOBAL.primers.size();
    }

    /** Runs every primer: what the CRaC hook does. The AWS requests they would have sent, by type. */
    public static List<String> primeAll() {
        return primeFrom(0);
    }

    /** Runs the primers registered since {@code mark} (a test primes only the handlers it built). */
    public static List<String> primeFrom(int mark) {
        List<String> stopped = new ArrayList<>();
        STOPPED.set(stopped);
        try {
            List<Runnable> all = GLOBAL.primers;
            for (int i = mark; i < all.size(); i++) {
                try {
                    all.get(i).run();
                } catch (RuntimeException expected) {
                    // A stopped request ends its call with an exception; any other failure only costs warmth.
                }
            }
        } finally {
            STOPPED.remove();
        }
        return stopped;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        primeAll();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing was kept that a restore would make stale: clients resolve credentials per request.
    }

    /** On every client AwsClients builds: while priming, a request goes no further than this. */
    static final class Guard implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            List<String> stopped = STOPPED.get();
            if (stopped != null) {
                stopped.add(context.request().getClass().getSimpleName());
                throw new NotSent();
            }
        }
    }

    /** A request stopped because the function is priming. */
    static final class NotSent extends RuntimeException {
        NotSent() {
            super("not sent: the function is priming", null, false, false);
        }
    }
}
