package com.iamonboarding.local.faults;

import static com.iamonboarding.local.faults.FaultScenario.permanentFault;
import static com.iamonboarding.local.faults.FaultScenario.transientFault;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultInjection;
import com.iamonboarding.local.support.SharedStack;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EnsureAccountAlias against each transient fault kind and a permanent fault on
 * iam:CreateAccountAlias. The alias is account-wide and named by no user, so these faults cannot be
 * scoped to one onboarding: the scenarios run one at a time, each after deleting the alias (an
 * onboarding only calls CreateAccountAlias when the account has none). The alias is put back at the end.
 */
class AccountAliasFaultsE2ETest {

    private static final FaultInjection FAULTS = SharedStack.get().lambdaEndpoint().faults();
    private static final String ALIAS = SharedStack.get().functions().registry().find("EnsureAccountAliasFunction")
            .orElseThrow().environment().get("ACCOUNT_ALIAS");

    private static ScenarioRunner runner;
    private static boolean strictBefore;

    static Stream<Fault> transientKinds() {
        return Stream.of(Fault.throttling(), Fault.serverError(), Fault.slowResponse(), Fault.droppedConnection(),
                Fault.failAfterApply());
    }

    @BeforeAll
    static void strictMode() {
        strictBefore = FAULTS.strictDeleteConflicts();
        FAULTS.strictDeleteConflicts(true);
        runner = new ScenarioRunner(1);
    }

    @AfterAll
    static void restore() {
        if (!aliases().contains(ALIAS)) {
            SharedStack.iam().createAccountAlias(b -> b.accountAlias(ALIAS));
        }
        System.out.println(runner.summary(AccountAliasFaultsE2ETest.class.getSimpleName()));
        runner.close();
        FAULTS.strictDeleteConflicts(strictBefore);
    }

    @BeforeEach
    void withoutAlias() {
        SharedStack.iam().deleteAccountAlias(b -> b.accountAlias(ALIAS));
        assertEquals(List.of(), aliases());
    }

    @ParameterizedTest
    @MethodSource("transientKinds")
    void aTransientFaultOnCreateAccountAliasEndsInOneCleanRunWithTheAlias(Fault fault) {
        ScenarioRunner.Result result = runner.runHere(transientFault("EnsureAccountAlias", "CreateAccountAlias", fault)
                .scopedTo(user -> ALIAS));

        result.assertAsExpected();
        assertEquals(List.of(ALIAS), aliases());
    }

    @Test
    void aPermanentFaultOnCreateAccountAliasFailsTheStepAndLeavesNothing() {
        ScenarioRunner.Result result = runner.runHere(permanentFault("EnsureAccountAlias", "CreateAccountAlias",
                Fault.error(403, "AccessDenied", null)).scopedTo(user -> ALIAS));

        result.assertAsExpected();
        assertEquals(List.of(), aliases(), "the rollback never touches the alias, and none was made");
    }

    private static List<String> aliases() {
        return SharedStack.iam().listAccountAliases().accountAliases();
    }
}
