package com.iamonboarding.local.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.template.RepoRoot;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides AWS requests the way IAM would, with iam-simulate in a Node.js process of its own
 * (local/iam-evaluator/evaluate.mjs: the library is AGPL-licensed, so it is only ever spoken to
 * over pipes, never linked or bundled). One process serves the whole local stack: callers on any
 * thread may evaluate at once; each request carries an id and waits, bounded, for the answer with
 * that id. Closing ends the process.
 */
public final class IamEvaluator implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The first answer also pays for Node's start and the library's loading. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_LINES_KEPT = 20;

    private final Process process;
    private final BufferedWriter stdin;
    private final Duration timeout;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile IamEvaluatorException ended;

    private IamEvaluator(Process process, Duration timeout) {
        this.process = process;
        this.timeout = timeout;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        daemon("iam-evaluator-answers", this::readAnswers).start();
        daemon("iam-evaluator-stderr", this::keepStderrTail).start();
    }

    /** Starts the evaluator of the checkout the local stack runs ({@link RepoRoot#find()}). */
    public static IamEvaluator start() {
        return start(RepoRoot.find(), DEFAULT_TIMEOUT);
    }

    /**
     * Starts {@code node local/iam-evaluator/evaluate.mjs} in {@code repoRoot} and returns once it
     * answers; {@code timeout} bounds each later evaluation.
     *
     * @throws IamEvaluatorNotInstalledException without {@code node} on PATH or the npm packages
     */
    public static IamEvaluator start(Path repoRoot, Duration timeout) {
        Path folder = repoRoot.resolve("local").resolve("iam-evaluator");
        Path node = nodeOnPath().orElseThrow(IamEvaluatorNotInstalledException::nodeMissing);
        if (!Files.isDirectory(folder.resolve("node_modules").resolve("@cloud-copilot").resolve("iam-simulate"))) {
            throw IamEvaluatorNotInstalledException.packagesMissing();
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(node.toString(), folder.resolve("evaluate.mjs").toString()))
                    .directory(folder.toFile())
                    .start();
        } catch (IOException e) {
            throw new IamEvaluatorException("cannot start " + node + " for the local IAM evaluator", e);
        }
        IamEvaluator evaluator = new IamEvaluator(process, timeout);
        try {
            evaluator.exchange(EvaluatorProtocol.ping(evaluator.nextId()), START_TIMEOUT, "its start");
            return evaluator;
        } catch (RuntimeException e) {
            evaluator.close();
            throw e;
        }
    }

    /**
     * IAM's decision on {@code request}.
     *
     * @throws IamEvaluatorException when the evaluator refuses the request (a malformed policy, an
     *     unknown action, an ARN the action does not take), does not answer in time, or has ended
     */
    public Decision evaluate(AuthorizationRequest request) {
        ObjectNode line = EvaluatorProtocol.request(nextId(), request);
        return EvaluatorProtocol.decision(exchange(line, timeout, request.action() + " on " + request.resource()));
    }

    private JsonNode exchange(ObjectNode line, Duration wait, String what) {
        String id = line.get("id").asText();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            IamEvaluatorException gone = ended;
            if (gone != null) {
                throw gone;
            }
            write(Json.write(line));
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IamEvaluatorException("the local IAM evaluator did not answer " + what + " within " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IamEvaluatorException cause ? cause
                    : new IamEvaluatorException("the local IAM evaluator failed on " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamEvaluatorException("interrupted while waiting for the local IAM evaluator", e);
        } finally {
            pending.remove(id);
        }
    }

    private void write(String line) {
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.newLine();
                stdin.flush();
            } catch (IOException e) {
                throw endedException();
            }
        }
    }

    private void readAnswers() {
        try (BufferedReader answers = reader(process.getInputStream())) {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                answered(line);
            }
        } catch (IOException e) {
            // The pipe broke: the process is gone.
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended = endedException();
        pending.values().forEach(waiting -> waiting.completeExceptionally(ended));
    }

    /** A line that is not an answer (not JSON, an unknown id) leaves its request to time out. */
    private void answered(String line) {
        try {
            JsonNode answer = Json.MAPPER.readTree(line);
            CompletableFuture<JsonNode> waiting = pending.get(answer.path("id").asText());
            if (waiting != null) {
                waiting.complete(answer);
            }
        } catch (IOException notJson) {
            // Nothing waits for it.
        }
    }

    private void keepStderrTail() {
        try (BufferedReader errors = reader(process.getErrorStream())) {
            for (String line = errors.readLine(); line != null; line = errors.readLine()) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > STDERR_LINES_KEPT) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process is gone; what it wrote so far is kept.
        }
    }

    private IamEvaluatorException endedException() {
        String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        return new IamEvaluatorException("the local IAM evaluator has ended" + exit + (tail.isEmpty() ? "" : ": " + tail));
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    /** Closes the evaluator's stdin, on which it exits; kills it if it has not within a few seconds. */
    @Override
    public void close() {
        synchronized (stdin) {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Optional<Path> nodeOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "node");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static BufferedReader reader(InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
