package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.cli.ExecutionProgress;
import com.iamonboarding.local.cli.OnboardingRunner;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * Offboarding on the local stack through the local API, with the real ASL and handlers, read back
 * from the emulator. moto deletes a user that still has keys or devices (real IAM answers
 * DeleteConflict), so "nothing remains" is checked by listing what is left, never by DeleteUser succeeding.
 */
class OffboardingE2ETest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String REASON = "Left the company 2025-01-31";
    /** A self-signed certificate and an SSH public key: public material, added "by hand" as people do. */
    private static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBkDCCATegAwIBAgIUKajiaLmBvgowYMh7ZCVCl97HSR4wCgYIKoZIzj0EAwIw
            HTEbMBkGA1UEAwwSaWFtLW9uYm9hcmRpbmctZTJlMCAXDTI2MTEyNjIyNTkzOFoY
            DzIxMjYxMTAyMjI1OTM4WjAdMRswGQYDVQQDDBJpYW0tb25ib2FyZGluZy1lMmUw
            WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQWZBi2qxV5HZcXboF/Ep1bLjtbX2nx
            WQZGGL1lx/hm8vDobcxcKCCYwDXqvb/4n1B5r4KbVx9M6M1Kmk/BShrFo1MwUTAd
            BgNVHQ4EFgQU1IMD3mcXdupiNGacXUI/ezFjnncwHwYDVR0jBBgwFoAU1IMD3mcX
            dupiNGacXUI/ezFjnncwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBE
            AiB2qUiSAz4WTlCqZ5lGuy8fnMQVj+HxKW3wgDQ5Ub0DDAIgf1vz6O2qz+vyHqFb
            YCSSmsxs5eP5HSRQdTdHcyXxIa8=
            -----END CERTIFICATE-----
            """;
    private static final String SSH_PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIQRmvITMJ1fiwSkVFu1pOF9fc764BdL391sxR1YRe2m e2e";

    private record Reply(int status, JsonNode body) {
    }

    /** The answer of GET /offboardings/{id} once the execution has finished. */
    private record Offboarding(String offboardingId, String status, JsonNode view) {
        JsonNode planned() {
            return view.at("/result/planned");
        }

        JsonNode performed() {
            return view.at("/result/performed");
        }
    }

    @Test
    void disableKeepsTheUserWithoutAnyAccessRunsOnceThenDeleteLeavesNothing() {
        String userName = onboardedWithExtrasByHand("offdisable");
        Map<String, String> onboarded = snapshot(userName);

        Offboarding dryRun = offboard(request(userName, "DISABLE").put("dryRun", true), newKey());
        assertEquals("SUCCEEDED", dryRun.status(), dryRun.view().toString());
        assertEquals(onboarded, snapshot(userName), "a dry run changes nothing");
        // Two keys and the login profile, the certificate, the SSH key, the MFA device, the group, the inline policy, the tag.
        assertEquals(9, dryRun.planned().size(), dryRun.planned().toString());

        Offboarding disabled = offboard(request(userName, "DISABLE"), null);
        assertEquals("SUCCEEDED", disabled.status(), disabled.view().toString());
        assertEquals(dryRun.planned(), disabled.performed(), "the dry run listed exactly what the real run did");

        IamClient iam = SharedStack.iam();
        iam.getUser(b -> b.userName(userName));
        assertTrue(iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().stream()
                .allMatch(k -> k.status() == StatusType.INACTIVE), "no active key");
        assertEquals(2, iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().size(), "keys are kept, inactive");
        assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName(userName)), "no login profile");
        assertEquals(List.of(), iam.listMFADevices(b -> b.userName(userName)).mfaDevices(), "no enabled MFA device");
        assertEquals(List.of(), iam.listGroupsForUser(b -> b.userName(userName)).groups());
        assertEquals(List.of(), iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies());
        assertEquals(List.of(), iam.listUserPolicies(b -> b.userName(userName)).policyNames());
        assertTrue(iam.listSSHPublicKeys(b -> b.userName(userName)).sshPublicKeys().stream()
                .allMatch(k -> k.status() == StatusType.INACTIVE));
        assertTrue(iam.listSigningCertificates(b -> b.userName(userName)).certificates().stream()
                .allMatch(c -> c.status() == StatusType.INACTIVE));
        Map<String, String> tags = tags(userName);
        assertEquals(REASON, tags.get("OffboardingReason"));
        assertTrue(tags.containsKey("OffboardedAt"));
        assertEquals("iam-onboarding", tags.get("ManagedBy"));

        Map<String, String> afterDisable = snapshot(userName);
        Reply sameRequest = post("/offboardings", request(userName, "DISABLE"), null);
        assertEquals(202, sameRequest.status());
        assertEquals(disabled.offboardingId(), sameRequest.body().path("offboardingId").asText(), "the same request is the same offboarding");
        Offboarding again = offboard(request(userName, "DISABLE"), newKey());
        assertEquals("SUCCEEDED", again.status(), again.view().toString());
        assertEquals(0, again.planned().size(), "nothing left to take away");
        assertEquals(0, again.performed().size());
        assertEquals(afterDisable, snapshot(userName), "running the same offboarding again changes nothing");

        Offboarding deleted = offboard(request(userName, "DELETE"), null);
        assertEquals("SUCCEEDED", deleted.status(), deleted.view().toString());
        assertEquals(deleted.planned(), deleted.performed());
        Leftovers.assertNothingLeftFor(userName);
    }

    @Test
    void deleteRemovesEverythingIncludingWhatWasAddedByHandAndARerunIsANoOp() {
        String userName = onboardedWithExtrasByHand("offdelete");

        Offboarding dryRun = offboard(request(userName, "DELETE").put("dryRun", true), newKey());
        assertEquals("SUCCEEDED", dryRun.status(), dryRun.view().toString());
        Offboarding deleted = offboard(request(userName, "DELETE"), newKey());
        assertEquals("SUCCEEDED", deleted.status(), deleted.view().toString());

        assertEquals(dryRun.planned(), deleted.performed(), "the dry run listed exactly what the real run did");
        assertTrue(actions(deleted.performed()).contains("iam:DeleteSSHPublicKey"));
        assertTrue(actions(deleted.performed()).contains("iam:DeleteSigningCertificate"));
        assertTrue(actions(deleted.performed()).contains("iam:DeleteUserPolicy"));
        assertEquals(2, actions(deleted.performed()).stream().filter("iam:DeleteAccessKey"::equals).count());
        assertEquals("iam:DeleteUser", deleted.performed().get(deleted.performed().size() - 1).path("action").asText());
        Leftovers.assertNothingLeftFor(userName);
        for (String kind : List.of("console-password", "access-key")) {
            DescribeSecretResponse secret = SharedStack.secrets().describeSecret(b -> b.secretId("iam-onboarding/" + userName + "/" + kind));
            assertTrue(secret.deletedDate() != null, kind + " is scheduled for deletion, not forced");
        }

        assertEquals(404, post("/offboardings", request(userName, "DELETE"), newKey()).status(), "the API: no such user");
        // The state machine itself, started again for the gone user: an empty plan and success.
        String machine = SharedStack.get().resources().get("OffboardingStateMachine").orElseThrow().ref();
        // Sealed as the API would seal it: the steps run nothing else.
        ObjectNode input = SharedStack.get().sealer().offboardingInput("off-rerun-" + userName.hashCode(),
                request(userName, "DELETE").put("force", false).put("dryRun", false));
        String rerun = SharedStack.sfn().startExecution(b -> b.stateMachineArn(machine).name("rerun-" + UUID.randomUUID())
                .input(Json.write(input))).executionArn();
        DescribeExecutionResponse finished = new ExecutionProgress(SharedStack.sfn()).follow(rerun, TIMEOUT, entered -> { });
        assertEquals("SUCCEEDED", finished.statusAsString());
        assertEquals(0, readTree(finished.output()).at("/plan/actionCount").asInt(-1), finished.output());
    }

    @Test
    void onlyExistingUsersThisProjectCreatedAreOffboardedWithoutForce() {
        String missing = Requests.userName("offmissing");
        Reply notFound = post("/offboardings", request(missing, "DELETE"), null);
        assertEquals(404, notFound.status());
        assertEquals("UserNotFound", notFound.body().path("code").asText());

        String byHand = Requests.userName("offbyhand");
        SharedStack.iam().createUser(b -> b.userName(byHand).path("/onboarded/"));
        try {
            Reply notManaged = post("/offboardings", request(byHand, "DELETE"), null);
            assertEquals(403, notManaged.status());
            assertEquals("NotManagedByIamOnboarding", notManaged.body().path("code").asText());
            Reply forceHere = post("/offboardings", request(byHand, "DELETE").put("force", true), null);
            assertEquals(403, forceHere.status());
            assertEquals("ForceNotAllowed", forceHere.body().path("code").asText());
            // The forced resource accepts it; a dry run shows the plan without changing anything.
            String key = "forced-dry-run-" + byHand;
            Reply accepted = post("/offboardings/forced", request(byHand, "DELETE").put("force", true).put("dryRun", true), key);
            Offboarding forced = follow(accepted);
            assertEquals("SUCCEEDED", forced.status(), forced.view().toString());
            // A replay of the same request under the same key is the same offboarding, not a second one.
            Reply replayed = post("/offboardings/forced", request(byHand, "DELETE").put("force", true).put("dryRun", true), key);
            assertEquals(accepted.body().path("offboardingId").asText(), replayed.body().path("offboardingId").asText(),
                    replayed.body().toString());
            assertEquals("iam:DeleteUser", forced.planned().get(forced.planned().size() - 1).path("action").asText());
            SharedStack.iam().getUser(b -> b.userName(byHand));
        } finally {
            SharedStack.iam().deleteUser(b -> b.userName(byHand));
        }
        assertEquals(400, post("/offboardings", Json.MAPPER.createObjectNode().put("userName", "x"), null).status());

        // Outside the path the API's role may not even read the user: to it, there is none.
        String outside = Requests.userName("offoutside");
        SharedStack.iam().createUser(b -> b.userName(outside).path("/"));
        try {
            Reply invisible = post("/offboardings/forced", request(outside, "DELETE").put("force", true), null);
            assertEquals(404, invisible.status(), invisible.body().toString());
            assertEquals("UserNotFound", invisible.body().path("code").asText());
            SharedStack.iam().getUser(b -> b.userName(outside));
        } finally {
            SharedStack.iam().deleteUser(b -> b.userName(outside));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static String onboardedWithExtrasByHand(String purpose) {
        String userName = Requests.userName(purpose);
        OnboardingRunner.Outcome onboarded = Onboardings.run(Requests.request(userName, "developer", true, true));
        assertTrue(onboarded.succeeded(), onboarded.onboardingId() + ": " + onboarded.onboarding());
        IamClient iam = SharedStack.iam();
        iam.createAccessKey(b -> b.userName(userName));
        iam.uploadSSHPublicKey(b -> b.userName(userName).sshPublicKeyBody(SSH_PUBLIC_KEY));
        iam.uploadSigningCertificate(b -> b.userName(userName).certificateBody(CERTIFICATE));
        iam.putUserPolicy(b -> b.userName(userName).policyName("added-by-hand").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"));
        return userName;
    }

    private static ObjectNode request(String userName, String mode) {
        return Json.MAPPER.createObjectNode().put("userName", userName).put("mode", mode).put("reason", REASON);
    }

    private static String newKey() {
        return "e2e-" + UUID.randomUUID();
    }

    private static Offboarding offboard(ObjectNode request, String idempotencyKey) {
        Reply accepted = post("/offboardings", request, idempotencyKey);
        assertEquals(202, accepted.status(), accepted.body().toString());
        return follow(accepted);
    }

    private static Offboarding follow(Reply accepted) {
        assertEquals(202, accepted.status(), accepted.body().toString());
        String executionArn = accepted.body().path("executionArn").asText();
        DescribeExecutionResponse finished = new ExecutionProgress(SharedStack.sfn()).follow(executionArn, TIMEOUT, entered -> { });
        Reply view = send("GET", accepted.body().path("statusUrl").asText(), null, null);
        assertEquals(200, view.status(), view.body().toString());
        return new Offboarding(accepted.body().path("offboardingId").asText(), finished.statusAsString(), view.body());
    }

    private static Reply post(String path, JsonNode body, String idempotencyKey) {
        return send("POST", path, Json.write(body), idempotencyKey);
    }

    private static Reply send(String method, String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(SharedStack.get().api().url().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static List<String> actions(JsonNode list) {
        List<String> names = new java.util.ArrayList<>();
        list.forEach(a -> names.add(a.path("action").asText()));
        return names;
    }

    private static Map<String, String> tags(String userName) {
        Map<String, String> tags = new TreeMap<>();
        for (Tag tag : SharedStack.iam().listUserTags(b -> b.userName(userName)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    /** Everything of the user that an offboarding may change, as text, to compare before and after. */
    private static Map<String, String> snapshot(String userName) {
        IamClient iam = SharedStack.iam();
        Map<String, String> state = new TreeMap<>();
        state.put("tags", tags(userName).toString());
        state.put("keys", iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().stream()
                .map(k -> k.accessKeyId() + ":" + k.status()).sorted().toList().toString());
        boolean loginProfile;
        try {
            iam.getLoginProfile(b -> b.userName(userName));
            loginProfile = true;
        } catch (NoSuchEntityException none) {
            loginProfile = false;
        }
        state.put("loginProfile", String.valueOf(loginProfile));
        state.put("ssh", iam.listSSHPublicKeys(b -> b.userName(userName)).sshPublicKeys().stream()
                .map(k -> k.sshPublicKeyId() + ":" + k.status()).toList().toString());
        state.put("certificates", iam.listSigningCertificates(b -> b.userName(userName)).certificates().stream()
                .map(c -> c.certificateId() + ":" + c.status()).toList().toString());
        state.put("mfa", iam.listMFADevices(b -> b.userName(userName)).mfaDevices().toString());
        state.put("devices", iam.listVirtualMFADevicesPaginator(b -> { }).virtualMFADevices().stream()
                .map(VirtualMFADevice::serialNumber).filter(s -> s.endsWith(":mfa/" + userName)).toList().toString());
        state.put("groups", iam.listGroupsForUser(b -> b.userName(userName)).groups().toString());
        state.put("attached", iam.listAttachedUserPolicies(b -> b.userName(userName)).attachedPolicies().toString());
        state.put("inline", iam.listUserPolicies(b -> b.userName(userName)).policyNames().toString());
        for (String kind : List.of("console-password", "access-key")) {
            DescribeSecretResponse secret = SharedStack.secrets().describeSecret(b -> b.secretId("iam-onboarding/" + userName + "/" + kind));
            state.put("secret " + kind, String.valueOf(secret.deletedDate()));
        }
        String bucket = Leftovers.qrBucket();
        state.put("qr", SharedStack.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("mfa/" + userName + "/"))
                .contents().stream().map(S3Object::key).toList().toString());
        return state;
    }
}
