package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.iamonboarding.local.template.RepoRoot;
import com.iamonboarding.local.template.StateMachineDef;
import com.iamonboarding.local.template.TemplateModel;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * moto's engine signs every call of every state machine with one key: a call of a service
 * integration (a child execution, a Distributed Map's ItemReader) is the one machine's whose
 * definition uses that integration. These are the template's.
 */
class StackPrincipalsTest {

    @Test
    void eachStateMachinesIntegrationsAreTheServicesItsResourcesName() {
        Map<String, Set<String>> integrations = new TreeMap<>();
        for (StateMachineDef machine : TemplateModel.load(RepoRoot.find()).stateMachines()) {
            integrations.put(machine.logicalId(), StackPrincipals.integrations(machine));
        }

        assertEquals(Map.of("OnboardingStateMachine", Set.of("lambda"), "OffboardingStateMachine", Set.of("lambda"),
                "BatchStateMachine", Set.of("lambda", "s3", "states")), integrations,
                "only the batch state machine starts executions and reads S3, so those calls are its role's");
    }
}
