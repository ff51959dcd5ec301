package com.iamonboarding.local.proxy;

import com.iamonboarding.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Renders an AWS error in the protocol of the request it answers, so the SDK parses its error code:
 * a JSON body with {@code __type} for JSON protocol services (Secrets Manager, EventBridge, Step
 * Functions), an {@code ErrorResponse} document for query protocol services (IAM, STS), an
 * {@code Error} document for REST XML (S3). The named faults take each service's own code and status.
 */
public final class AwsErrorResponses {

    record Rendered(int status, String contentType, Map<String, String> headers, byte[] body) {
    }

    /** An AWS error: HTTP status, error code, message. */
    public record AwsError(int status, String errorCode, String message) {
    }

    private AwsErrorResponses() {
    }

    /** The error {@code fault} stands for, as the service of {@code request} reports it. */
    static AwsError errorFor(Fault fault, RecordedRequest request, boolean jsonProtocol) {
        String service = request.service();
        return switch (fault.kind()) {
            case ERROR -> new AwsError(fault.status(), fault.errorCode(), fault.message());
            case THROTTLING -> jsonProtocol ? new AwsError(400, "ThrottlingException", "Rate exceeded")
                    : "s3".equals(service) ? new AwsError(503, "SlowDown", "Please reduce your request rate.")
                    : new AwsError(400, "Throttling", "Rate exceeded");
            case NO_SUCH_ENTITY -> jsonProtocol ? new AwsError(400, "ResourceNotFoundException", fault.message())
                    : "s3".equals(service) ? new AwsError(404, "NoSuchKey", "The specified key does not exist.")
                    : new AwsError(404, "NoSuchEntity", fault.message());
            case SERVER_ERROR, FAIL_AFTER_APPLY, SLOW_RESPONSE, DROPPED_CONNECTION, JITTER, DELAY -> internalError(service, jsonProtocol);
        };
    }

    /**
     * AccessDenied as each service answers it: the query and REST XML services (IAM, STS, S3) with
     * {@code AccessDenied} and 403, the JSON services with {@code AccessDeniedException} (400; 403
     * for Lambda and SES v2, whose REST APIs use the status).
     */
    public static AwsError accessDenied(String service, String message) {
        return switch (service) {
            case "iam", "sts", "s3" -> new AwsError(403, "AccessDenied", message);
            case "lambda", "ses" -> new AwsError(403, "AccessDeniedException", message);
            default -> new AwsError(400, "AccessDeniedException", message);
        };
    }

    static AwsError internalError(String service, boolean jsonProtocol) {
        if (jsonProtocol) {
            return new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error.");
        }
        return "s3".equals(service) ? new AwsError(500, "InternalError", "We encountered an internal error. Please try again.")
                : new AwsError(500, "ServiceFailure", "The request processing has failed because of an unknown error.");
    }

    static Rendered render(RecordedRequest request, boolean jsonProtocol, AwsError error) {
        String requestId = UUID.randomUUID().toString();
        if (jsonProtocol) {
            String body = Json.write(Map.of("__type", error.errorCode(), "message", error.message()));
            return new Rendered(error.status(), "application/x-amz-json-1.1",
                    Map.of("x-amzn-ErrorType", error.errorCode(), "x-amzn-RequestId", requestId),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        boolean queryProtocol = request.parameters().containsKey("Action");
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        String detail = "<Code>" + xml(error.errorCode()) + "</Code><Message>" + xml(error.message()) + "</Message>";
        String body = queryProtocol
                ? "<ErrorResponse><Error><Type>" + type + "</Type>" + detail + "</Error><RequestId>" + requestId
                        + "</RequestId></ErrorResponse>"
                : "<Error>" + detail + "<RequestId>" + requestId + "</RequestId></Error>";
        return new Rendered(error.status(), "text/xml", Map.of("x-amzn-RequestId", requestId),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
