package com.iamonboarding.local.lambda;

import com.iamonboarding.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Renders an injected AWS error in the protocol of the request it answers, so the SDK parses its error code. */
final class AwsErrorResponses {

    record Rendered(String contentType, Map<String, String> headers, byte[] body) {
    }

    private AwsErrorResponses() {
    }

    static Rendered render(RecordedRequest request, boolean jsonProtocol, FaultInjection.ActionFault fault) {
        String requestId = UUID.randomUUID().toString();
        if (jsonProtocol) {
            String body = Json.write(Map.of("__type", fault.errorCode(), "message", fault.message()));
            return new Rendered("application/x-amz-json-1.1",
                    Map.of("x-amzn-ErrorType", fault.errorCode(), "x-amzn-RequestId", requestId),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        boolean queryProtocol = request.parameters().containsKey("Action");
        String error = "<Code>" + xml(fault.errorCode()) + "</Code><Message>" + xml(fault.message()) + "</Message>";
        String body = queryProtocol
                ? "<ErrorResponse><Error><Type>Sender</Type>" + error + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>"
                : "<Error>" + error + "<RequestId>" + requestId + "</RequestId></Error>";
        return new Rendered("text/xml", Map.of("x-amzn-RequestId", requestId), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
