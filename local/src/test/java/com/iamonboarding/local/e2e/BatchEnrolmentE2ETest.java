package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.cli.PlayTheHire;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.LocalApiCalls;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.SharedStack;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A hire a batch invites enrols on the local stack's own page, as one the API invites does. */
class BatchEnrolmentE2ETest {

    @Test
    void aBatchInvitationLinksToTheLocalEnrolmentPageAndTheHireFinishesTheOnboarding() throws Exception {
        String user = "batch-enrol-" + UUID.randomUUID().toString().substring(0, 8);
        String email = user + "@example.com";
        int mark = SharedStack.get().mailbox().mark();

        JsonNode batch = Batches.run("batches/" + user + ".csv", "employeeId,userName,email,accessProfile,consoleAccess,programmaticAccess,handover\n"
                + "E-9100," + user + "," + email + ",developer,true,false,SELF_SERVICE\n", "REJECT");
        JsonNode line = Batches.linesByUser(Batches.report(batch)).get(user);
        assertEquals("INVITED", line.path("status").asText(), line.toString());

        PlayTheHire hire = new PlayTheHire(SharedStack.get(), Clock.systemUTC());
        String link = hire.invitationLink(email, mark, Duration.ofSeconds(30));
        assertTrue(link.startsWith(SharedStack.get().api().url() + "/enrol#"), "the link leads to the local API's page, not the deployed one");
        assertTrue(hire.enrol(link).succeeded());

        String onboardingId = line.path("id").asText();
        JsonNode onboarding = Poll.until(onboardingId + " to succeed", Onboardings.TIMEOUT, () -> {
            try {
                JsonNode now = LocalApiCalls.get("/onboardings/" + onboardingId);
                return now.path("status").asText().equals("SUCCEEDED") ? Optional.of(now) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("SELF_SERVICE", onboarding.at("/result/handover").asText());
    }
}
