package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EventBridge PutEvents: one authorisation per event bus the entries go to (the {@code default}
 * bus when an entry names none), with the sources and detail types of that bus's entries.
 */
final class EventBridgeRequests implements ServiceRequests {

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        if (!request.action().equals("PutEvents")) {
            throw ServiceRequests.unknown(request);
        }
        Map<String, Set<String>> sources = new LinkedHashMap<>();
        Map<String, Set<String>> detailTypes = new LinkedHashMap<>();
        for (Map<?, ?> entry : Params.objects(request.parameters().get("Entries"))) {
            String bus = busArn(entry.get("EventBusName") == null ? "default" : String.valueOf(entry.get("EventBusName")));
            sources.computeIfAbsent(bus, b -> new LinkedHashSet<>()).addAll(Params.strings(entry.get("Source")));
            detailTypes.computeIfAbsent(bus, b -> new LinkedHashSet<>()).addAll(Params.strings(entry.get("DetailType")));
        }
        if (sources.isEmpty()) {
            throw new CannotMap(request + " has no entries");
        }
        List<Authorization> authorizations = new ArrayList<>();
        sources.forEach((bus, busSources) -> authorizations.add(scope.authorize("events:PutEvents", bus)
                .withAll("events:source", busSources)
                .withAll("events:detail-type", detailTypes.get(bus))
                .build()));
        return authorizations;
    }

    private static String busArn(String nameOrArn) {
        return Arns.isArn(nameOrArn) ? nameOrArn : Arns.regional("events", "event-bus/" + nameOrArn);
    }
}
