package com.iamonboarding.local.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private final FaultInjection faults = new FaultInjection();

    @Test
    void aRuleTakesOnlyItsFirstNMatchingRequests() {
        FaultRule rule = faults.inject("CreateUser", "jane", 2, Fault.throttling());

        assertEquals(Optional.of(rule), faults.claim(iam("CreateUser", "UserName", "jane")));
        assertEquals(Optional.empty(), faults.claim(iam("CreateUser", "UserName", "john")), "another onboarding");
        assertEquals(Optional.empty(), faults.claim(iam("GetUser", "UserName", "jane")), "another action");
        assertEquals(Optional.of(rule), faults.claim(iam("CreateUser", "UserName", "jane")));
        assertEquals(Optional.empty(), faults.claim(iam("CreateUser", "UserName", "jane")), "used up");
        assertEquals(2, rule.hits());
        assertTrue(rule.exhausted());
    }

    @Test
    void aPermanentRuleNeverRunsOutAndAnUnscopedOneTakesEveryRequestOfItsAction() {
        FaultRule rule = faults.failAction("ListUsers", 403, "AccessDenied", "no");
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of(rule), faults.claim(iam("ListUsers")));
        }
        assertEquals(5, rule.hits());
        assertFalse(rule.exhausted());
        faults.clear();
        assertEquals(Optional.empty(), faults.claim(iam("ListUsers")));
    }

    @Test
    void rulesAreConsultedInOrderAndARequestMeetsOneFault() {
        FaultRule first = faults.inject("CreateAccessKey", "jane", 1, Fault.serverError());
        FaultRule second = faults.inject("CreateAccessKey", "jane", 1, Fault.droppedConnection());

        assertEquals(Optional.of(first), faults.claim(iam("CreateAccessKey", "UserName", "jane")));
        assertEquals(Optional.of(second), faults.claim(iam("CreateAccessKey", "UserName", "jane")));
        assertEquals(Optional.empty(), faults.claim(iam("CreateAccessKey", "UserName", "jane")));
        faults.remove(first);
        assertEquals(1, first.hits());
    }

    @Test
    void theScopeMatchesWholeNamesInPathsParametersAndNestedJson() {
        RecordedRequest putObject = new RecordedRequest(Instant.now(), "s3", "PutObject", "PUT",
                "/qr-bucket/mfa/e2e-a-1-x/onb-1.png", Map.of());
        RecordedRequest secret = new RecordedRequest(Instant.now(), "secretsmanager", "CreateSecret", "POST", "/",
                Map.of("Name", "iam-onboarding/e2e-a-1-x/access-key"));
        RecordedRequest event = new RecordedRequest(Instant.now(), "events", "PutEvents", "POST", "/",
                Map.of("Entries", List.of(Map.of("Detail", "{\"userName\":\"e2e-a-1-x\"}"))));
        RecordedRequest serial = iam("EnableMFADevice", "SerialNumber", "arn:aws:iam::123456789012:mfa/e2e-a-1-x");

        for (RecordedRequest request : List.of(putObject, secret, event, serial)) {
            assertTrue(RequestScope.mentions(request, "e2e-a-1-x"), request.toString());
            assertFalse(RequestScope.mentions(request, "e2e-a-1"), "a prefix of another name: " + request);
            assertFalse(RequestScope.mentions(request, "a-1-x"), "a suffix of another name: " + request);
        }
        assertTrue(RequestScope.mentions(putObject, "mfa/e2e-a-1-x/"), "a key prefix");
        assertFalse(RequestScope.mentions(putObject, "mfa/e2e-a-1/"));
        assertTrue(RequestScope.mentions(secret, "iam-onboarding/e2e-a-1-x/access-key"));
        assertFalse(RequestScope.mentions(secret, "iam-onboarding/e2e-a-1-x/console-password"));
    }

    @Test
    void aRuleNeedsAtLeastOneRequest() {
        assertThrows(IllegalArgumentException.class, () -> faults.inject("CreateUser", null, 0, Fault.throttling()));
    }

    @Test
    void namedFaultsTakeEachServicesOwnCodeAndStatus() {
        RecordedRequest iam = iam("CreateUser", "UserName", "jane");
        RecordedRequest s3 = new RecordedRequest(Instant.now(), "s3", "PutObject", "PUT", "/b/k", Map.of());
        RecordedRequest secrets = new RecordedRequest(Instant.now(), "secretsmanager", "CreateSecret", "POST", "/", Map.of());

        assertEquals(List.of(400, "Throttling"), codeOf(iam, false, Fault.throttling()));
        assertEquals(List.of(503, "SlowDown"), codeOf(s3, false, Fault.throttling()));
        assertEquals(List.of(400, "ThrottlingException"), codeOf(secrets, true, Fault.throttling()));
        assertEquals(List.of(500, "ServiceFailure"), codeOf(iam, false, Fault.serverError()));
        assertEquals(List.of(500, "InternalError"), codeOf(s3, false, Fault.failAfterApply()));
        assertEquals(List.of(500, "InternalFailure"), codeOf(secrets, true, Fault.serverError()));
        assertEquals(List.of(404, "NoSuchEntity"), codeOf(iam, false, Fault.noSuchEntity()));
        assertEquals(List.of(403, "AccessDenied"), codeOf(iam, false, Fault.error(403, "AccessDenied", null)));
    }

    @Test
    void queryProtocolErrorsAreErrorResponseDocumentsWithTheFaultingParty() {
        AwsErrorResponses.Rendered rendered = AwsErrorResponses.render(iam("CreateUser"), false,
                AwsErrorResponses.errorFor(Fault.serverError(), iam("CreateUser"), false));
        String body = new String(rendered.body(), StandardCharsets.UTF_8);
        assertEquals(500, rendered.status());
        assertTrue(body.startsWith("<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceFailure</Code>"), body);
    }

    private static List<Object> codeOf(RecordedRequest request, boolean json, Fault fault) {
        AwsErrorResponses.AwsError error = AwsErrorResponses.errorFor(fault, request, json);
        return List.of(error.status(), error.errorCode());
    }

    private static RecordedRequest iam(String action, String... parameters) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("Action", action);
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            values.put(parameters[i], parameters[i + 1]);
        }
        return new RecordedRequest(Instant.now(), "iam", action, "POST", "/", values);
    }
}
