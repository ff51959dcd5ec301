package com.iamonboarding.api;

import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import static com.iamonboarding.api.ApiFixtures.SDK_SECRET_MESSAGE;
import static com.iamonboarding.api.ApiFixtures.STATE_MACHINE_ARN;
import static com.iamonboarding.api.ApiFixtures.VALIDATOR;
import static com.iamonboarding.api.ApiFixtures.body;
import static com.iamonboarding.api.ApiFixtures.post;
import static com.iamonboarding.api.ApiFixtures.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.profiles.AccessProfiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

@ExtendWith(MockitoExtension.class)
class StartOnboardingHandlerTest {

    private static final String EXECUTION_PREFIX = "arn:aws:states:eu-west-1:123456789012:execution:OnboardingStateMachine:";

    @Mock
    SfnClient sfn;
    @Captor
    ArgumentCaptor<StartExecutionRequest> started;

    StartOnboardingHandler handler;

    @BeforeEach
    void setUp() {
        handler = new StartOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN), Seals.accepting(), Statuses.empty(), VALIDATOR);
    }

    private void executionStarts() {
        when(sfn.startExecution(started.capture())).thenAnswer(call -> StartExecutionResponse.builder()
                .executionArn(EXECUTION_PREFIX + call.<StartExecutionRequest>getArgument(0).name())
                .startDate(Instant.parse("2024-03-12T10:15:30Z")).build());
    }

    static Stream<String> bundledProfiles() {
        return AccessProfiles.bundled().names().stream();
    }

    @ParameterizedTest
    @MethodSource("bundledProfiles")
    void startsTheNamedExecutionWithTheNormalizedRequestForEveryProfile(String profile) throws Exception {
        executionStarts();

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody().put("accessProfile", profile)), null);

        StartExecutionRequest request = started.getValue();
        String id = request.name();
        assertEquals(202, response.getStatusCode());
        assertEquals(STATE_MACHINE_ARN, request.stateMachineArn());
        assertTrue(id.matches("onb-[0-9a-f]{32}"), id);
        JsonNode input = Json.MAPPER.readTree(request.input());
        assertEquals(id, input.get("onboardingId").asText());
        assertEquals(profile, input.at("/request/accessProfile").asText());
        assertTrue(input.at("/request/consoleAccess").asBoolean());
        assertTrue(input.at("/request/programmaticAccess").asBoolean());
        assertEquals("cc-42", input.at("/request/tags/CostCenter").asText());
        JsonNode body = body(response);
        assertEquals(id, body.get("onboardingId").asText());
        assertEquals("RUNNING", body.get("status").asText());
        assertEquals("/onboardings/" + id, body.get("statusUrl").asText());
        assertEquals(EXECUTION_PREFIX + id, body.get("executionArn").asText());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("/onboardings/" + id, response.getHeaders().get("Location"));
    }

    @Test
    void theSampleEventRunsThroughTheStreamHandlerWithItsIdempotencyKey() throws Exception {
        executionStarts();
        byte[] event = StartOnboardingHandlerTest.class.getResourceAsStream("/events/api-start-onboarding.json").readAllBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(event), out, null);

        JsonNode proxyResponse = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(202, proxyResponse.get("statusCode").asInt());
        assertEquals("application/json", proxyResponse.at("/headers/Content-Type").asText());
        JsonNode body = Json.MAPPER.readTree(proxyResponse.get("body").asText());
        assertEquals("onb-hire-2024-0042", body.get("onboardingId").asText());
        assertEquals("onb-hire-2024-0042", started.getValue().name());
        assertFalse(Json.MAPPER.readTree(started.getValue().input()).at("/request/programmaticAccess").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"})
    void theIdempotencyKeyHeaderIsFoundWhateverItsCase(String header) {
        executionStarts();

        handler.handle(post(Json.write(validBody()), Map.of(header, "abc-123")), null);

        assertEquals("onb-abc-123", started.getValue().name());
    }

    @Test
    void theIdempotencyKeyIsAlsoReadFromMultiValueHeaders() {
        executionStarts();
        APIGatewayProxyRequestEvent event = post(validBody())
                .withMultiValueHeaders(Map.of("idempotency-KEY", java.util.List.of("from-multi")));

        handler.handle(event, null);

        assertEquals("onb-from-multi", started.getValue().name());
    }

    @Test
    void theSameRequestTwiceGivesTheSameIdAndInput() {
        executionStarts();

        handler.handle(post(validBody()), null);
        handler.handle(post(validBody()), null);

        assertEquals(started.getAllValues().get(0), started.getAllValues().get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "../x", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "key;drop", "ключ", ""})
    void aMalformedIdempotencyKeyIs400NamingTheHeader(String key) {
        APIGatewayProxyResponseEvent response = handler.handle(post(Json.write(validBody()), Map.of("Idempotency-Key", key)), null);

        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("ValidationFailed", body.get("code").asText());
        assertEquals("Idempotency-Key", body.at("/violations/0/field").asText());
        assertEquals("pattern", body.at("/violations/0/rule").asText());
        verifyNoInteractions(sfn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "{\"userName\": }", "{} {}", "{\"a\":1,\"a\":2}", "[1,", "\u0000"})
    void aBodyThatIsNotOneJsonDocumentIsInvalidJson(String text) {
        APIGatewayProxyResponseEvent response = handler.handle(post(text), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidJson", body(response).get("code").asText());
        assertTrue(body(response).get("message").asText().length() > 0);
        verifyNoInteractions(sfn);
    }

    @Test
    void namesBeyondJacksonsLengthLimitAreRefusedAsInvalidJson() {
        String body = "{\"tags\":{\"" + "k".repeat(60_000) + "\":\"v\"}}";

        APIGatewayProxyResponseEvent response = handler.handle(post(body), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidJson", body(response).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void aMissingBodyOrEventIsInvalidJson() {
        assertEquals("InvalidJson", body(handler.handle(new APIGatewayProxyRequestEvent(), null)).get("code").asText());
        assertEquals("InvalidJson", body(handler.handle(null, null)).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        executionStarts();
        String encoded = Base64.getEncoder().encodeToString(Json.write(validBody()).getBytes(StandardCharsets.UTF_8));

        APIGatewayProxyResponseEvent response = handler.handle(post(encoded).withIsBase64Encoded(true), null);

        assertEquals(202, response.getStatusCode());
    }

    @Test
    void aBodyThatIsNotBase64AsDeclaredIsInvalidJson() {
        APIGatewayProxyResponseEvent response = handler.handle(post("{not base64}").withIsBase64Encoded(true), null);

        assertEquals("InvalidJson", body(response).get("code").asText());
        verifyNoInteractions(sfn);
    }

    @Test
    void violationsAre400WithEveryViolationAndNothingStarts() {
        ObjectNode invalid = validBody().put("userName", "../../x").put("email", "nope").put("accessProfile", "root");
        invalid.remove("employeeId");

        APIGatewayProxyResponseEvent response = handler.handle(post(invalid), null);

        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("ValidationFailed", body.get("code").asText());
        assertTrue(body.get("message").asText().length() > 0);
        assertEquals(5, body.get("violations").size(), body.toString());
        for (JsonNode violation : body.get("violations")) {
            assertTrue(violation.hasNonNull("field") && violation.hasNonNull("rule") && violation.hasNonNull("message"));
        }
        assertFalse(response.getBody().contains("../../x"));
        verifyNoInteractions(sfn);
    }

    @Test
    void theSameNameWithTheSameInputReturnsTheExistingExecution() throws Exception {
        // Step Functions answers ExecutionAlreadyExists for the same input once that execution has finished.
        when(sfn.startExecution(started.capture())).thenThrow(ApiFixtures.executionAlreadyExists());
        ArgumentCaptor<DescribeExecutionRequest> described = ArgumentCaptor.forClass(DescribeExecutionRequest.class);
        when(sfn.describeExecution(described.capture())).thenAnswer(call -> DescribeExecutionResponse.builder()
                .executionArn(call.<DescribeExecutionRequest>getArgument(0).executionArn())
                .status(ExecutionStatus.SUCCEEDED)
                // Same JSON, other formatting: compared as JSON, not as text.
                .input(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                        Json.MAPPER.readTree(started.getValue().input())))
                .build());

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        String id = started.getValue().name();
        assertEquals(202, response.getStatusCode());
        assertEquals(EXECUTION_PREFIX + id, described.getValue().executionArn());
        assertEquals("SUCCEEDED", body(response).get("status").asText());
        assertEquals(id, body(response).get("onboardingId").asText());
    }

    @Test
    void theSameNameWithADifferentInputIs409() {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(ApiFixtures.executionAlreadyExists());
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(DescribeExecutionResponse.builder()
                .status(ExecutionStatus.RUNNING).input("{\"onboardingId\":\"onb-abc\",\"request\":{\"userName\":\"someone.else\"}}").build());

        APIGatewayProxyResponseEvent response = handler.handle(post(Json.write(validBody()), Map.of("Idempotency-Key", "abc")), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("IdempotencyConflict", body(response).get("code").asText());
        assertTrue(body(response).get("message").asText().contains("onb-abc"));
        assertFalse(response.getBody().contains(SDK_SECRET_MESSAGE));
    }

    @Test
    void theSameRequestAfterAFailedAttemptStartsTheNextAttempt() throws Exception {
        when(sfn.startExecution(started.capture()))
                .thenThrow(ApiFixtures.executionAlreadyExists())
                .thenAnswer(call -> StartExecutionResponse.builder()
                        .executionArn(EXECUTION_PREFIX + call.<StartExecutionRequest>getArgument(0).name()).build());
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(call -> DescribeExecutionResponse.builder()
                .executionArn(call.<DescribeExecutionRequest>getArgument(0).executionArn())
                .status(ExecutionStatus.FAILED)
                // Sealed at another time: a resent request is the same request all the same.
                .input(withOtherSeal(started.getAllValues().get(0).input()))
                .build());

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        List<StartExecutionRequest> attempts = started.getAllValues();
        String id = attempts.get(0).name();
        assertEquals(2, attempts.size());
        assertEquals(id + ".2", attempts.get(1).name());
        assertEquals(Json.MAPPER.readTree(attempts.get(0).input()), Json.MAPPER.readTree(attempts.get(1).input()));
        assertEquals(202, response.getStatusCode());
        assertEquals(id, body(response).get("onboardingId").asText());
        assertEquals(2, body(response).get("attempt").asInt());
        assertEquals("RUNNING", body(response).get("status").asText());
        assertEquals(EXECUTION_PREFIX + id + ".2", body(response).get("executionArn").asText());
    }

    @Test
    void aRequestThatFailedTwentyTimesStartsNoMoreAttempts() throws Exception {
        when(sfn.startExecution(started.capture())).thenThrow(ApiFixtures.executionAlreadyExists());
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(call -> DescribeExecutionResponse.builder()
                .executionArn(call.<DescribeExecutionRequest>getArgument(0).executionArn())
                .status(ExecutionStatus.TIMED_OUT).input(started.getValue().input()).build());

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("AttemptsExhausted", body(response).get("code").asText());
        assertEquals(20, started.getAllValues().size());
        assertTrue(started.getValue().name().endsWith(".20"), started.getValue().name());
    }

    @Test
    void theInputIsSealedForTheOnboardingWorkflowOverTheIdAndTheRequest() throws Exception {
        executionStarts();

        handler.handle(post(validBody()), null);

        JsonNode input = Json.MAPPER.readTree(started.getValue().input());
        assertEquals(List.of("onboardingId", "request", "seal"), fieldNames(input));
        assertEquals(Seals.SEALED_AT.toString(), input.get("seal").get("issuedAt").asText());
        assertEquals(java.util.Base64.getEncoder().encodeToString("sealed by the API".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                input.get("seal").get("mac").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String withOtherSeal(String input) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(input);
        node.putObject("seal").put("issuedAt", "2026-05-01T00:00:00Z").put("mac", "b3RoZXI=");
        return Json.write(node);
    }

    @Test
    void aConflictThatCannotBeComparedIsStillA409() {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(ApiFixtures.executionAlreadyExists());
        when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(ApiFixtures.sfnError("AccessDeniedException", 400));

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        assertEquals(409, response.getStatusCode());
        assertEquals("IdempotencyConflict", body(response).get("code").asText());
    }

    static Stream<SdkException> transientErrors() {
        return Stream.of(ApiFixtures.sfnError("ThrottlingException", 400), ApiFixtures.sfnError("ServiceUnavailable", 503),
                ApiFixtures.sfnError("InternalFailure", 500),
                (SdkException) ExecutionLimitExceededException.builder().statusCode(400).message(SDK_SECRET_MESSAGE).build(),
                SdkClientException.builder().message(SDK_SECRET_MESSAGE).build(),
                ApiCallTimeoutException.builder().message(SDK_SECRET_MESSAGE).build());
    }

    @ParameterizedTest
    @MethodSource("transientErrors")
    void transientServiceErrorsAre503WithoutInternals(SdkException error) {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(error);

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        assertEquals(503, response.getStatusCode());
        assertEquals(Json.MAPPER.createObjectNode().put("code", "ServiceUnavailable")
                .put("message", "the onboarding service is busy or unreachable; retry later"), body(response));
        assertEquals("2", response.getHeaders().get("Retry-After"));
        assertNoInternals(response);
    }

    static Stream<SdkException> permanentErrors() {
        return Stream.of(ApiFixtures.sfnError("AccessDeniedException", 400), ApiFixtures.sfnError("InvalidArn", 400),
                (SdkException) StateMachineDoesNotExistException.builder().statusCode(400).message(SDK_SECRET_MESSAGE).build());
    }

    @ParameterizedTest
    @MethodSource("permanentErrors")
    void otherServiceErrorsAre500WithoutInternals(SdkException error) {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(error);

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        assertEquals(500, response.getStatusCode());
        assertEquals("InternalError", body(response).get("code").asText());
        assertNoInternals(response);
    }

    @Test
    void anUnexpectedErrorIs500WithoutInternals() {
        when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(new IllegalStateException(SDK_SECRET_MESSAGE));

        APIGatewayProxyResponseEvent response = handler.handle(post(validBody()), null);

        assertEquals(500, response.getStatusCode());
        assertEquals("InternalError", body(response).get("code").asText());
        assertNoInternals(response);
    }

    @Test
    void aValidationFailureNeverReachesStepFunctions() {
        handler.handle(post(validBody().put("consoleAccess", "yes")), null);

        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    private static void assertNoInternals(APIGatewayProxyResponseEvent response) {
        String text = response.getBody();
        assertFalse(text.contains(SDK_SECRET_MESSAGE), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("software.amazon"), text);
        assertFalse(text.contains("\tat "), text);
    }
    @Test
    void aSelfServiceRequestCarriesTheEnrolmentPageOfTheApiItCameThroughAndTheValidityButTheIdIsTheCallers() throws Exception {
        executionStarts();
        APIGatewayProxyRequestEvent event = post(validBody());
        event.getHeaders().put("X-Forwarded-Proto", "https");
        event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withDomainName("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com").withPath("/v1/onboardings"));
        StartOnboardingHandler withValidity = new StartOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                Seals.accepting(), Statuses.empty(), VALIDATOR, java.util.Optional.empty(), 48, true);

        assertEquals(202, withValidity.handle(event, null).getStatusCode());

        JsonNode request = Json.MAPPER.readTree(started.getValue().input()).path("request");
        assertEquals("SELF_SERVICE", request.path("handover").asText());
        assertEquals("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/enrol", request.path("enrolmentUrl").asText());
        assertEquals(48 * 3600, request.path("invitationValiditySeconds").asInt());
        assertEquals(OnboardingIds.fromRequest(VALIDATOR.validate(validBody()).request()), started.getValue().name(),
                "where the link points is not part of the request's identity");
    }

    @Test
    void aConfiguredEnrolmentPageWinsAndAnOperatorRequestGetsNoLink() throws Exception {
        executionStarts();
        StartOnboardingHandler configured = new StartOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                Seals.accepting(), Statuses.empty(), VALIDATOR, java.util.Optional.of("https://onboarding.example.com/enrol"), 72, true);

        configured.handle(post(validBody()), null);
        configured.handle(post(validBody().put("handover", "OPERATOR").put("employeeId", "E-2")), null);

        List<StartExecutionRequest> all = started.getAllValues();
        assertEquals("https://onboarding.example.com/enrol", Json.MAPPER.readTree(all.get(0).input()).at("/request/enrolmentUrl").asText());
        JsonNode operator = Json.MAPPER.readTree(all.get(1).input()).path("request");
        assertEquals("OPERATOR", operator.path("handover").asText());
        assertTrue(operator.path("enrolmentUrl").isMissingNode(), operator.toString());
        assertTrue(operator.path("invitationValiditySeconds").isMissingNode(), operator.toString());
    }

    @Test
    void aStackWithoutASenderRefusesSelfServiceBeforeStartingAnythingButStartsOperatorRequests() throws Exception {
        StartOnboardingHandler noSender = new StartOnboardingHandler(new OnboardingWorkflow(sfn, STATE_MACHINE_ARN),
                Seals.accepting(), Statuses.empty(), VALIDATOR, java.util.Optional.empty(), 72, false);

        APIGatewayProxyResponseEvent refused = noSender.handle(post(validBody()), null);

        assertEquals(400, refused.getStatusCode());
        JsonNode body = body(refused);
        assertEquals("ValidationFailed", body.path("code").asText());
        assertEquals("handover", body.at("/violations/0/field").asText());
        assertEquals("selfServiceNotConfigured", body.at("/violations/0/rule").asText());
        verifyNoInteractions(sfn);

        executionStarts();
        assertEquals(202, noSender.handle(post(validBody().put("handover", "OPERATOR")), null).getStatusCode());
    }
}
