package com.iamonboarding.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import com.iamonboarding.profiles.AccessProfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    private static final RequestValidator ONBOARDING = new RequestValidator(AccessProfiles.bundled());
    private static final BatchValidator VALIDATOR = new BatchValidator(ONBOARDING, new OffboardingRequestValidator());

    private static BatchPlan plan(String csv) {
        return VALIDATOR.validate(BatchFile.read("export.csv", csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<Integer, String> rules(BatchPlan plan) {
        return plan.invalid().stream().collect(Collectors.toMap(BatchPlan.Invalid::row, i -> BatchReport.describe(i.violations())));
    }

    @Test
    void theSampleCohortHasFiveValidRowsAndThreeInvalidOnesEachWithItsRowFieldAndRule() throws Exception {
        // Row 7 breaks two rules: both are reported, in the validator's order (by field).
        Path sample = Path.of("..", "events", "batches", "cohort-2027-01.csv");
        BatchPlan plan = VALIDATOR.validate(BatchFile.read("cohort.csv", Files.readAllBytes(sample)));

        assertEquals(List.of(2, 3, 4, 5, 9), plan.valid().stream().map(BatchPlan.Planned::row).toList());
        assertEquals(Map.of(
                6, "userName:pattern",
                7, "consoleAccess:type; email:pattern",
                8, "userName:duplicateInFile"), rules(plan));
        assertEquals(List.of(), plan.runs(BatchPlan.OnInvalidRows.REJECT), "REJECT runs nothing");
        assertEquals(5, plan.runs(BatchPlan.OnInvalidRows.SKIP).size(), "SKIP runs the valid rows");
    }

    @Test
    void aValidRowCarriesTheRequestAndTheIdThePostWouldGiveIt() throws Exception {
        BatchPlan plan = plan("employeeId,userName,email,accessProfile,tag:CostCenter\nE-1,jane.doe,jane.doe@example.com,developer,CC-1\n");

        BatchPlan.Planned row = plan.valid().get(0);
        var direct = ONBOARDING.validate(Json.MAPPER.readTree(
                "{\"employeeId\":\"E-1\",\"userName\":\"jane.doe\",\"email\":\"jane.doe@example.com\",\"accessProfile\":\"developer\","
                        + "\"tags\":{\"CostCenter\":\"CC-1\"}}")).request();
        assertEquals(OnboardingIds.fromRequest(direct), row.id(), "a re-submitted file names the same onboardings");
        assertEquals("jane.doe", row.userName());
        assertTrue(row.request().path("consoleAccess").asBoolean(), "defaults applied");
        assertEquals("SELF_SERVICE", row.request().path("handover").asText());
    }

    @Test
    void offboardingRowsUseTheOffboardingRulesAndHaveNoIdYet() {
        BatchPlan plan = plan("action,userName,mode,reason\noffboard,jane.doe,DELETE,Left 2027-01-31\noffboard,john.roe,ERASE,\n"
                + "leave,mary.major,,x\n");

        assertEquals(1, plan.valid().size());
        assertNull(plan.valid().get(0).id(), "the offboarding id needs the user's IAM id, read when it starts");
        assertEquals(Map.of(3, "mode:enum; reason:required", 4, "action:enum"), rules(plan));
    }

    @Test
    void theSameUserTwiceInAnyLetterCaseIsAnErrorOnTheLaterRowEvenAcrossActions() {
        BatchPlan plan = plan("action,userName,email,accessProfile,employeeId,reason\n"
                + "onboard,jane.doe,jane.doe@example.com,developer,E-1,\noffboard,JANE.DOE,,,,Left\n");

        assertEquals(Map.of(3, "userName:duplicateInFile"), rules(plan));
        assertTrue(plan.invalid().get(0).violations().get(0).message().contains("row 2"));
    }

    @Test
    void violationsNeverRepeatTheValues() {
        BatchPlan plan = plan("userName,email,accessProfile,employeeId\nsecret value here,not-an-address,developer,E-1\n");

        assertTrue(plan.invalid().get(0).violations().stream()
                .noneMatch(v -> v.message().contains("secret value") || v.message().contains("not-an-address")));
    }

    @Test
    void aFileWithOnlyValidRowsRunsThemAll() {
        BatchPlan plan = plan("userName,email,accessProfile,employeeId\na.b,a.b@example.com,developer,E-1\nc.d,c.d@example.com,billing,E-2\n");

        assertEquals(List.of(), plan.invalid());
        assertEquals(2, plan.runs(BatchPlan.OnInvalidRows.REJECT).size());
    }
}
