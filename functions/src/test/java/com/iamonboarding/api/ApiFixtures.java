package com.iamonboarding.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.profiles.AccessProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Events, requests and real Step Functions exceptions for the API tests. */
public final class ApiFixtures {

    static final String STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:OnboardingStateMachine";
    /** A marker an SDK error message carries in tests, so a test can prove it never reaches a response. */
    static final String SDK_SECRET_MESSAGE = "internal detail arn:aws:iam::123456789012:role/x stack";
    static final RequestValidator VALIDATOR = new RequestValidator(AccessProfiles.bundled());

    private ApiFixtures() {
    }

    static ObjectNode validBody() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("employeeId", "E-1042");
        body.put("userName", "jane.doe");
        body.put("email", "jane.doe@example.com");
        body.put("displayName", "Jane Doe");
        body.put("department", "Engineering");
        body.put("accessProfile", "developer");
        body.putObject("tags").put("CostCenter", "cc-42");
        return body;
    }

    static APIGatewayProxyRequestEvent event(String name) {
        try (InputStream in = ApiFixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + name);
            }
            return Json.MAPPER.readValue(in, APIGatewayProxyRequestEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static APIGatewayProxyRequestEvent post(String body) {
        return post(body, Map.of());
    }

    static APIGatewayProxyRequestEvent post(String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/onboardings")
                .withResource("/onboardings").withHeaders(all).withBody(body).withIsBase64Encoded(false);
    }

    static APIGatewayProxyRequestEvent post(JsonNode body) {
        return post(Json.write(body));
    }

    static APIGatewayProxyRequestEvent get(String id) {
        Map<String, String> path = new HashMap<>();
        path.put("id", id);
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource("/onboardings/{id}")
                .withPathParameters(path);
    }

    static JsonNode body(APIGatewayProxyResponseEvent response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExecutionAlreadyExistsException executionAlreadyExists() {
        return (ExecutionAlreadyExistsException) ExecutionAlreadyExistsException.builder()
                .statusCode(400).message(SDK_SECRET_MESSAGE)
                .awsErrorDetails(details("ExecutionAlreadyExists", SDK_SECRET_MESSAGE)).build();
    }

    /**
     * DescribeExecution of one onboarding that ran once: {@code response} for the first attempt
     * (the execution named by the id), ExecutionDoesNotExist for any later attempt ({@code <id>.<n>}).
     */
    public static Answer<DescribeExecutionResponse> firstAttemptOnly(DescribeExecutionResponse response) {
        return call -> {
            DescribeExecutionRequest request = call.getArgument(0);
            if (request.executionArn().matches(".*\\.[0-9]+$")) {
                throw executionDoesNotExist();
            }
            return response;
        };
    }

    public static ExecutionDoesNotExistException executionDoesNotExist() {
        return (ExecutionDoesNotExistException) ExecutionDoesNotExistException.builder()
                .statusCode(400).message(SDK_SECRET_MESSAGE)
                .awsErrorDetails(details("ExecutionDoesNotExist", SDK_SECRET_MESSAGE)).build();
    }

    static AwsServiceException sfnError(String code, int status) {
        return SfnException.builder().statusCode(status).message(SDK_SECRET_MESSAGE)
                .awsErrorDetails(details(code, SDK_SECRET_MESSAGE)).build();
    }

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("SFN").build();
    }
}
