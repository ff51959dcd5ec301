package com.iamonboarding.local.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.authz.Authorizer;
import com.iamonboarding.local.proxy.authz.LeastPrivilegeReport;
import com.iamonboarding.local.support.SharedStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, by evaluation: after every other test class has run its workflows through the
 * shared stack (onboardings of every profile, offboardings, rollbacks, the fault scenarios), each
 * Allow statement of each role must have allowed some request, or be listed in
 * {@code least-privilege-exceptions.json} with the reason it is needed. An unused grant is a
 * finding; a listed statement that is used (or gone) is a stale entry. It runs last
 * (junit-platform.properties) and judges only the whole suite: run it with {@code mvn verify}.
 * The report is written to {@code target/least-privilege.txt}.
 */
@Order(Integer.MAX_VALUE)
class LeastPrivilegeE2ETest {

    private static final String EXCEPTIONS = "/least-privilege-exceptions.json";

    @Test
    void everyAllowOfEveryRoleIsUsedByTheSuiteOrListedWithItsReason() throws IOException {
        Authorizer authorizer = SharedStack.get().authorizer().orElseThrow();
        Map<String, java.util.Set<String>> used = authorizer.usedStatements();
        List<String> all = LeastPrivilegeReport.allowStatements(authorizer.policies());
        List<String> unused = LeastPrivilegeReport.unused(authorizer.policies(), used);
        Map<String, String> reasons = exceptions();
        write(all, unused, reasons);

        assertFalse(used.isEmpty(), "no request was authorised: this test judges the whole suite (mvn verify), not a subset");
        List<String> findings = unused.stream().filter(id -> !reasons.containsKey(id)).toList();
        assertEquals(List.of(), findings, "Allow statements no request of the suite needed: remove them, or list them in "
                + EXCEPTIONS + " with the reason they are needed (run the whole suite: a subset uses less)");
        List<String> stale = reasons.keySet().stream().filter(id -> !unused.contains(id)).toList();
        assertEquals(List.of(), stale, "listed in " + EXCEPTIONS + " but used by the suite, or no longer in the template");
    }

    private static Map<String, String> exceptions() throws IOException {
        try (InputStream in = LeastPrivilegeE2ETest.class.getResourceAsStream(EXCEPTIONS)) {
            Map<String, String> reasons = Json.MAPPER.readValue(in, new TypeReference<TreeMap<String, String>>() { });
            reasons.forEach((id, reason) -> {
                if (reason == null || reason.isBlank()) {
                    throw new IllegalStateException(EXCEPTIONS + ": " + id + " has no reason");
                }
            });
            return reasons;
        }
    }

    private static void write(List<String> all, List<String> unused, Map<String, String> reasons) throws IOException {
        StringBuilder report = new StringBuilder("Allow statements of the stack's roles: ").append(all.size())
                .append(", used by the suite: ").append(all.size() - unused.size()).append(System.lineSeparator());
        for (String id : all) {
            String state = !unused.contains(id) ? "used      " : reasons.containsKey(id) ? "listed    " : "UNUSED    ";
            report.append(state).append(id);
            if (reasons.containsKey(id)) {
                report.append("  -- ").append(reasons.get(id));
            }
            report.append(System.lineSeparator());
        }
        Files.writeString(Path.of("target", "least-privilege.txt"), report, StandardCharsets.UTF_8);
    }
}
