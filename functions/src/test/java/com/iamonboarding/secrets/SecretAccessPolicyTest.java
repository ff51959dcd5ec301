package com.iamonboarding.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parses every generated policy and checks each statement field by field: Secrets Manager resource
 * policies are not enforced by moto, so this is where their meaning is tested.
 */
class SecretAccessPolicyTest {

    static final String HIRE = "arn:aws:iam::123456789012:user/onboarded/jane.doe";
    static final String OPERATORS = "arn:aws:iam::123456789012:role/service/onboarding-operators";
    static final String GET = "secretsmanager:GetSecretValue";

    @Test
    void accessKeyWithOperators() throws Exception {
        JsonNode policy = parse(SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)));

        assertEquals("2012-10-17", policy.get("Version").asText());
        assertEquals(List.of("HireReadsOnlyWithMfa", "HireNeverReadsWithoutMfa", "OperatorsRead", "NobodyElseReads"),
                sids(policy));

        JsonNode hireAllow = statement(policy, "HireReadsOnlyWithMfa");
        assertCommon(hireAllow, "Allow");
        assertEquals(HIRE, hireAllow.get("Principal").get("AWS").asText());
        // Bool, not BoolIfExists: long-term keys carry no MFA key, and must not match an Allow.
        assertEquals(1, hireAllow.get("Condition").size());
        assertEquals(1, hireAllow.get("Condition").get("Bool").size());
        assertEquals("true", hireAllow.get("Condition").get("Bool").get("aws:MultiFactorAuthPresent").asText());

        JsonNode hireDeny = statement(policy, "HireNeverReadsWithoutMfa");
        assertCommon(hireDeny, "Deny");
        assertEquals("*", hireDeny.get("Principal").asText());
        assertEquals(2, hireDeny.get("Condition").size());
        assertEquals(HIRE, hireDeny.get("Condition").get("ArnEquals").get("aws:PrincipalArn").asText());
        // BoolIfExists false: denies when MFA is false AND when the key is missing (long-term keys).
        assertEquals("false", hireDeny.get("Condition").get("BoolIfExists").get("aws:MultiFactorAuthPresent").asText());

        JsonNode operators = statement(policy, "OperatorsRead");
        assertCommon(operators, "Allow");
        assertEquals(OPERATORS, operators.get("Principal").get("AWS").asText());
        assertFalse(operators.has("Condition"));

        JsonNode others = statement(policy, "NobodyElseReads");
        assertCommon(others, "Deny");
        assertEquals("*", others.get("Principal").asText());
        assertEquals(1, others.get("Condition").size());
        assertEquals(List.of(HIRE, OPERATORS), texts(others.get("Condition").get("ArnNotEquals").get("aws:PrincipalArn")));
    }

    @Test
    void accessKeyWithoutOperatorsIsTheHireAlone() throws Exception {
        JsonNode policy = parse(SecretAccessPolicy.accessKey(HIRE, Optional.empty()));

        assertEquals(List.of("HireReadsOnlyWithMfa", "HireNeverReadsWithoutMfa", "NobodyElseReads"), sids(policy));
        assertEquals(List.of(HIRE),
                texts(statement(policy, "NobodyElseReads").get("Condition").get("ArnNotEquals").get("aws:PrincipalArn")));
    }

    @Test
    void consolePasswordIsForTheOperatorsOnly() throws Exception {
        JsonNode policy = parse(SecretAccessPolicy.consolePassword(Optional.of(OPERATORS)));

        assertEquals(List.of("OperatorsRead", "NobodyElseReads"), sids(policy));
        JsonNode operators = statement(policy, "OperatorsRead");
        assertCommon(operators, "Allow");
        assertEquals(OPERATORS, operators.get("Principal").get("AWS").asText());
        JsonNode others = statement(policy, "NobodyElseReads");
        assertCommon(others, "Deny");
        assertEquals("*", others.get("Principal").asText());
        assertEquals(List.of(OPERATORS), texts(others.get("Condition").get("ArnNotEquals").get("aws:PrincipalArn")));
        assertFalse(policy.toString().contains(":user/"), "no user may read the console password");
    }

    @Test
    void withoutOperatorsTheConsolePasswordIsSealedForEveryone() throws Exception {
        for (Optional<String> none : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            JsonNode policy = parse(SecretAccessPolicy.consolePassword(none));

            assertEquals(List.of("NobodyElseReads"), sids(policy));
            JsonNode deny = statement(policy, "NobodyElseReads");
            assertCommon(deny, "Deny");
            assertEquals("*", deny.get("Principal").asText());
            assertFalse(deny.has("Condition"), "an unconditional Deny: no identity-based allow can read it");
        }
    }

    @Test
    void noPolicyEverAllowsAWildcardPrincipal() throws Exception {
        for (SecretAccessPolicy access : List.of(SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)),
                SecretAccessPolicy.accessKey(HIRE, Optional.empty()),
                SecretAccessPolicy.consolePassword(Optional.of(OPERATORS)),
                SecretAccessPolicy.consolePassword(Optional.empty()))) {
            for (JsonNode statement : parse(access).get("Statement")) {
                if ("Allow".equals(statement.get("Effect").asText())) {
                    String principal = statement.get("Principal").get("AWS").asText();
                    assertFalse(principal.contains("*") || principal.contains("?"), principal);
                    assertTrue(access.readers().contains(principal), principal);
                }
                assertFalse(statement.has("NotPrincipal"), "NotPrincipal with Deny denies every bounded principal");
            }
        }
    }

    @Test
    void readersAreTheAllowedPrincipals() {
        assertEquals(List.of(HIRE, OPERATORS), SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)).readers());
        assertEquals(List.of(OPERATORS), SecretAccessPolicy.consolePassword(Optional.of(OPERATORS)).readers());
        assertEquals(List.of(), SecretAccessPolicy.consolePassword(Optional.empty()).readers());
    }

    @Test
    void theSameInputsGiveTheSameDocument() {
        assertEquals(SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)).toJson(),
                SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)).toJson());
        assertEquals(SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)),
                SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)));
        assertNotEquals(SecretAccessPolicy.accessKey(HIRE, Optional.empty()),
                SecretAccessPolicy.accessKey(HIRE, Optional.of(OPERATORS)));
    }

    @Test
    void partitionsOtherThanAwsAreAccepted() throws Exception {
        String hire = "arn:aws-us-gov:iam::123456789012:user/onboarded/jane.doe";
        String operators = "arn:aws-cn:iam::123456789012:role/operators";
        assertEquals(List.of(hire, operators), SecretAccessPolicy.accessKey(hire, Optional.of(operators)).readers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/onboarded/jane?",
            "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/operators",
            "arn:aws:sts::123456789012:assumed-role/x/y", "arn:aws:iam::12345:user/jane", "arn:aws:iam::123456789012:user/",
            "arn:aws:iam::123456789012:user/jane doe", " arn:aws:iam::123456789012:user/jane"})
    void aHireArnThatIsNotExactlyOneUserIsRefused(String arn) {
        assertThrows(IllegalArgumentException.class, () -> SecretAccessPolicy.accessKey(arn, Optional.empty()));
    }

    @Test
    void aMissingHireArnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SecretAccessPolicy.accessKey(null, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/op?",
            "arn:aws:iam::123456789012:user/operators", "arn:aws:iam::123456789012:root",
            "arn:aws:sts::123456789012:assumed-role/operators/alice", "123456789012"})
    void anOperatorsRoleThatIsNotExactlyOneRoleIsRefused(String arn) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecretAccessPolicy.consolePassword(Optional.of(arn)));
        assertTrue(e.getMessage().contains("OPERATORS_ROLE_ARN"));
        assertThrows(IllegalArgumentException.class, () -> SecretAccessPolicy.accessKey(HIRE, Optional.of(arn)));
    }

    // --- helpers --------------------------------------------------------------------------------

    static JsonNode parse(SecretAccessPolicy access) throws Exception {
        return Json.MAPPER.readTree(access.toJson());
    }

    static void assertCommon(JsonNode statement, String effect) {
        assertEquals(effect, statement.get("Effect").asText());
        assertEquals(GET, statement.get("Action").asText());
        assertEquals("*", statement.get("Resource").asText());
    }

    static List<String> sids(JsonNode policy) {
        List<String> sids = new ArrayList<>();
        policy.get("Statement").forEach(s -> sids.add(s.get("Sid").asText()));
        return sids;
    }

    static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.get("Statement")) {
            if (sid.equals(statement.get("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    static List<String> texts(JsonNode array) {
        assertTrue(array.isArray(), "expected a list: " + array);
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
