package com.iamonboarding.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.OnboardingState;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

@ExtendWith(MockitoExtension.class)
class OnboardingEventPublisherTest {

    static final String BUS = "iam-onboarding-bus";
    static final String USER_ARN = "arn:aws:iam::123456789012:user/onboarded/jdoe";

    /** A complete state as the state machine hands it to Notify. */
    static final String FULL_STATE = """
            {"onboardingId": "ob-1234",
             "request": {"employeeId": "E1", "userName": "jdoe", "email": "jdoe@example.com", "displayName": "J. Doe",
                         "accessProfile": "developer", "consoleAccess": true, "programmaticAccess": true,
                         "tags": {"CostCenter": "42"}},
             "seal": {"issuedAt": "2026-06-01T12:00:00Z", "mac": "c2VhbGVkIGJ5IHRoZSBBUEk="},
             "alias": {"accountAlias": "aws-example", "signInUrl": "https://aws-example.signin.aws.amazon.com/console", "created": false},
             "user": {"userName": "jdoe", "userArn": "arn:aws:iam::123456789012:user/onboarded/jdoe", "path": "/onboarded/", "created": true},
             "loginProfile": {"secretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jdoe/console-password-AbC"},
             "access": {"accessProfile": "developer", "groups": ["iam-onboarding-developer"], "policyArns": []},
             "mfa": {"serialNumber": "arn:aws:iam::123456789012:mfa/jdoe", "qrCodeBucket": "qr-bucket", "qrCodeS3Key": "mfa/jdoe/ob-1234.png"},
             "accessKey": {"accessKeyId": "AKIA-NEW-KEY-0001", "secretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jdoe/access-key-XyZ"}}
            """;

    @Mock
    EventBridgeClient events;
    @Captor
    ArgumentCaptor<PutEventsRequest> put;

    static OnboardingState state(String json) throws Exception {
        return Json.MAPPER.readValue(json, OnboardingState.class);
    }

    void accepted(String eventId) {
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder()
                .failedEntryCount(0).entries(PutEventsResultEntry.builder().eventId(eventId).build()).build());
    }

    @Test
    void publishesOnboardingCompletedWithTheNonSecretFacts() throws Exception {
        accepted("evt-1");

        NotifyResult result = new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE));

        assertEquals("evt-1", result.eventId);
        verify(events).putEvents(put.capture());
        assertEquals(1, put.getValue().entries().size());
        PutEventsRequestEntry entry = put.getValue().entries().get(0);
        assertEquals(BUS, entry.eventBusName());
        assertEquals("iam-onboarding", entry.source());
        assertEquals("OnboardingCompleted", entry.detailType());
        assertEquals(List.of(USER_ARN), entry.resources());

        JsonNode detail = Json.MAPPER.readTree(entry.detail());
        assertEquals(new TreeSet<>(Set.of("onboardingId", "userName", "userArn", "signInUrl", "accountAlias",
                        "consoleAccess", "programmaticAccess", "loginProfileSecretArn", "accessKeySecretArn",
                        "accessKeyId", "mfaSerialNumber", "qrCodeBucket", "qrCodeS3Key", "accessProfile", "groups")),
                fieldNames(detail));
        assertEquals("ob-1234", detail.get("onboardingId").asText());
        assertEquals("jdoe", detail.get("userName").asText());
        assertEquals(USER_ARN, detail.get("userArn").asText());
        assertEquals("https://aws-example.signin.aws.amazon.com/console", detail.get("signInUrl").asText());
        assertEquals("aws-example", detail.get("accountAlias").asText());
        assertTrue(detail.get("consoleAccess").asBoolean());
        assertTrue(detail.get("programmaticAccess").asBoolean());
        assertTrue(detail.get("loginProfileSecretArn").asText().endsWith("console-password-AbC"));
        assertTrue(detail.get("accessKeySecretArn").asText().endsWith("access-key-XyZ"));
        assertEquals("AKIA-NEW-KEY-0001", detail.get("accessKeyId").asText());
        assertEquals("arn:aws:iam::123456789012:mfa/jdoe", detail.get("mfaSerialNumber").asText());
        assertEquals("qr-bucket", detail.get("qrCodeBucket").asText());
        assertEquals("mfa/jdoe/ob-1234.png", detail.get("qrCodeS3Key").asText());
        assertEquals("developer", detail.get("accessProfile").asText());
        assertEquals("iam-onboarding-developer", detail.get("groups").get(0).asText());
        // Personal data from the request stays out of the event.
        assertFalse(entry.detail().contains("jdoe@example.com"));
        assertFalse(entry.detail().contains("CostCenter"));
    }

    @Test
    void leavesOutWhatThisOnboardingDidNotCreate() throws Exception {
        accepted("evt-2");
        String minimal = """
                {"onboardingId": "ob-5678",
                 "request": {"employeeId": "E2", "userName": "asmith", "email": "a@example.com",
                             "accessProfile": "billing", "consoleAccess": false, "programmaticAccess": false},
                 "user": {"userName": "asmith", "userArn": "arn:aws:iam::123456789012:user/onboarded/asmith"},
                 "access": {"accessProfile": "billing", "groups": ["iam-onboarding-billing"]}}
                """;

        new OnboardingEventPublisher(events, BUS).publishCompleted(state(minimal));

        verify(events).putEvents(put.capture());
        JsonNode detail = Json.MAPPER.readTree(put.getValue().entries().get(0).detail());
        assertFalse(detail.get("consoleAccess").asBoolean());
        assertFalse(detail.get("programmaticAccess").asBoolean());
        for (String absent : List.of("loginProfileSecretArn", "accessKeySecretArn", "accessKeyId",
                "mfaSerialNumber", "qrCodeS3Key", "signInUrl")) {
            assertFalse(detail.has(absent), absent + " should be absent");
        }
    }

    @Test
    void aRejectedEntryIsRetryableAndNamesOnlyTheErrorCode() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder()
                .failedEntryCount(1).entries(PutEventsResultEntry.builder()
                        .errorCode("ThrottlingException").errorMessage("detail {\"userName\":\"jdoe\"...} rejected").build())
                .build());

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE)));
        assertTrue(e.getMessage().contains("ThrottlingException"));
        assertFalse(e.getMessage().contains("rejected\""));
        assertFalse(e.getMessage().contains("userName"));
    }

    @Test
    void anEmptyResultIsRetryable() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class)))
                .thenReturn(PutEventsResponse.builder().failedEntryCount(0).build());

        assertThrows(RetryableStepException.class,
                () -> new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE)));
    }

    @Test
    void throttlingIsRetryable() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class))).thenThrow(EventBridgeException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());

        RetryableStepException e = assertThrows(RetryableStepException.class,
                () -> new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE)));
        assertTrue(e.getMessage().contains("events:PutEvents " + BUS));
    }

    @Test
    void aMissingBusIsPermanent() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class))).thenThrow(EventBridgeException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build());

        assertThrows(PermanentStepException.class,
                () -> new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE)));
    }

    @Test
    void aConnectionFailureIsRetryable() throws Exception {
        when(events.putEvents(any(PutEventsRequest.class))).thenThrow(SdkClientException.create("connection reset"));

        assertThrows(RetryableStepException.class,
                () -> new OnboardingEventPublisher(events, BUS).publishCompleted(state(FULL_STATE)));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
