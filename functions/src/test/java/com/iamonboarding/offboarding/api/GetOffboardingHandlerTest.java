package com.iamonboarding.offboarding.api;

import static com.iamonboarding.offboarding.api.StartOffboardingHandlerTest.STATE_MACHINE_ARN;
import static com.iamonboarding.offboarding.api.StartOffboardingHandlerTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.ApiFixtures;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.testsupport.Statuses;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

@ExtendWith(MockitoExtension.class)
class GetOffboardingHandlerTest {

    private static final String OUTPUT = """
            {"offboardingId":"off-1","request":{"userName":"jane.doe","mode":"DELETE","reason":"Left","force":false,"dryRun":false},
             "plan":{"userName":"jane.doe","userArn":"arn:aws:iam::1:user/onboarded/jane.doe","userExists":true,"mode":"DELETE",
                     "tags":{"OffboardedAt":"2025-01-31T17:00:00Z","OffboardingReason":"Left"},
                     "actions":[{"action":"iam:DeactivateAccessKey","target":"AKID1"},{"action":"iam:DeleteUser","target":"jane.doe"}],
                     "actionCount":2},
             "disabled":{"performed":[{"action":"iam:DeactivateAccessKey","target":"AKID1"}],"performedCount":1},
             "deleted":{"performed":[{"action":"iam:DeleteUser","target":"jane.doe"},{"unexpected":"x"}],"performedCount":1},
             "error":{"Cause":"not shown"}}
            """;

    @Mock
    SfnClient sfn;

    private GetOffboardingHandler handler() {
        return new GetOffboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN), Statuses.empty());
    }

    private static APIGatewayProxyRequestEvent get(String id) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource("/offboardings/{id}")
                .withPathParameters(Map.of("id", id));
    }

    @Test
    void aSucceededOffboardingShowsThePlannedAndPerformedActionsOnly() throws Exception {
        ArgumentCaptor<DescribeExecutionRequest> described = ArgumentCaptor.forClass(DescribeExecutionRequest.class);
        when(sfn.describeExecution(described.capture())).thenAnswer(ApiFixtures.firstAttemptOnly(DescribeExecutionResponse.builder()
                .status(ExecutionStatus.SUCCEEDED).output(OUTPUT).startDate(Instant.parse("2025-01-31T17:00:00Z")).build()));

        APIGatewayProxyResponseEvent response = handler().handle(get("off-1"), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("arn:aws:states:eu-west-1:123456789012:execution:OffboardingStateMachine:off-1", described.getAllValues().get(0).executionArn());
        JsonNode result = body(response).get("result");
        assertEquals("jane.doe", result.get("userName").asText());
        assertEquals("DELETE", result.get("mode").asText());
        assertEquals(2, result.get("planned").size());
        assertEquals(2, result.get("performed").size(), "only well-formed actions are copied");
        assertEquals("iam:DeleteUser", result.at("/performed/1/action").asText());
        assertFalse(response.getBody().contains("not shown"));
    }

    @Test
    void aDryRunShowsThePlanAndNoPerformedList() throws Exception {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(ApiFixtures.firstAttemptOnly(DescribeExecutionResponse.builder()
                .status(ExecutionStatus.SUCCEEDED).output(OUTPUT.replace("\"dryRun\":false", "\"dryRun\":true")).build()));

        JsonNode result = body(handler().handle(get("off-1"), null)).get("result");

        assertTrue(result.get("dryRun").asBoolean());
        assertEquals(2, result.get("planned").size());
        assertFalse(result.has("performed"));
    }

    @Test
    void aFailedOffboardingNamesItsStepAndTheMessageOnly() throws Exception {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(ApiFixtures.firstAttemptOnly(DescribeExecutionResponse.builder()
                .status(ExecutionStatus.FAILED).error("DisableAccessFailed")
                .cause("{\"errorType\":\"com.iamonboarding.common.PermanentStepException\",\"errorMessage\":\"iam:DeactivateAccessKey AKID1 failed: AccessDenied (HTTP 403)\",\"stackTrace\":[\"x\"]}")
                .build()));

        JsonNode body = body(handler().handle(get("off-1"), null));

        assertEquals("DisableAccess", body.get("failedStep").asText());
        assertEquals("DisableAccessFailed", body.get("error").asText());
        assertEquals("iam:DeactivateAccessKey AKID1 failed: AccessDenied (HTTP 403)", body.get("cause").asText());
    }

    @Test
    void aRunningOffboardingShowsItsCurrentStep() throws Exception {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(ApiFixtures.firstAttemptOnly(DescribeExecutionResponse.builder()
                .status(ExecutionStatus.RUNNING).executionArn("arn:exec").build()));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder()
                .events(HistoryEvent.builder().type(HistoryEventType.TASK_STATE_ENTERED)
                        .stateEnteredEventDetails(d -> d.name("DeleteIdentity")).build()).build());

        assertEquals("DeleteIdentity", body(handler().handle(get("off-1"), null)).get("currentStep").asText());
    }

    @Test
    void anUnknownIdIs404AndAMalformedOne400() throws Exception {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(ExecutionDoesNotExistException.builder()
                .statusCode(400).message("no").build());

        assertEquals("OffboardingNotFound", body(handler().handle(get("off-unknown"), null)).get("code").asText());
        APIGatewayProxyResponseEvent malformed = handler().handle(get("onb-1"), null);
        assertEquals(400, malformed.getStatusCode());
        assertEquals("InvalidOffboardingId", body(malformed).get("code").asText());
    }

    @Test
    void noPathParameterIs400WithoutACall() {
        assertEquals(400, handler().handle(new APIGatewayProxyRequestEvent(), null).getStatusCode());
        verifyNoInteractions(sfn);
    }
}
