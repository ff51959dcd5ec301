package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The global condition keys every request carries (IAM User Guide, "AWS global condition context
 * keys"), for a function's role session and for a hire signed in with MFA.
 */
class GlobalContextTest extends MappingTestSupport {

    private static final String HIRE = "arn:aws:iam::123456789012:user/staff/jane.doe";

    @Test
    void aRoleSessionIsThePrincipalAndItsRoleThePrincipalArn() {
        Authorization authorization = single(SampleCalls.GET_USER);

        assertEquals(FUNCTION_SESSION, authorization.principal());
        assertEquals(new TreeMap<>(Map.of(
                "aws:PrincipalArn", List.of(ROLE),
                "aws:PrincipalAccount", List.of("123456789012"),
                "aws:PrincipalType", List.of("AssumedRole"),
                "aws:SecureTransport", List.of("true"),
                "aws:CurrentTime", List.of("2025-01-02T03:04:05Z"),
                "aws:EpochTime", List.of("1735787045"),
                "aws:RequestedRegion", List.of("us-east-1"),
                "aws:ViaAWSService", List.of("false"))), globalKeys(authorization));
    }

    @Test
    void aHireWithMfaHasAUserNameMfaAndPrincipalTags() {
        Caller hire = Caller.user(HIRE).withMfa().withPrincipalTags(Map.of("Team", "platform"));

        Authorization authorization = map(SampleCalls.GET_SECRET_VALUE, hire).get(0);

        assertEquals(HIRE, authorization.principal());
        Map<String, List<String>> keys = globalKeys(authorization);
        assertEquals(List.of(HIRE), keys.get("aws:PrincipalArn"));
        assertEquals(List.of("User"), keys.get("aws:PrincipalType"));
        assertEquals(List.of("jane.doe"), keys.get("aws:username"));
        assertEquals(List.of("true"), keys.get("aws:MultiFactorAuthPresent"));
        assertEquals(List.of("platform"), keys.get("aws:PrincipalTag/Team"));
    }

    @Test
    void withoutMfaTheKeyIsAbsent() {
        Authorization authorization = map(SampleCalls.GET_SECRET_VALUE, Caller.user(HIRE)).get(0);

        assertNoKey("aws:MultiFactorAuthPresent", authorization);
    }

    @Test
    void aCallAServiceMakesOnTheCallersBehalfIsViaAwsService() {
        List<Authorization> authorizations = map(SampleCalls.GET_SECRET_VALUE);

        assertEquals(List.of("false"), authorizations.get(0).context().get("aws:ViaAWSService"));
        assertEquals(List.of("true"), authorizations.get(1).context().get("aws:ViaAWSService"));
        assertEquals(List.of(ROLE), authorizations.get(1).context().get("aws:PrincipalArn"));
    }

    @Test
    void aServiceOutsideTheMappingIsUnmapped() {
        RecordedRequest request = new RecordedRequest(Instant.now(), "sqs", "SendMessage", "POST", "/", Map.of());

        String reason = assertInstanceOf(Mapping.Unmapped.class, mapping(request, FUNCTION)).reason();

        assertTrue(reason.contains("sqs:SendMessage"), reason);
    }

    private static Map<String, List<String>> globalKeys(Authorization authorization) {
        Map<String, List<String>> keys = new TreeMap<>(authorization.context());
        keys.keySet().removeIf(key -> !GLOBAL_KEYS.contains(key) && !key.startsWith("aws:PrincipalTag/"));
        return keys;
    }
}
