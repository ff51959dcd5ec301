package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;

/**
 * Step Functions: starting on the state machine (a version or alias ARN sets
 * {@code states:StateMachineQualifier}), reading on the execution, and the task token callbacks,
 * which IAM defines without a resource type, on {@code *}.
 */
final class StepFunctionsRequests implements ServiceRequests {

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        return switch (request.action()) {
            case "StartExecution" -> {
                String stateMachine = Params.required(request, "stateMachineArn");
                String[] parts = stateMachine.split(":");
                yield List.of(scope.authorize("states:StartExecution", stateMachine)
                        .with("states:StateMachineQualifier", parts.length > 7 ? parts[7] : null)
                        .build());
            }
            case "DescribeExecution", "GetExecutionHistory" ->
                    List.of(scope.authorize("states:" + request.action(), Params.required(request, "executionArn")).build());
            case "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat" ->
                    List.of(scope.authorize("states:" + request.action(), "*").build());
            default -> throw ServiceRequests.unknown(request);
        };
    }
}
