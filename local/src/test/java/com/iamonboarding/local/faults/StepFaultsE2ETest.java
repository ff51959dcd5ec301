package com.iamonboarding.local.faults;

import static com.iamonboarding.local.faults.FaultScenario.permanentFault;
import static com.iamonboarding.local.faults.FaultScenario.transientFault;

import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.support.SharedStack;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every step of the workflow against every transient fault kind on its main write actions, and
 * against a permanent fault, through the real state machine on the shared stack. A transient fault
 * (met once) must end in exactly one clean run's resources; a permanent one must fail the execution
 * naming the step and leave nothing tagged with the onboarding id, also when the rollback itself
 * meets a transient fault. IAM's DeleteConflict rules are enforced throughout (strict mode), so the
 * rollback must take a user apart in IAM's order.
 *
 * <p>The scenarios run side by side (each fault only touches requests that mention its own user);
 * EnsureAccountAlias is covered by {@link AccountAliasFaultsE2ETest}, whose faults cannot be scoped
 * to one onboarding.
 */
class StepFaultsE2ETest {

    private static final int PARALLELISM = 6;
    /** Only a hung scenario gets near this: a scenario may wait in the queue behind all the others. */
    private static final Duration PER_SCENARIO = Duration.ofMinutes(10);

    private static final List<Fault> TRANSIENT_KINDS = List.of(Fault.throttling(), Fault.serverError(), Fault.slowResponse(),
            Fault.droppedConnection(), Fault.failAfterApply());

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final Map<String, CompletableFuture<ScenarioRunner.Result>> RUNNING = new LinkedHashMap<>();
    private static ScenarioRunner runner;
    private static boolean strictBefore;

    static List<FaultScenario> transientScenarios() {
        List<FaultScenario> scenarios = new ArrayList<>();
        for (Fault fault : TRANSIENT_KINDS) {
            scenarios.add(transientFault("CreateUser", "CreateUser", fault));
            scenarios.add(transientFault("CreateLoginProfile", "CreateLoginProfile", fault));
            scenarios.add(transientFault("AssignAccess", "AddUserToGroup", fault));
            scenarios.add(transientFault("EnrollMfa", "CreateVirtualMFADevice", fault));
            scenarios.add(transientFault("EnrollMfa", "PutObject", fault));
            scenarios.add(transientFault("EnrollMfa", "EnableMFADevice", fault));
            scenarios.add(transientFault("CreateAccessKey", "CreateAccessKey", fault));
            scenarios.add(transientFault("CreateAccessKey", "CreateSecret", fault).scopedTo(StepFaultsE2ETest::accessKeySecret));
            scenarios.add(transientFault("Notify", "PutEvents", fault));
        }
        // Throttled as often as the function's client tries the call: the step fails throttled, and its own retrier
        // (more attempts, longer pauses) runs it again; EnrollMfa's second IAM write is the one a busy account starves.
        scenarios.add(transientFault("EnrollMfa", "EnableMFADevice", Fault.throttling()).times(ScenarioRunner.CLIENT_ATTEMPTS_OF_A_THROTTLED_CALL));
        // IAM's eventual consistency: the entity the step (or the one before it) just created is not visible yet.
        scenarios.add(transientFault("CreateLoginProfile", "CreateLoginProfile", Fault.noSuchEntity()));
        scenarios.add(transientFault("AssignAccess", "AddUserToGroup", Fault.noSuchEntity()));
        scenarios.add(transientFault("EnrollMfa", "EnableMFADevice", Fault.noSuchEntity()));
        scenarios.add(transientFault("CreateAccessKey", "CreateAccessKey", Fault.noSuchEntity()));
        return scenarios;
    }

    static List<FaultScenario> permanentScenarios() {
        return List.of(
                permanentFault("CreateUser", "CreateUser", Fault.error(409, "LimitExceeded", "Cannot exceed quota for UsersPerAccount")),
                permanentFault("CreateLoginProfile", "CreateLoginProfile", Fault.error(403, "AccessDenied", null)),
                permanentFault("AssignAccess", "AddUserToGroup", Fault.error(403, "AccessDenied", null)),
                // The device exists, unassigned, when the QR object cannot be stored...
                permanentFault("EnrollMfa", "PutObject", Fault.error(403, "AccessDenied", null)),
                // ... and the device and its QR object exist when it cannot be enabled.
                permanentFault("EnrollMfa", "EnableMFADevice", Fault.error(403, "AccessDenied", null)),
                permanentFault("CreateAccessKey", "CreateAccessKey", Fault.error(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser")),
                // The new key exists when its secret cannot be stored.
                permanentFault("CreateAccessKey", "CreateSecret", Fault.error(400, "AccessDeniedException", null))
                        .scopedTo(StepFaultsE2ETest::accessKeySecret),
                // The last step that rolls back (a failed notification does not: FailureInjectionE2ETest) fails
                // with the login profile, groups and MFA device in place; when one of the rollback's own calls
                // fails transiently, it is retried and still finishes.
                permanentFault("CreateAccessKey", "CreateAccessKey", Fault.error(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser"))
                        .duringRollback("DeleteLoginProfile", Fault.throttling()),
                permanentFault("CreateAccessKey", "CreateAccessKey", Fault.error(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser"))
                        .duringRollback("DeleteVirtualMFADevice", Fault.slowResponse()),
                permanentFault("CreateAccessKey", "CreateAccessKey", Fault.error(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser"))
                        .duringRollback("DeactivateMFADevice", Fault.droppedConnection()),
                permanentFault("CreateAccessKey", "CreateAccessKey", Fault.error(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser"))
                        .duringRollback("DeleteUser", Fault.failAfterApply()));
    }

    private static String accessKeySecret(String userName) {
        return "iam-onboarding/" + userName + "/access-key";
    }

    @BeforeAll
    static void startEveryScenario() {
        strictBefore = FAULTS.strictDeleteConflicts();
        FAULTS.strictDeleteConflicts(true);
        runner = new ScenarioRunner(PARALLELISM);
        List<FaultScenario> all = new ArrayList<>(transientScenarios());
        all.addAll(permanentScenarios());
        startOrder(all).forEach(scenario -> RUNNING.put(scenario.name(), runner.submit(scenario)));
    }

    /**
     * The longest first (those whose rollback is retried), then one fault kind after another, so that
     * the slow responses, which each hold their step's function for seconds (a local function serves
     * one invocation at a time, as one Lambda container does), are spread over the run.
     */
    private static List<FaultScenario> startOrder(List<FaultScenario> scenarios) {
        List<FaultScenario> order = new ArrayList<>();
        scenarios.stream().filter(s -> s.rollbackAction() != null).forEach(order::add);
        Map<Fault.Kind, Deque<FaultScenario>> byKind = new EnumMap<>(Fault.Kind.class);
        scenarios.stream().filter(s -> s.rollbackAction() == null)
                .forEach(s -> byKind.computeIfAbsent(s.fault().kind(), k -> new ArrayDeque<>()).add(s));
        while (byKind.values().stream().anyMatch(queue -> !queue.isEmpty())) {
            byKind.values().stream().filter(queue -> !queue.isEmpty()).forEach(queue -> order.add(queue.poll()));
        }
        return order;
    }

    @AfterAll
    static void summarise() {
        // The test report (failsafe's -output.txt and XML) keeps standard output; the console does not show it.
        System.out.println(runner.summary(StepFaultsE2ETest.class.getSimpleName()));
        runner.close();
        FAULTS.strictDeleteConflicts(strictBefore);
    }

    @TestFactory
    Stream<DynamicTest> aTransientFaultEndsInOneCleanRun() {
        return tests(transientScenarios());
    }

    @TestFactory
    Stream<DynamicTest> aPermanentFaultFailsTheStepAndLeavesNothing() {
        return tests(permanentScenarios());
    }

    private static Stream<DynamicTest> tests(List<FaultScenario> scenarios) {
        return scenarios.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            RUNNING.get(scenario.name()).get(PER_SCENARIO.toSeconds(), TimeUnit.SECONDS).assertAsExpected();
        }));
    }
}
