package com.iamonboarding.local.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsRequestParserTest {

    private static final String IAM_AUTH = "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x";

    @Test
    void queryProtocolActionsAndFlatParametersComeFromTheForm() {
        RecordedRequest request = AwsRequestParser.parse("POST", "/", null,
                Map.of("authorization", IAM_AUTH, "content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                "Action=CreateUser&Version=2010-05-08&UserName=jane.doe&PermissionsBoundary=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX"
                        .getBytes(StandardCharsets.UTF_8));

        assertEquals("iam", request.service());
        assertEquals("CreateUser", request.action());
        assertEquals("jane.doe", request.parameter("UserName"));
        assertEquals("arn:aws:iam::aws:policy/X", request.parameter("PermissionsBoundary"));
    }

    @Test
    void jsonProtocolActionsComeFromTheTarget() {
        RecordedRequest request = AwsRequestParser.parse("POST", "/", null,
                Map.of("x-amz-target", "secretsmanager.CreateSecret", "content-type", "application/x-amz-json-1.1",
                        "authorization", IAM_AUTH.replace("/iam/", "/secretsmanager/")),
                "{\"Name\":\"n\",\"SecretString\":\"s\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("CreateSecret", request.action());
        assertEquals("n", request.parameter("Name"));
        assertEquals("secretsmanager:CreateSecret (POST /)", request.toString());
    }

    @Test
    void s3ObjectCallsAreNamedByMethod() {
        Map<String, String> headers = Map.of("authorization", IAM_AUTH.replace("/iam/", "/s3/"));
        assertEquals("PutObject", AwsRequestParser.parse("PUT", "/bucket/mfa/u/x.png", null, headers, new byte[0]).action());
        assertEquals("DeleteObject", AwsRequestParser.parse("DELETE", "/bucket/mfa/u/x.png", "x-id=DeleteObject", headers, new byte[0]).action());
        assertEquals("GET /bucket", AwsRequestParser.parse("GET", "/bucket", "list-type=2", headers, new byte[0]).action());
    }

    @Test
    void restCallsKeepTheHeadersIamConditionsReadButNotTheCredentials() {
        Map<String, String> headers = Map.of("authorization", IAM_AUTH.replace("/iam/", "/s3/"),
                "x-amz-server-side-encryption", "aws:kms", "x-amz-tagging", "ManagedBy=iam-onboarding",
                "x-amz-security-token", "session-token", "x-amz-date", "20250101T000000Z");

        RecordedRequest request = AwsRequestParser.parse("PUT", "/bucket/mfa/x.png", "x-id=PutObject", headers,
                "{\"not\":\"parameters\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("aws:kms", request.parameter("x-amz-server-side-encryption"));
        assertEquals("ManagedBy=iam-onboarding", request.parameter("x-amz-tagging"));
        assertEquals(null, request.parameter("x-amz-security-token"));
        assertEquals(null, request.parameter("x-amz-date"));
        assertEquals(null, request.parameter("not"));
    }

    @Test
    void restJsonBodiesOfOtherServicesAreParameters() {
        RecordedRequest request = AwsRequestParser.parse("POST", "/v2/email/outbound-emails", null,
                Map.of("authorization", IAM_AUTH.replace("/iam/", "/ses/"), "content-type", "application/json"),
                "{\"FromEmailAddress\":\"a@example.com\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("a@example.com", request.parameter("FromEmailAddress"));
    }
}
