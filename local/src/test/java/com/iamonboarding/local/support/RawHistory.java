package com.iamonboarding.local.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * GetExecutionHistory as the raw JSON the emulator answers: every event's input, output, error and
 * cause in full (the SDK's toString would redact them, so reading its objects could miss a field).
 */
public final class RawHistory {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RawHistory() {
    }

    public static String of(String executionArn) {
        HttpRequest request = HttpRequest.newBuilder(SharedStack.get().emulator().endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.GetExecutionHistory")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/states/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"executionArn\":\"" + executionArn
                        + "\",\"includeExecutionData\":true,\"maxResults\":1000}"))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GetExecutionHistory answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GetExecutionHistory failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every execution of the stack's state machine. */
    public static List<String> allExecutionArns() {
        return allExecutionArns(SharedStack.get().stateMachineArn());
    }

    /** Every execution of {@code stateMachineArn} on the shared stack. */
    public static List<String> allExecutionArns(String stateMachineArn) {
        return SharedStack.sfn().listExecutionsPaginator(b -> b.stateMachineArn(stateMachineArn))
                .executions().stream().map(ExecutionListItem::executionArn).toList();
    }
}
