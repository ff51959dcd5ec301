package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.support.Batches;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * A leavers list of 20 as one JSON Lines file: 19 users this project onboarded (by a cohort batch
 * first), offboarded DISABLE or DELETE as each row says, and one user somebody else created under
 * the same path without the ManagedBy tag, whose row fails with NotManagedByIamOnboarding while the
 * others complete.
 */
class BatchLeaversE2ETest {

    @Test
    void aLeaversListOffboardsEveryManagedUserAndRefusesTheOneItDidNotCreate() throws Exception {
        List<String> leavers = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            leavers.add(Requests.userName("leaver"));
        }
        JsonNode joined = Batches.run("batches/joiners-" + leavers.get(0) + ".csv", Batches.lightCohort(leavers), "REJECT");
        assertEquals(Map.of("SUCCEEDED", 19), Batches.nonZero(joined.path("counts")), joined.toString());

        IamClient iam = SharedStack.iam();
        String stranger = Requests.userName("not-ours");
        iam.createUser(b -> b.userName(stranger).path("/onboarded/").tags(Tag.builder().key("Team").value("platform").build()));

        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < leavers.size(); i++) {
            jsonl.append(Json.write(Json.MAPPER.createObjectNode().put("action", "offboard").put("userName", leavers.get(i))
                    .put("mode", i % 2 == 0 ? "DISABLE" : "DELETE").put("reason", "Left the company 2027-01-31"))).append('\n');
        }
        jsonl.append(Json.write(Json.MAPPER.createObjectNode().put("action", "offboard").put("userName", stranger)
                .put("mode", "DELETE").put("reason", "Left the company 2027-01-31"))).append('\n');

        JsonNode left = Batches.run("batches/leavers-" + leavers.get(0) + ".jsonl", jsonl.toString(), "REJECT");
        assertEquals(Map.of("SUCCEEDED", 19, "FAILED", 1), Batches.nonZero(left.path("counts")), left.toString());
        Map<String, JsonNode> lines = Batches.linesByUser(Batches.report(left));
        assertEquals("NotManagedByIamOnboarding", lines.get(stranger).path("errorCode").asText(), lines.get(stranger).toString());
        assertTrue(lines.get(stranger).path("id").isMissingNode(), "no offboarding was started for it");
        iam.getUser(b -> b.userName(stranger));
        assertEquals(List.of("Team"), iam.listUserTags(b -> b.userName(stranger)).tags().stream().map(Tag::key).toList(),
                "the stranger was not touched");

        for (int i = 0; i < leavers.size(); i++) {
            String name = leavers.get(i);
            assertTrue(lines.get(name).path("id").asText().startsWith("off-"), lines.get(name).toString());
            if (i % 2 == 0) {
                assertTrue(iam.listGroupsForUser(b -> b.userName(name)).groups().isEmpty(), name + " keeps no group");
                assertTrue(iam.listUserTags(b -> b.userName(name)).tags().stream().anyMatch(t -> t.key().equals("OffboardedAt")),
                        name + " is marked offboarded");
            } else {
                Batches.assertUserAbsent(name);
            }
        }
        assertFalse(left.path("report").isMissingNode());
        iam.deleteUser(b -> b.userName(stranger));
    }
}
