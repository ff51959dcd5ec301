package com.iamonboarding.offboarding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.offboarding.OffboardingMode;
import com.iamonboarding.offboarding.OffboardingRequest;
import org.junit.jupiter.api.Test;

class OffboardingIdsTest {

    static OffboardingRequest request() {
        OffboardingRequest request = new OffboardingRequest();
        request.userName = "jane.doe";
        request.reason = "Left";
        return request;
    }

    @Test
    void anIdempotencyKeyNamesTheOffboarding() {
        assertEquals("off-leaver-42", OffboardingIds.fromIdempotencyKey("leaver-42"));
        assertThrows(IllegalArgumentException.class, () -> OffboardingIds.fromIdempotencyKey("a b"));
    }

    @Test
    void theDerivedIdDependsOnEveryFieldAndTheUsersIamId() {
        String id = OffboardingIds.fromRequest(request(), "AIDA1");
        assertTrue(id.matches("off-[0-9a-f]{32}"), id);
        assertEquals(id, OffboardingIds.fromRequest(request(), "AIDA1"), "the same request for the same user is one offboarding");
        assertNotEquals(id, OffboardingIds.fromRequest(request(), "AIDA2"), "a re-created user is a new offboarding");
        OffboardingRequest delete = request();
        delete.mode = OffboardingMode.DELETE;
        assertNotEquals(id, OffboardingIds.fromRequest(delete, "AIDA1"));
        OffboardingRequest dryRun = request();
        dryRun.dryRun = true;
        assertNotEquals(id, OffboardingIds.fromRequest(dryRun, "AIDA1"), "a dry run never answers for the real run");
    }

    @Test
    void onlyOffboardingIdsAreValid() {
        assertTrue(OffboardingIds.isValidId("off-leaver-42"));
        assertFalse(OffboardingIds.isValidId("onb-leaver-42"));
        assertFalse(OffboardingIds.isValidId("off-"));
        assertFalse(OffboardingIds.isValidId("off-a/b"));
        assertFalse(OffboardingIds.isValidId(null));
    }
}
