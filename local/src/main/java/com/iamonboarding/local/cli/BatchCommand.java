package com.iamonboarding.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.batch.BatchFile;
import com.iamonboarding.batch.BatchRow;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.stack.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code bin/local batch <file>}: puts the HR export in the intake bucket, starts a batch on it with
 * POST /batches (as an HR system or a person with the API would), shows the rows' progress live from
 * GET /batches/{id}, then prints the summary and where the report is. The file goes to the bucket
 * without the S3 event (a dropped file starts a REJECT batch by itself; this command chooses
 * REJECT or SKIP).
 *
 * <p>Exit code: 0 when every row succeeded or has its hire invited; 1 when a row failed, was invalid
 * or was not run, or the batch itself failed or did not finish in time.
 */
public final class BatchCommand {

    static final Duration POLL = Duration.ofMillis(500);
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final LocalStack stack;
    private final PrintStream console;
    private final Duration timeout;
    private final boolean interactive;
    private final Clock clock;
    private final HttpClient http = HttpClient.newHttpClient();

    public BatchCommand(LocalStack stack, PrintStream console, Duration timeout, boolean interactive, Clock clock) {
        this.stack = stack;
        this.console = console;
        this.timeout = timeout;
        this.interactive = interactive;
        this.clock = clock;
    }

    public int run(Path file, String onInvalidRows) throws IOException, InterruptedException {
        String bucket = stack.resources().get("IntakeBucket").orElseThrow().ref();
        String key = "batches/" + KEY_TIME.format(clock.instant()) + "-" + file.getFileName();
        stack.clients().s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        String s3Uri = "s3://" + bucket + "/" + key;
        console.println("Batch of " + file + " (" + s3Uri + "), onInvalidRows " + onInvalidRows + ":");
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(url("/batches")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Json.MAPPER.createObjectNode().put("s3Uri", s3Uri)
                        .put("onInvalidRows", onInvalidRows)))));
        if (accepted.statusCode() != 202) {
            console.println("POST /batches answered " + accepted.statusCode() + ": " + accepted.body());
            return 1;
        }
        String batchId = Json.MAPPER.readTree(accepted.body()).path("batchId").asText();
        Instant started = clock.instant();
        int recordedBefore = stack.lambdaEndpoint().recorder().all().size();
        BatchProgressBar bar = new BatchProgressBar(console, interactive, Duration.ofSeconds(5));
        JsonNode batch = null;
        BatchProgressBar.Snapshot last = null;
        Instant deadline = started.plus(timeout);
        while (clock.instant().isBefore(deadline)) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(url("/batches/" + batchId)).GET());
            if (response.statusCode() == 200) {
                batch = Json.MAPPER.readTree(response.body());
                last = snapshot(batch, Duration.between(started, clock.instant()));
                if (!"RUNNING".equals(batch.path("status").asText())) {
                    break;
                }
                bar.update(last);
            } else if (response.statusCode() != 404) {
                // 404: the batch has not recorded its plan yet.
                console.println("GET /batches/" + batchId + " answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            Thread.sleep(POLL.toMillis());
        }
        if (batch == null || "RUNNING".equals(batch.path("status").asText())) {
            console.println("The batch " + batchId + " did not finish within " + timeout.toSeconds() + " s.");
            return 1;
        }
        bar.finish(last);
        if (!"COMPLETED".equals(batch.path("status").asText())) {
            console.println("The batch failed: " + batch.path("error").asText() + ": " + batch.path("message").asText());
            return 1;
        }
        String csv = batch.at("/report/csv").asText();
        String json = batch.at("/report/json").asText();
        URI location = URI.create(json);
        JsonNode report = Json.MAPPER.readTree(stack.clients().s3()
                .getObjectAsBytes(b -> b.bucket(location.getHost()).key(location.getPath().substring(1))).asUtf8String());
        BatchSummaryTable.print(report, csv, json, console);
        printFigures(batch.path("rows").asInt(), Duration.between(started, clock.instant()), recordedBefore);
        JsonNode counts = batch.path("counts");
        int unsuccessful = counts.path("FAILED").asInt() + counts.path("INVALID").asInt() + counts.path("NOT_RUN").asInt();
        return unsuccessful == 0 ? 0 : 1;
    }

    /**
     * The baseline a batch is measured against (bench/batch.sh): the same file's onboarding rows sent
     * as one POST /onboardings each, {@code concurrency} at a time (what an HR system without batches
     * would do), each followed with GET /onboardings/{id} until it ends. Exit code as for a batch.
     */
    public int runOnePostPerRow(Path file, int concurrency) throws IOException, InterruptedException {
        List<BatchRow> rows = BatchFile.read(file.getFileName().toString(), Files.readAllBytes(file));
        console.println("The " + rows.size() + " rows of " + file + " as one POST /onboardings each, " + concurrency + " at a time:");
        Instant started = clock.instant();
        int recordedBefore = stack.lambdaEndpoint().recorder().all().size();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<String>> outcomes = new ArrayList<>();
        for (BatchRow row : rows) {
            outcomes.add(pool.submit(() -> onboardOne(row)));
        }
        Map<String, Integer> counts = new TreeMap<>();
        try {
            for (Future<String> outcome : outcomes) {
                try {
                    counts.merge(outcome.get(), 1, Integer::sum);
                } catch (ExecutionException e) {
                    counts.merge("ERROR", 1, Integer::sum);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        console.println("Outcomes: " + counts);
        printFigures(rows.size(), Duration.between(started, clock.instant()), recordedBefore);
        return counts.keySet().equals(java.util.Set.of("SUCCEEDED")) ? 0 : 1;
    }

    private String onboardOne(BatchRow row) throws IOException, InterruptedException {
        HttpResponse<String> posted = send(HttpRequest.newBuilder(url("/onboardings")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(row.request()))));
        if (posted.statusCode() != 202) {
            return "REFUSED_" + posted.statusCode();
        }
        String path = "/onboardings/" + Json.MAPPER.readTree(posted.body()).path("onboardingId").asText();
        Instant deadline = clock.instant().plus(timeout);
        while (clock.instant().isBefore(deadline)) {
            JsonNode status = Json.MAPPER.readTree(send(HttpRequest.newBuilder(url(path)).GET()).body());
            if (!"RUNNING".equals(status.path("status").asText())) {
                return status.path("status").asText();
            }
            Thread.sleep(POLL.toMillis());
        }
        return "TIMED_OUT";
    }

    /** Rows a minute and the AWS requests the local endpoint saw per row (by service; Lambda invocations apart). */
    private void printFigures(int rows, Duration elapsed, int recordedBefore) {
        List<RecordedRequest> all = stack.lambdaEndpoint().recorder().all();
        Map<String, Integer> byService = new TreeMap<>();
        all.subList(recordedBefore, all.size()).forEach(request -> byService.merge(request.service(), 1, Integer::sum));
        int invocations = byService.getOrDefault("lambda", 0);
        int calls = byService.entrySet().stream().filter(e -> !e.getKey().equals("lambda")).mapToInt(Map.Entry::getValue).sum();
        double seconds = elapsed.toMillis() / 1000.0;
        console.printf(java.util.Locale.ROOT, "%d rows in %.1f s: %.1f rows/min; per row %.1f AWS requests and %.1f Lambda invocations %s%n",
                rows, seconds, rows / seconds * 60, rows == 0 ? 0.0 : (double) calls / rows, rows == 0 ? 0.0 : (double) invocations / rows,
                byService);
    }

    /** The progress GET /batches/{id} answers, as the progress bar shows it. */
    static BatchProgressBar.Snapshot snapshot(JsonNode batch, Duration elapsed) {
        JsonNode counts = batch.path("counts");
        return new BatchProgressBar.Snapshot(batch.path("rows").asInt(), counts.path("SUCCEEDED").asInt(), counts.path("INVITED").asInt(),
                counts.path("FAILED").asInt(), counts.path("INVALID").asInt(), counts.path("NOT_RUN").asInt(),
                counts.path("RUNNING").asInt(), elapsed);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return stack.api().url().resolve(path);
    }
}
