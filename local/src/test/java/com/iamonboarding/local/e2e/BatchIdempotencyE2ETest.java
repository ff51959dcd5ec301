package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.LocalApiCalls;
import com.iamonboarding.local.support.SharedStack;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** POST /batches with an Idempotency-Key on the local stack: one key, one request, as POST /onboardings. */
class BatchIdempotencyE2ETest {

    private static JsonNode post(String key, String s3Uri, int expectedStatus) throws Exception {
        return LocalApiCalls.send(HttpRequest.newBuilder(LocalApiCalls.url("/batches")).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Json.MAPPER.createObjectNode().put("s3Uri", s3Uri)))), expectedStatus);
    }

    @Test
    void aKeyAnswersItsOwnBatchAgainAndRefusesItForAnotherFile() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String bucket = Batches.intakeBucket();
        // One row that no validator accepts: under REJECT the batch completes without creating anything.
        String rows = "employeeId,userName,email,accessProfile\nE-1,idem-" + tag + ",not-an-address,developer\n";
        String first = "s3://" + bucket + "/batches/idem-" + tag + "-first.csv";
        String second = "s3://" + bucket + "/batches/idem-" + tag + "-second.csv";
        for (String uri : new String[] {first, second}) {
            SharedStack.s3().putObject(b -> b.bucket(bucket).key(uri.substring(("s3://" + bucket + "/").length())), RequestBody.fromString(rows));
        }
        String key = "idem-e2e-" + tag;

        String batchId = post(key, first, 202).path("batchId").asText();
        assertEquals("COMPLETED", Batches.awaitCompleted(batchId).path("status").asText());

        JsonNode again = post(key, first, 202);
        assertEquals(batchId, again.path("batchId").asText(), "the same key and file answer the same batch");
        assertEquals("COMPLETED", again.path("status").asText(), "with the status its record has");

        JsonNode conflict = post(key, second, 409);
        assertEquals("IdempotencyConflict", conflict.path("code").asText());

        JsonNode batch = Batches.get("/batches/" + batchId);
        assertEquals(first, batch.path("file").asText(), "neither request changed the batch's record");
        assertEquals("COMPLETED", batch.path("status").asText());
    }
}
