package com.iamonboarding.local.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** moto's own control API ({@code /moto-api/...}). */
public final class MotoApi {

    static final String EXECUTE_STATE_MACHINES = "{\"stepfunctions\": {\"execute_state_machine\": true}}";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final URI endpoint;

    public MotoApi(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** True when something answers HTTP at the endpoint. */
    public boolean answers() {
        try {
            HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/config")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes moto run state machines with its ASL interpreter instead of only recording executions.
     * Must happen before any state machine is created.
     */
    public void enableStateMachineExecution() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EXECUTE_STATE_MACHINES))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            // moto's answer lists only some of its settings (not stepfunctions): the status is all there is to check.
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the emulator at " + endpoint + " did not turn on state machine execution (HTTP "
                        + response.statusCode() + "); is it moto_server?");
            }
        } catch (IOException e) {
            throw new IllegalStateException("the emulator at " + endpoint + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring the emulator", e);
        }
    }
}
