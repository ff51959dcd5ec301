package com.iamonboarding.local.proxy.authz;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Step Functions calls, against the Service Authorization Reference for Step Functions: resource
 * types {@code statemachine} and {@code execution}; the task token callbacks have none.
 */
class StepFunctionsRequestsTest extends MappingTestSupport {

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:OnboardingStateMachine:ob-1";

    @Test
    void startExecutionIsOnTheStateMachine() {
        assertMapsTo(SampleCalls.START_EXECUTION, "states:StartExecution",
                "arn:aws:states:us-east-1:123456789012:stateMachine:OnboardingStateMachine", Map.of());
    }

    @Test
    void startingAVersionCarriesItsQualifier() {
        String version = "arn:aws:states:us-east-1:123456789012:stateMachine:OnboardingStateMachine:3";

        Authorization authorization = ((Mapping.Mapped) mapping(sdk.capture(c -> c.sfn.startExecution(b -> b
                .stateMachineArn(version).input("{}"))), FUNCTION)).authorizations().get(0);

        assertAuthorization("states:StartExecution", version, authorization);
        assertContext(Map.of("states:StateMachineQualifier", List.of("3")), authorization);
    }

    @Test
    void describeExecutionIsOnTheExecution() {
        assertMapsTo(SampleCalls.DESCRIBE_EXECUTION, "states:DescribeExecution", EXECUTION, Map.of());
    }

    @Test
    void getExecutionHistoryIsOnTheExecution() {
        assertMapsTo(SampleCalls.GET_EXECUTION_HISTORY, "states:GetExecutionHistory", EXECUTION, Map.of());
    }

    static Stream<Arguments> taskCallbacks() {
        return Stream.of(
                Arguments.of(SampleCalls.SEND_TASK_SUCCESS, "states:SendTaskSuccess"),
                Arguments.of(SampleCalls.SEND_TASK_FAILURE, "states:SendTaskFailure"),
                Arguments.of(SampleCalls.SEND_TASK_HEARTBEAT, "states:SendTaskHeartbeat"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("taskCallbacks")
    void taskTokenCallbacksHaveNoResourceType(SampleCalls.SampleCall call, String action) {
        assertMapsTo(call, action, "*", Map.of());
    }
}
