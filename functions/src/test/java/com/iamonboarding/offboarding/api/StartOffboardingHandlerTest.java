package com.iamonboarding.offboarding.api;

import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import static com.iamonboarding.testsupport.AwsExceptions.iamError;
import static com.iamonboarding.testsupport.AwsExceptions.noSuchEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.api.OnboardingWorkflow;
import com.iamonboarding.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.ListUserTagsResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

@ExtendWith(MockitoExtension.class)
@SuppressWarnings("unchecked")
class StartOffboardingHandlerTest {

    static final String STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:OffboardingStateMachine";
    static final String EXECUTION_PREFIX = "arn:aws:states:eu-west-1:123456789012:execution:OffboardingStateMachine:";
    static final String SDK_DETAIL = "internal detail arn:aws:iam::123456789012:role/x";

    @Mock
    SfnClient sfn;
    @Mock
    IamClient iam;
    @Captor
    ArgumentCaptor<StartExecutionRequest> started;

    private StartOffboardingHandler handler(boolean allowForce) {
        return new StartOffboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN), Seals.accepting(), Statuses.empty(), new OffboardingRequestValidator(),
                new UserLookup(iam), "/onboarded/", allowForce);
    }

    static APIGatewayProxyRequestEvent post(String path, JsonNode body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path).withResource(path)
                .withHeaders(all).withBody(Json.write(body)).withIsBase64Encoded(false);
    }

    static APIGatewayProxyRequestEvent post(JsonNode body) {
        return post("/offboardings", body, Map.of());
    }

    static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private void user(String path, String userId, String... tags) {
        when(iam.getUser(any(Consumer.class))).thenReturn(GetUserResponse.builder()
                .user(User.builder().userName("jane.doe").path(path).userId(userId).build()).build());
        ListUserTagsResponse.Builder list = ListUserTagsResponse.builder();
        java.util.List<Tag> tagList = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < tags.length; i += 2) {
            tagList.add(Tag.builder().key(tags[i]).value(tags[i + 1]).build());
        }
        lenient().when(iam.listUserTags(any(Consumer.class))).thenReturn(list.tags(tagList).build());
    }

    private void managedJane() {
        user("/onboarded/", "AIDAJANE", "ManagedBy", "iam-onboarding", "OnboardingId", "onb-1");
    }

    private void executionStarts() {
        when(sfn.startExecution(started.capture())).thenAnswer(call -> StartExecutionResponse.builder()
                .executionArn(EXECUTION_PREFIX + call.<StartExecutionRequest>getArgument(0).name()).build());
    }

    @Test
    void startsTheNamedExecutionWithTheDefaultsApplied() throws Exception {
        managedJane();
        executionStarts();

        APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);

        assertEquals(202, response.getStatusCode());
        StartExecutionRequest request = started.getValue();
        assertEquals(STATE_MACHINE_ARN, request.stateMachineArn());
        assertTrue(request.name().matches("off-[0-9a-f]{32}"), request.name());
        JsonNode input = Json.MAPPER.readTree(request.input());
        assertEquals(request.name(), input.get("offboardingId").asText());
        assertEquals("jane.doe", input.at("/request/userName").asText());
        assertEquals("DISABLE", input.at("/request/mode").asText());
        assertFalse(input.at("/request/force").asBoolean());
        assertFalse(input.at("/request/dryRun").asBoolean());
        JsonNode body = body(response);
        assertEquals(request.name(), body.get("offboardingId").asText());
        assertEquals("RUNNING", body.get("status").asText());
        assertEquals("/offboardings/" + request.name(), body.get("statusUrl").asText());
        assertEquals("/offboardings/" + request.name(), response.getHeaders().get("Location"));
        ArgumentCaptor<Consumer<GetUserRequest.Builder>> looked = ArgumentCaptor.forClass(Consumer.class);
        verify(iam).getUser(looked.capture());
        GetUserRequest.Builder getUser = GetUserRequest.builder();
        looked.getValue().accept(getUser);
        assertEquals("jane.doe", getUser.build().userName());
    }

    @Test
    void theIdempotencyKeyNamesTheOffboarding() throws Exception {
        managedJane();
        executionStarts();

        handler(false).handle(post("/offboardings", OffboardingRequestValidatorTest.valid(), Map.of("idempotency-key", "leaver-42")), null);

        assertEquals("off-leaver-42", started.getValue().name());
    }

    @Test
    void theSameRequestForARecreatedUserIsANewOffboarding() {
        managedJane();
        executionStarts();
        handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);
        String first = started.getValue().name();

        user("/onboarded/", "AIDAJANE2", "ManagedBy", "iam-onboarding");
        handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);

        assertNotEquals(first, started.getValue().name());
    }

    @Test
    void aMissingUserIs404AndNothingStarts() throws Exception {
        when(iam.getUser(any(Consumer.class))).thenThrow(noSuchEntity());

        APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("UserNotFound", body(response).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void aUserThisProjectDidNotCreateIs403AndNothingStarts() throws Exception {
        user("/onboarded/", "AIDAJANE", "OnboardingId", "onb-1");

        APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);

        assertEquals(403, response.getStatusCode());
        assertEquals("NotManagedByIamOnboarding", body(response).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void aUserTheRoleMayNotSeeIsNotFoundUnderThePath() throws Exception {
        when(iam.getUser(any(Consumer.class))).thenThrow(iamError("AccessDenied", 403));

        APIGatewayProxyResponseEvent response = handler(true).handle(post(OffboardingRequestValidatorTest.valid().put("force", true)), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("UserNotFound", body(response).get("code").asText());
        assertTrue(body(response).get("message").asText().contains("under /onboarded/"), body(response).toString());
        verifyNoInteractions(sfn);
    }

    @Test
    void forceIsRefusedOnTheOrdinaryRouteBeforeAnyLookup() throws Exception {
        APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid().put("force", true)), null);

        assertEquals(403, response.getStatusCode());
        assertEquals("ForceNotAllowed", body(response).get("code").asText());
        verifyNoInteractions(iam, sfn);
    }

    @Test
    void theForcedRouteOffboardsAUserThisProjectDidNotCreate() throws Exception {
        user("/", "AIDAOTHER");
        executionStarts();

        APIGatewayProxyResponseEvent response = handler(true).handle(post("/offboardings/forced",
                OffboardingRequestValidatorTest.valid().put("force", true), Map.of()), null);

        assertEquals(202, response.getStatusCode());
        assertTrue(Json.MAPPER.readTree(started.getValue().input()).at("/request/force").asBoolean());
    }

    @Test
    void anInvalidRequestOrKeyIs400WithEveryViolationAndTouchesNothing() throws Exception {
        ObjectNode invalid = Json.MAPPER.createObjectNode().put("userName", "jane doe").put("mode", "ARCHIVE");

        APIGatewayProxyResponseEvent response = handler(false).handle(post("/offboardings", invalid, Map.of("Idempotency-Key", "a b")), null);

        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("ValidationFailed", body.get("code").asText());
        assertEquals(4, body.get("violations").size(), body.toString());
        verifyNoInteractions(iam, sfn);
    }

    @Test
    void hostileTextIsRefusedAs400NotA500() throws Exception {
        for (String reason : java.util.List.of("lone \uD800 surrogate", "\u0000", "x".repeat(100_000))) {
            APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid().put("reason", reason)), null);
            assertEquals(400, response.getStatusCode(), response.getBody());
        }
        verifyNoInteractions(iam, sfn);
    }

    @Test
    void aBodyThatIsNotJsonIs400InvalidJson() throws Exception {
        APIGatewayProxyRequestEvent event = post(OffboardingRequestValidatorTest.valid()).withBody("{\"userName\":");

        assertEquals("InvalidJson", body(handler(false).handle(event, null)).get("code").asText());
    }

    @Test
    void theSameKeyWithADifferentRequestIs409() throws Exception {
        managedJane();
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(ExecutionAlreadyExistsException.builder()
                .statusCode(400).message("exists").build());
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(DescribeExecutionResponse.builder()
                .input("{\"offboardingId\":\"off-leaver-42\",\"request\":{\"userName\":\"john.roe\"}}")
                .status(ExecutionStatus.SUCCEEDED).build());

        APIGatewayProxyResponseEvent response = handler(false).handle(post("/offboardings", OffboardingRequestValidatorTest.valid(),
                Map.of("Idempotency-Key", "leaver-42")), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("IdempotencyConflict", body(response).get("code").asText());
    }

    @Test
    void serviceErrorsAre503WithoutTheirMessage() throws Exception {
        managedJane();
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(SfnException.builder().statusCode(500).message(SDK_DETAIL)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").errorMessage(SDK_DETAIL).build()).build());

        APIGatewayProxyResponseEvent response = handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null);

        assertEquals(503, response.getStatusCode());
        assertFalse(response.getBody().contains("internal detail"));
    }

    @Test
    void aThrottledLookupIs503AndNothingStarts() {
        when(iam.getUser(any(Consumer.class))).thenThrow(iamError("Throttling", 400));

        assertEquals(503, handler(false).handle(post(OffboardingRequestValidatorTest.valid()), null).getStatusCode());
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void theSampleEventRunsThroughTheStreamHandler() throws Exception {
        managedJane();
        executionStarts();
        Path events = Files.exists(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(false).handleRequest(new ByteArrayInputStream(Files.readAllBytes(events.resolve("StartOffboardingFunction.json"))), out, null);

        JsonNode proxy = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(202, proxy.get("statusCode").asInt());
        assertEquals("off-leaver-2025-0131-jane", Json.MAPPER.readTree(proxy.get("body").asText()).get("offboardingId").asText());
    }
}
