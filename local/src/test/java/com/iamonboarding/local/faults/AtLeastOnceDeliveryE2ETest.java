package com.iamonboarding.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * At-least-once delivery: each step's function is invoked twice with the same input through the
 * local Lambda endpoint, as a duplicate Lambda or Step Functions delivery would run it, and the
 * second invocation must change nothing: the user's IAM state, its secrets (a new value is a new
 * version) and its QR objects are the same before and after it, and it returns the same
 * identifiers. The steps run in the workflow's order, each on the state the first invocation of the
 * step before produced; then the rollback (Compensate) is delivered twice too. Strict mode is on.
 */
class AtLeastOnceDeliveryE2ETest {

    private static final List<String> STEPS = List.of("EnsureAccountAlias", "CreateUser", "CreateLoginProfile", "AssignAccess",
            "EnrollMfa", "CreateAccessKey", "Notify");

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final String USER = Requests.userName("twice");
    private static final String ONBOARDING_ID = "onb-twice-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> UNCHANGED = new ArrayList<>();

    private static StepInvoker invoker;
    private static ObjectNode state;
    private static boolean strictBefore;

    @BeforeAll
    static void start() {
        strictBefore = FAULTS.strictDeleteConflicts();
        FAULTS.strictDeleteConflicts(true);
        invoker = new StepInvoker();
        state = StepInvoker.initialState(ONBOARDING_ID, Requests.request(USER, FaultScenario.PROFILE, true, true));
    }

    @AfterAll
    static void summarise() {
        System.out.println(AtLeastOnceDeliveryE2ETest.class.getSimpleName() + ": " + (STEPS.size() + 1)
                + " functions delivered twice: " + UNCHANGED.size() + " unchanged by the second delivery " + UNCHANGED);
        invoker.close();
        FAULTS.strictDeleteConflicts(strictBefore);
    }

    @TestFactory
    Stream<DynamicTest> aSecondDeliveryOfEachStepChangesNothing() {
        Stream<DynamicTest> steps = STEPS.stream().map(step -> DynamicTest.dynamicTest(step + " delivered twice", () -> {
            JsonNode first = invoker.invoke(step, state);
            IdentitySnapshot afterFirst = IdentitySnapshot.of(USER);
            JsonNode second = invoker.invoke(step, state);
            IdentitySnapshot afterSecond = IdentitySnapshot.of(USER);
            // The workflow goes on with what the first delivery returned, whatever this step's verdict.
            state = invoker.advance(step, state, first);

            assertEquals(afterFirst.facts(), afterSecond.facts(), step + ": the second delivery changed " + changed(afterFirst, afterSecond));
            if (!step.equals("Notify")) {
                // A repeated PutEvents is a second event (consumers de-duplicate on onboardingId); everything else is the same.
                assertEquals(identifiers(step, first), identifiers(step, second), step + " returns the same identifiers");
            }
            UNCHANGED.add(step);
        }));
        Stream<DynamicTest> rollback = Stream.of(DynamicTest.dynamicTest("Compensate delivered twice", () -> {
            ObjectNode failed = state.deepCopy();
            failed.put("failedStep", "Notify");
            failed.set("error", Json.MAPPER.createObjectNode().put("Error", "com.iamonboarding.common.PermanentStepException")
                    .put("Cause", "{\"errorMessage\":\"injected by the test\"}"));
            invoker.invoke("Compensate", failed);
            IdentitySnapshot afterFirst = IdentitySnapshot.of(USER);
            invoker.invoke("Compensate", failed);
            IdentitySnapshot afterSecond = IdentitySnapshot.of(USER);

            assertEquals(afterFirst.facts(), afterSecond.facts(), "Compensate: the second delivery changed " + changed(afterFirst, afterSecond));
            NothingLeft.assertNothingLeftOf(ONBOARDING_ID, USER);
            UNCHANGED.add("Compensate");
        }));
        return Stream.concat(steps, rollback);
    }

    /** What the state machine keeps of the output, without the informational {@code created} flag. */
    private static JsonNode identifiers(String step, JsonNode output) {
        ObjectNode selected = (ObjectNode) invoker.selected(step, output);
        selected.remove("created");
        return selected;
    }

    private static Map<String, String> changed(IdentitySnapshot before, IdentitySnapshot after) {
        Map<String, String> changes = new TreeMap<>();
        after.facts().forEach((fact, value) -> {
            if (!value.equals(before.facts().get(fact))) {
                changes.put(fact, before.facts().get(fact) + " -> " + value);
            }
        });
        return changes;
    }
}
