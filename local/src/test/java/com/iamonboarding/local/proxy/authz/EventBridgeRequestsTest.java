package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EventBridge PutEvents, against the Service Authorization Reference for EventBridge (resource type {@code event-bus}). */
class EventBridgeRequestsTest extends MappingTestSupport {

    @Test
    void putEventsIsOnEachBusTheEntriesGoToWithTheirSourcesAndDetailTypes() {
        List<Authorization> authorizations = map(SampleCalls.PUT_EVENTS);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("events:PutEvents", "arn:aws:events:us-east-1:123456789012:event-bus/iam-onboarding",
                authorizations.get(0));
        assertContext(Map.of(
                "events:source", List.of("iam-onboarding"),
                "events:detail-type", List.of("OnboardingCompleted")), authorizations.get(0));
        assertAuthorization("events:PutEvents", "arn:aws:events:us-east-1:123456789012:event-bus/default",
                authorizations.get(1));
        assertContext(Map.of(
                "events:source", List.of("iam-onboarding.audit"),
                "events:detail-type", List.of("OnboardingAudited")), authorizations.get(1));
    }

    @Test
    void aBusNamedByArnKeepsItsArn() {
        String bus = "arn:aws:events:us-east-1:123456789012:event-bus/iam-onboarding";

        List<Authorization> authorizations = assertMapped(sdk.capture(c -> c.eventBridge.putEvents(b -> b.entries(
                e -> e.eventBusName(bus).source("a").detailType("b").detail("{}")))));

        assertEquals(List.of("events:PutEvents on " + bus), authorizations.stream().map(Authorization::toString).toList());
    }

    private List<Authorization> assertMapped(com.iamonboarding.local.proxy.RecordedRequest request) {
        return ((Mapping.Mapped) mapping(request, FUNCTION)).authorizations();
    }
}
