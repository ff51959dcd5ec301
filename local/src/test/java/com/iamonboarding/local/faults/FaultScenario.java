package com.iamonboarding.local.faults;

import com.iamonboarding.local.proxy.Fault;
import com.iamonboarding.local.proxy.FaultRule;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One fault scenario: an onboarding (console and programmatic access, the developer profile) whose
 * step {@code step} meets {@code fault} on {@code action}, for the first {@code times} requests that
 * mention {@code scope.apply(userName)}. A transient fault must still end in one clean run's
 * resources; a permanent one must fail the execution at {@code step} and roll everything back, even
 * when the rollback itself meets {@code rollbackFault} once on {@code rollbackAction} (if set).
 */
record FaultScenario(String step, String action, Fault fault, int times, UnaryOperator<String> scope, boolean permanent,
                     String rollbackAction, Fault rollbackFault) {

    static final String PROFILE = "developer";

    /** The fault is met once; the step's retry must absorb it. */
    static FaultScenario transientFault(String step, String action, Fault fault) {
        return new FaultScenario(step, action, fault, 1, user -> user, false, null, null);
    }

    /** The fault is met on every request of the action; the step must fail and the onboarding roll back. */
    static FaultScenario permanentFault(String step, String action, Fault fault) {
        return new FaultScenario(step, action, fault, FaultRule.ALWAYS, user -> user, true, null, null);
    }

    /** The same scenario, whose fault is met on the first {@code times} requests instead of once. */
    FaultScenario times(int times) {
        return new FaultScenario(step, action, fault, times, scope, permanent, rollbackAction, rollbackFault);
    }

    /** The same scenario, scoped to requests that mention {@code scope} (given the user name) instead of the user name. */
    FaultScenario scopedTo(UnaryOperator<String> scope) {
        return new FaultScenario(step, action, fault, times, scope, permanent, rollbackAction, rollbackFault);
    }

    /** The same scenario, whose rollback meets {@code fault} once on {@code action} for the user: the rollback must retry. */
    FaultScenario duringRollback(String action, Fault fault) {
        return new FaultScenario(step, this.action, this.fault, times, scope, permanent, action, fault);
    }

    String name() {
        return step + ": " + fault.describe() + " on " + action + (!permanent && times > 1 ? " " + times + " times" : "")
                + (rollbackAction == null ? "" : ", then the rollback meets " + rollbackFault.describe() + " on " + rollbackAction);
    }

    /** A short tag for the scenario's IAM user name (which must stay within 64 characters). */
    String userNamePurpose() {
        String kind = fault.kind() == Fault.Kind.ERROR ? fault.errorCode() : fault.kind().name().replace("_", "");
        String rollback = rollbackAction == null ? "" : "-rb" + rollbackAction.replaceAll("[a-z]", "");
        String repeated = !permanent && times > 1 ? "x" + times : "";
        return (action.replaceAll("[a-z]", "") + "-" + kind + repeated + rollback).toLowerCase(Locale.ROOT);
    }
}
