package com.iamonboarding.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.api.OnboardingIds;
import com.iamonboarding.api.RequestValidator;
import com.iamonboarding.api.StartOnboardingHandler;
import com.iamonboarding.api.Violation;
import com.iamonboarding.common.Json;
import com.iamonboarding.offboarding.api.OffboardingRequestValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates every row of a batch with the API's own validators (the same JSON Schemas and checks as
 * POST /onboardings and POST /offboardings), and the rules only a file can break: an unknown action,
 * a row that is not an object, and the same user name twice (IAM user names are case-insensitive,
 * so {@code Jane.Doe} and {@code jane.doe} are the same user). All of it before anything is created.
 */
public final class BatchValidator {

    private final RequestValidator onboarding;
    private final OffboardingRequestValidator offboarding;
    private final boolean canInvite;

    /** A stack that can send invitations (it has a sender address), like StartOnboarding's check. */
    public BatchValidator(RequestValidator onboarding, OffboardingRequestValidator offboarding) {
        this(onboarding, offboarding, true);
    }

    /** {@code canInvite}: the stack has a sender address, so SELF_SERVICE rows can be invited. */
    public BatchValidator(RequestValidator onboarding, OffboardingRequestValidator offboarding, boolean canInvite) {
        this.onboarding = onboarding;
        this.offboarding = offboarding;
        this.canInvite = canInvite;
    }

    public BatchPlan validate(List<BatchRow> rows) {
        List<BatchPlan.Planned> valid = new ArrayList<>();
        List<BatchPlan.Invalid> invalid = new ArrayList<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        for (BatchRow row : rows) {
            String userName = row.request() == null ? null : row.request().path("userName").asText(null);
            List<Violation> violations = new ArrayList<>();
            if (row.request() == null) {
                violations.add(new Violation("row", "type", "must be one JSON object (a request)"));
            }
            if (!BatchRow.ONBOARD.equals(row.action()) && !BatchRow.OFFBOARD.equals(row.action())) {
                violations.add(new Violation("action", "enum", "must be onboard or offboard"));
            }
            if (userName != null && !userName.isEmpty()) {
                Integer first = firstRowOf.putIfAbsent(userName.toLowerCase(Locale.ROOT), row.row());
                if (first != null) {
                    violations.add(new Violation("userName", "duplicateInFile",
                            "names the same IAM user as row " + first + " (user names are case-insensitive): one row per person"));
                }
            }
            if (row.request() != null && violations.stream().noneMatch(v -> v.field().equals("action"))) {
                if (BatchRow.ONBOARD.equals(row.action())) {
                    RequestValidator.Validation validation = onboarding.validate(row.request());
                    violations.addAll(validation.violations());
                    if (validation.request() != null && validation.request().isSelfService() && !canInvite) {
                        violations.add(StartOnboardingHandler.SELF_SERVICE_NOT_CONFIGURED);
                    }
                    if (violations.isEmpty()) {
                        valid.add(new BatchPlan.Planned(row.row(), row.action(), validation.request().userName,
                                OnboardingIds.fromRequest(validation.request()), Json.MAPPER.valueToTree(validation.request())));
                    }
                } else {
                    OffboardingRequestValidator.Validation validation = offboarding.validate(row.request());
                    violations.addAll(validation.violations());
                    if (validation.request() != null && validation.request().isForced()) {
                        violations.add(new Violation("force", "notInABatch", "a batch offboards only users iam-onboarding"
                                + " created: offboard any other user on its own with POST /offboardings/forced"));
                    }
                    if (violations.isEmpty()) {
                        JsonNode request = Json.MAPPER.valueToTree(validation.request());
                        valid.add(new BatchPlan.Planned(row.row(), row.action(), validation.request().userName, null, request));
                    }
                }
            }
            if (!violations.isEmpty()) {
                invalid.add(new BatchPlan.Invalid(row.row(), userName, List.copyOf(violations)));
            }
        }
        return new BatchPlan(List.copyOf(valid), List.copyOf(invalid));
    }
}
