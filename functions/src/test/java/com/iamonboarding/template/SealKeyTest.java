package com.iamonboarding.template;

import static com.iamonboarding.template.ProjectTemplate.list;
import static com.iamonboarding.template.ProjectTemplate.map;
import static com.iamonboarding.template.ProjectTemplate.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The key that seals the execution inputs (seal/InputSeal): only the API functions may make a MAC;
 * every step may check one. A MAC anyone else could make would let a hand-written state through.
 */
class SealKeyTest {

    /** The functions that start executions and so seal their input. */
    /** The API functions, and the batch's planner, which seals each row's input as the API would seal the same request. */
    static final Set<String> SEALERS = Set.of("StartOnboardingFunction", "StartOffboardingFunction", "StartForcedOffboardingFunction",
            "PlanBatchFunction");

    private final ProjectTemplate template = ProjectTemplate.load();
    private final Map<String, Object> key = properties(template.resourcesOfType("AWS::KMS::Key").get("SealKey"));

    private List<Map<String, Object>> keyStatements() {
        return list(map(key.get("KeyPolicy")).get("Statement")).stream().map(ProjectTemplate::map).toList();
    }

    @Test
    void itIsAnHmacKey() {
        assertEquals("HMAC_256", key.get("KeySpec"));
        assertEquals("GENERATE_VERIFY_MAC", key.get("KeyUsage"));
        assertEquals(Map.of("Fn::GetAtt", List.of("SealKey", "Arn")),
                map(map(template.functionGlobals().get("Environment")).get("Variables")).get("SEAL_KEY_ID"));
    }

    @Test
    void theKeyPolicyLetsOnlyTheApiFunctionsRolesMakeAMac() {
        Set<String> makers = new TreeSet<>();
        for (Map<String, Object> statement : keyStatements()) {
            List<String> actions = list(statement.get("Action")).stream().map(String::valueOf).toList();
            assertFalse(actions.stream().anyMatch(a -> a.equals("kms:*") || a.equals("*")), statement.get("Sid") + " grants every KMS action");
            if (!"Allow".equals(statement.get("Effect")) || !actions.contains("kms:GenerateMac")) {
                continue;
            }
            for (Object principal : list(map(statement.get("Principal")).get("AWS"))) {
                assertTrue(principal instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt"), "GenerateMac for " + principal);
                String role = String.valueOf(list(map(principal).get("Fn::GetAtt")).get(0));
                assertTrue(role.endsWith("FunctionRole"), role);
                makers.add(role.substring(0, role.length() - "Role".length()));
            }
        }
        assertEquals(new TreeSet<>(SEALERS), makers);
    }

    @Test
    void noIdentityPolicyGrantsGenerateMacAndEveryStepMayVerify() {
        List<String> verifiers = new ArrayList<>();
        template.functions().forEach((id, function) -> {
            boolean verifies = false;
            for (Object policy : list(properties(function).get("Policies"))) {
                Map<String, Object> p = map(policy);
                if (!p.containsKey("Statement")) {
                    continue;
                }
                for (Object raw : list(p.get("Statement"))) {
                    if (!(raw instanceof Map<?, ?> statement) || statement.containsKey("Fn::If")) {
                        continue;
                    }
                    List<String> actions = list(statement.get("Action")).stream().map(String::valueOf).toList();
                    assertFalse(actions.contains("kms:GenerateMac"), id + " may make seals through its own policy");
                    if (actions.contains("kms:VerifyMac")) {
                        assertEquals(Map.of("Fn::GetAtt", List.of("SealKey", "Arn")), statement.get("Resource"), id);
                        verifies = true;
                    }
                }
            }
            if (verifies) {
                verifiers.add(id);
            }
        });
        Set<String> steps = new TreeSet<>(template.functions().keySet());
        steps.removeAll(SEALERS);
        steps.removeAll(Set.of("GetOnboardingFunction", "GetOffboardingFunction", "EnrolmentPageFunction",
                "EnrolmentStartFunction", "EnrolmentCompleteFunction", "ResendInvitationFunction",
                // The batch workflow's input is a file's location, judged by PlanBatch; the rows it runs are sealed.
                "StartBatchFunction", "GetBatchFunction", "FollowBatchRowFunction", "WriteBatchReportFunction"));
        assertEquals(steps, new TreeSet<>(verifiers), "every step function, and only they, verify seals");
    }
}
