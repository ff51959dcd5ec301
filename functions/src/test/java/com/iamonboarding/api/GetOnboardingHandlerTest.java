package com.iamonboarding.api;

import static com.iamonboarding.api.ApiFixtures.SDK_SECRET_MESSAGE;
import static com.iamonboarding.api.ApiFixtures.STATE_MACHINE_ARN;
import static com.iamonboarding.api.ApiFixtures.body;
import static com.iamonboarding.api.ApiFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.testsupport.Statuses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateEnteredEventDetails;

@ExtendWith(MockitoExtension.class)
class GetOnboardingHandlerTest {

    private static final String ID = "onb-hire-2024-0042";
    private static final String EXECUTION_ARN = "arn:aws:states:eu-west-1:123456789012:execution:OnboardingStateMachine:" + ID;
    private static final Instant STARTED = Instant.parse("2024-03-12T10:15:30Z");
    private static final Instant STOPPED = Instant.parse("2024-03-12T10:15:41Z");

    @Mock
    SfnClient sfn;
    @Captor
    ArgumentCaptor<DescribeExecutionRequest> described;
    @Captor
    ArgumentCaptor<GetExecutionHistoryRequest> historyRequests;

    GetOnboardingHandler handler;

    @BeforeEach
    void setUp() {
        handler = new GetOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN), Statuses.empty());
    }

    private void execution(DescribeExecutionResponse.Builder response) {
        when(sfn.describeExecution(described.capture()))
                .thenAnswer(ApiFixtures.firstAttemptOnly(response.executionArn(EXECUTION_ARN).startDate(STARTED).build()));
    }

    private static HistoryEvent entered(long id, HistoryEventType type, String state) {
        return HistoryEvent.builder().id(id).type(type).timestamp(STARTED)
                .stateEnteredEventDetails(StateEnteredEventDetails.builder().name(state).build()).build();
    }

    private static HistoryEvent other(long id, HistoryEventType type) {
        return HistoryEvent.builder().id(id).type(type).timestamp(STARTED).build();
    }

    @Test
    void aRecordedOnboardingIsAnsweredFromTheStatusTableWithoutStepFunctions() {
        DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
        ArgumentCaptor<GetItemRequest> read = ArgumentCaptor.forClass(GetItemRequest.class);
        when(dynamoDb.getItem(read.capture())).thenReturn(GetItemResponse.builder().item(Map.of(
                "id", AttributeValue.fromS(ID), "workflow", AttributeValue.fromS("onboarding"), "attempt", AttributeValue.fromN("1"),
                "status", AttributeValue.fromS("SUCCEEDED"), "startedAt", AttributeValue.fromS("2024-03-12T10:15:30Z"),
                "stoppedAt", AttributeValue.fromS("2024-03-12T10:15:33Z"), "updatedAt", AttributeValue.fromS("2024-03-12T10:15:33Z"),
                "result", AttributeValue.fromS("{\"userName\":\"jane.doe\"}"))).build());
        handler = new GetOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                new StatusTable(dynamoDb, "status-table", Clock.systemUTC(), com.iamonboarding.common.Log.forFunction("test")));

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        assertEquals(200, response.getStatusCode());
        ObjectNode expected = Json.MAPPER.createObjectNode().put("onboardingId", ID).put("status", "SUCCEEDED")
                .put("startedAt", "2024-03-12T10:15:30Z").put("stoppedAt", "2024-03-12T10:15:33Z");
        expected.putObject("result").put("userName", "jane.doe");
        expected.put("attempt", 1);
        assertEquals(expected, body(response));
        assertEquals("status-table", read.getValue().tableName());
        assertEquals(Map.of("id", AttributeValue.fromS(ID)), read.getValue().key());
        assertTrue(read.getValue().consistentRead(), "a read right after a step's write sees it");
        verifyNoInteractions(sfn);
    }

    @Test
    void anEndedExecutionReadFromStepFunctionsIsKeptInTheStatusTable() {
        DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());
        ArgumentCaptor<PutItemRequest> kept = ArgumentCaptor.forClass(PutItemRequest.class);
        when(dynamoDb.putItem(kept.capture())).thenReturn(PutItemResponse.builder().build());
        handler = new GetOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                new StatusTable(dynamoDb, "status-table", Clock.systemUTC(), com.iamonboarding.common.Log.forFunction("test")));
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.FAILED).stopDate(STOPPED)
                .error("CreateUserFailed").cause("CreateUser failed: throttled. Rolled back: nothing had been created."));

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("FAILED", body.path("status").asText());
        Map<String, AttributeValue> item = kept.getValue().item();
        assertEquals(AttributeValue.fromS(ID), item.get("id"));
        assertEquals(AttributeValue.fromS("FAILED"), item.get("status"));
        assertEquals(AttributeValue.fromS("CreateUser"), item.get("failedStep"));
        assertEquals(AttributeValue.fromS("CreateUserFailed"), item.get("error"));
        assertEquals(AttributeValue.fromS("2024-03-12T10:15:41Z"), item.get("stoppedAt"));
        assertTrue(kept.getValue().conditionExpression().contains("attribute_not_exists"), "never over a newer attempt's record");
    }

    @Test
    void aStatusTableThatCannotBeReadLeavesTheAnswerToStepFunctions() {
        DynamoDbClient dynamoDb = mock(DynamoDbClient.class);
        when(dynamoDb.getItem(any(GetItemRequest.class))).thenThrow(DynamoDbException.builder().statusCode(500).message("boom").build());
        handler = new GetOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                new StatusTable(dynamoDb, "status-table", Clock.systemUTC(), com.iamonboarding.common.Log.forFunction("test")));
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.SUCCEEDED).stopDate(STOPPED).output("{}"));

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("SUCCEEDED", body(response).path("status").asText());
    }

    @Test
    void aRunningOnboardingShowsTheLatestStateEntered() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.RUNNING).input("{\"request\":{\"email\":\"x\"}}"));
        when(sfn.getExecutionHistory(historyRequests.capture())).thenReturn(GetExecutionHistoryResponse.builder().events(
                other(12, HistoryEventType.TASK_STARTED), other(11, HistoryEventType.TASK_SCHEDULED),
                entered(10, HistoryEventType.TASK_STATE_ENTERED, "EnrollMfa"),
                entered(6, HistoryEventType.TASK_STATE_ENTERED, "AssignAccess")).build());

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        assertEquals(200, response.getStatusCode());
        assertEquals(Json.MAPPER.createObjectNode().put("onboardingId", ID).put("status", "RUNNING")
                .put("startedAt", "2024-03-12T10:15:30Z").put("currentStep", "EnrollMfa").put("attempt", 1), body(response));
        assertEquals(EXECUTION_ARN, described.getAllValues().get(0).executionArn());
        GetExecutionHistoryRequest history = historyRequests.getValue();
        assertEquals(EXECUTION_ARN, history.executionArn());
        assertTrue(history.reverseOrder());
        assertFalse(history.includeExecutionData());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
    }

    @Test
    void theCurrentStepIsLookedForOnLaterHistoryPages() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.RUNNING));
        when(sfn.getExecutionHistory(historyRequests.capture()))
                .thenReturn(GetExecutionHistoryResponse.builder().events(other(40, HistoryEventType.TASK_STARTED)).nextToken("page-2").build())
                .thenReturn(GetExecutionHistoryResponse.builder().events(entered(39, HistoryEventType.CHOICE_STATE_ENTERED, "WantsConsoleAccess")).build());

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("WantsConsoleAccess", body.get("currentStep").asText());
        assertNull(historyRequests.getAllValues().get(0).nextToken());
        assertEquals("page-2", historyRequests.getAllValues().get(1).nextToken());
    }

    @Test
    void anUnreadableHistoryStillAnswersTheStatus() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.RUNNING));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenThrow(ApiFixtures.sfnError("ThrottlingException", 400));

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("RUNNING", body(response).get("status").asText());
        assertFalse(body(response).has("currentStep"));
    }

    @Test
    void aSucceededOnboardingShowsOnlyTheWhitelistedResult() {
        String output = "{\"onboardingId\":\"" + ID + "\","
                + "\"request\":{\"userName\":\"jane.doe\",\"email\":\"jane.doe@example.com\",\"employeeId\":\"E-1042\"},"
                + "\"alias\":{\"accountAlias\":\"example-corp\",\"signInUrl\":\"https://example-corp.signin.aws.amazon.com/console\",\"created\":false},"
                + "\"user\":{\"userName\":\"jane.doe\",\"userArn\":\"arn:aws:iam::123456789012:user/onboarded/jane.doe\",\"path\":\"/onboarded/\"},"
                + "\"loginProfile\":{\"secretArn\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jane.doe/console-password-Ab12\",\"password\":\"LEAKED-PASSWORD\"},"
                + "\"access\":{\"accessProfile\":\"developer\",\"groups\":[\"iam-onboarding-developers\"],\"policyArns\":[],\"permissionsBoundaryArn\":\"arn:aws:iam::aws:policy/PowerUserAccess\"},"
                + "\"mfa\":{\"serialNumber\":\"arn:aws:iam::123456789012:mfa/jane.doe\",\"qrCodeBucket\":\"qr-bucket\",\"qrCodeS3Key\":\"mfa/jane.doe/onb.png\",\"seed\":\"LEAKED-SEED\"},"
                + "\"accessKey\":{\"accessKeyId\":\"AKIAEXAMPLE\",\"secretArn\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jane.doe/access-key-Cd34\",\"secretAccessKey\":\"LEAKED-KEY\"},"
                + "\"notification\":{\"status\":\"PUBLISHED\",\"eventId\":\"e-1\",\"detail\":\"LEAKED-DETAIL\"},\"secretAccessKey\":\"LEAKED-KEY\"}";
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.SUCCEEDED).stopDate(STOPPED).output(output));

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        JsonNode body = body(response);
        assertEquals(200, response.getStatusCode());
        assertEquals("SUCCEEDED", body.get("status").asText());
        assertEquals("2024-03-12T10:15:41Z", body.get("stoppedAt").asText());
        ObjectNode expected = Json.MAPPER.createObjectNode()
                .put("userName", "jane.doe")
                .put("userArn", "arn:aws:iam::123456789012:user/onboarded/jane.doe")
                .put("signInUrl", "https://example-corp.signin.aws.amazon.com/console")
                .put("accountAlias", "example-corp");
        expected.putObject("loginProfile")
                .put("secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jane.doe/console-password-Ab12");
        expected.putObject("accessKey").put("accessKeyId", "AKIAEXAMPLE")
                .put("secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:iam-onboarding/jane.doe/access-key-Cd34");
        expected.putObject("mfa").put("serialNumber", "arn:aws:iam::123456789012:mfa/jane.doe")
                .put("qrCodeBucket", "qr-bucket").put("qrCodeS3Key", "mfa/jane.doe/onb.png");
        ObjectNode access = expected.putObject("access");
        access.putArray("groups").add("iam-onboarding-developers");
        access.putArray("policyArns");
        expected.putObject("notification").put("status", "PUBLISHED").put("eventId", "e-1");
        assertEquals(expected, body.get("result"));
        assertFalse(response.getBody().contains("LEAKED"));
        assertFalse(response.getBody().contains("jane.doe@example.com"));
        verify(sfn, never()).getExecutionHistory(any(GetExecutionHistoryRequest.class));
    }

    @Test
    void aSucceededOnboardingWithoutOptionalStepsShowsWhatThereIs() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.SUCCEEDED).stopDate(STOPPED)
                .output("{\"request\":{\"userName\":\"svc.bot\"},\"user\":{\"userArn\":\"arn:aws:iam::123456789012:user/onboarded/svc.bot\"}}"));

        JsonNode result = body(handler.handle(get(ID), null)).get("result");

        assertEquals(Json.MAPPER.createObjectNode().put("userName", "svc.bot")
                .put("userArn", "arn:aws:iam::123456789012:user/onboarded/svc.bot"), result);
    }

    @Test
    void aFailedOnboardingNamesTheStepTheErrorAndTheCause() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.FAILED).stopDate(STOPPED)
                .error("CreateUserFailed")
                .cause("CreateUser failed: iam:CreateUser failed: EntityAlreadyExists (HTTP 409). Rolled back: nothing had been created."));

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("FAILED", body.get("status").asText());
        assertEquals("CreateUser", body.get("failedStep").asText());
        assertEquals("CreateUserFailed", body.get("error").asText());
        assertEquals("CreateUser failed: iam:CreateUser failed: EntityAlreadyExists (HTTP 409). Rolled back: nothing had been created.",
                body.get("cause").asText());
        assertFalse(body.has("result"));
        verify(sfn, never()).getExecutionHistory(any(GetExecutionHistoryRequest.class));
    }

    @Test
    void aFailureWithoutAStepNamedErrorFindsTheStepInTheHistoryAndHidesTheStackTrace() {
        String lambdaError = "{\"errorMessage\":\"rollback of onboarding " + ID + " after EnrollMfa failed is incomplete\","
                + "\"errorType\":\"com.iamonboarding.compensate.RollbackIncompleteException\","
                + "\"stackTrace\":[\"com.iamonboarding.compensate.CompensateHandler.handle(CompensateHandler.java:66)\"]}";
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.FAILED).stopDate(STOPPED)
                .error("OnboardingRollbackIncomplete").cause(lambdaError));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder().events(
                entered(32, HistoryEventType.FAIL_STATE_ENTERED, "RollbackIncomplete"),
                other(31, HistoryEventType.TASK_FAILED),
                entered(30, HistoryEventType.TASK_STATE_ENTERED, "Compensate"),
                entered(29, HistoryEventType.PASS_STATE_ENTERED, "EnrollMfaFailed"),
                entered(20, HistoryEventType.TASK_STATE_ENTERED, "EnrollMfa")).build());

        APIGatewayProxyResponseEvent response = handler.handle(get(ID), null);

        JsonNode body = body(response);
        assertEquals("EnrollMfa", body.get("failedStep").asText());
        assertEquals("OnboardingRollbackIncomplete", body.get("error").asText());
        assertEquals("rollback of onboarding " + ID + " after EnrollMfa failed is incomplete", body.get("cause").asText());
        assertFalse(response.getBody().contains("stackTrace"));
        assertFalse(response.getBody().contains("CompensateHandler.java"));
    }

    @Test
    void aJavaExceptionAsTheErrorIsShownByItsSimpleName() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.FAILED).stopDate(STOPPED)
                .error("com.iamonboarding.common.PermanentStepException").cause("{\"errorMessage\":\"iam:CreateUser failed: AccessDenied (HTTP 403)\","
                        + "\"errorType\":\"com.iamonboarding.common.PermanentStepException\",\"stackTrace\":[]}"));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder().events(
                entered(9, HistoryEventType.FAIL_STATE_ENTERED, "OnboardingFailed"),
                entered(5, HistoryEventType.TASK_STATE_ENTERED, "CreateUser")).build());

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("PermanentStepException", body.get("error").asText());
        assertEquals("iam:CreateUser failed: AccessDenied (HTTP 403)", body.get("cause").asText());
        assertFalse(body.has("failedStep"), "a Fail state named ...Failed is not a step");
    }

    @Test
    void aTimedOutOnboardingKeepsStatesErrorNames() {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.TIMED_OUT).stopDate(STOPPED).error("States.Timeout"));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder()
                .events(entered(5, HistoryEventType.TASK_STATE_ENTERED, "CreateUser")).build());

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("TIMED_OUT", body.get("status").asText());
        assertEquals("States.Timeout", body.get("error").asText());
        assertFalse(body.has("failedStep"));
        assertFalse(body.has("cause"));
    }

    @Test
    void anUnknownIdIs404() {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(ApiFixtures.executionDoesNotExist());

        APIGatewayProxyResponseEvent response = handler.handle(get("onb-unknown"), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("OnboardingNotFound", body(response).get("code").asText());
        assertFalse(response.getBody().contains(SDK_SECRET_MESSAGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "onb-", "onb-../../x", "onb-a b", "onb-a:b", "onb-ключ", "onb-x\n"})
    void aMalformedIdIs400AndNothingIsAsked(String id) {
        APIGatewayProxyResponseEvent response = handler.handle(get(id), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidOnboardingId", body(response).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void aMissingIdIs400() {
        assertEquals(400, handler.handle(new APIGatewayProxyRequestEvent(), null).getStatusCode());
        assertEquals(400, handler.handle(new APIGatewayProxyRequestEvent().withPathParameters(Map.of()), null).getStatusCode());
        assertEquals(400, handler.handle(null, null).getStatusCode());
        verifyNoInteractions(sfn);
    }

    @Test
    void throttlingIs503AndOtherErrorsAre500WithoutInternals() {
        when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
                .thenThrow(ApiFixtures.sfnError("ThrottlingException", 400))
                .thenThrow(ApiFixtures.sfnError("AccessDeniedException", 400));

        APIGatewayProxyResponseEvent busy = handler.handle(get(ID), null);
        APIGatewayProxyResponseEvent broken = handler.handle(get(ID), null);

        assertEquals(503, busy.getStatusCode());
        assertEquals("ServiceUnavailable", body(busy).get("code").asText());
        assertEquals(500, broken.getStatusCode());
        assertEquals("InternalError", body(broken).get("code").asText());
        for (APIGatewayProxyResponseEvent response : List.of(busy, broken)) {
            assertFalse(response.getBody().contains(SDK_SECRET_MESSAGE));
            assertFalse(response.getBody().contains("Exception"));
        }
    }

    @Test
    void theSampleEventRunsThroughTheStreamHandler() throws Exception {
        execution(DescribeExecutionResponse.builder().status(ExecutionStatus.RUNNING));
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder()
                .events(entered(3, HistoryEventType.TASK_STATE_ENTERED, "EnsureAccountAlias")).build());
        byte[] event = GetOnboardingHandlerTest.class.getResourceAsStream("/events/api-get-onboarding.json").readAllBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(event), out, null);

        JsonNode proxyResponse = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(200, proxyResponse.get("statusCode").asInt());
        JsonNode body = Json.MAPPER.readTree(proxyResponse.get("body").asText());
        assertEquals(ID, body.get("onboardingId").asText());
        assertEquals("EnsureAccountAlias", body.get("currentStep").asText());
        assertEquals(EXECUTION_ARN, described.getAllValues().get(0).executionArn());
    }

    @Test
    void theExecutionArnIsDerivedFromTheStateMachineArn() {
        OnboardingWorkflow workflow = new OnboardingWorkflow(sfn, "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Onb");

        assertEquals("arn:aws-cn:states:cn-north-1:123456789012:execution:Onb:onb-1", workflow.executionArn("onb-1"));
    }

    @Test
    void aSecondAttemptAfterAFailureIsShownWithTheEarlierOne() {
        DescribeExecutionResponse first = DescribeExecutionResponse.builder().executionArn(EXECUTION_ARN)
                .status(ExecutionStatus.FAILED).startDate(STARTED).stopDate(STOPPED)
                .error("CreateUserFailed").cause("CreateUser failed: throttled. Rolled back: nothing had been created.").build();
        DescribeExecutionResponse second = DescribeExecutionResponse.builder().executionArn(EXECUTION_ARN + ".2")
                .status(ExecutionStatus.RUNNING).startDate(STOPPED).build();
        when(sfn.describeExecution(described.capture())).thenAnswer(call -> {
            String arn = call.<DescribeExecutionRequest>getArgument(0).executionArn();
            if (arn.equals(EXECUTION_ARN)) {
                return first;
            }
            if (arn.equals(EXECUTION_ARN + ".2")) {
                return second;
            }
            throw ApiFixtures.executionDoesNotExist();
        });
        when(sfn.getExecutionHistory(any(GetExecutionHistoryRequest.class))).thenReturn(GetExecutionHistoryResponse.builder()
                .events(entered(3, HistoryEventType.TASK_STATE_ENTERED, "CreateUser")).build());

        JsonNode body = body(handler.handle(get(ID), null));

        assertEquals("RUNNING", body.get("status").asText());
        assertEquals(2, body.get("attempt").asInt());
        assertEquals("CreateUser", body.get("currentStep").asText());
        JsonNode earlier = body.get("earlierAttempts");
        assertEquals(1, earlier.size());
        assertEquals(1, earlier.get(0).get("attempt").asInt());
        assertEquals("FAILED", earlier.get(0).get("status").asText());
        assertEquals("CreateUser", earlier.get(0).get("failedStep").asText());
        assertEquals(List.of(EXECUTION_ARN, EXECUTION_ARN + ".2", EXECUTION_ARN + ".3"),
                described.getAllValues().stream().map(DescribeExecutionRequest::executionArn).toList());
    }
}
