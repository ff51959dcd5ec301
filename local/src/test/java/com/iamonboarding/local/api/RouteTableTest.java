package com.iamonboarding.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.template.ApiRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable routes = new RouteTable(List.of(
            new ApiRoute("GET", "/onboardings/{id}", "Get"),
            new ApiRoute("POST", "/onboardings", "Start"),
            new ApiRoute("GET", "/onboardings/latest", "Latest"),
            new ApiRoute("ANY", "/files/{path+}", "Files")));

    @Test
    void matchesMethodAndPathTemplates() {
        RouteTable.Match get = routes.match("GET", "/onboardings/onb-123").orElseThrow();
        assertEquals("Get", get.route().functionLogicalId());
        assertEquals(Map.of("id", "onb-123"), get.pathParameters());
        assertEquals("Start", routes.match("POST", "/onboardings").orElseThrow().route().functionLogicalId());
        assertEquals("Start", routes.match("POST", "/onboardings/").orElseThrow().route().functionLogicalId());
    }

    @Test
    void literalRoutesWinOverTemplatedOnes() {
        assertEquals("Latest", routes.match("GET", "/onboardings/latest").orElseThrow().route().functionLogicalId());
    }

    @Test
    void greedyParametersTakeTheRestOfThePathAndAnyMethod() {
        RouteTable.Match files = routes.match("DELETE", "/files/a/b%20c.txt").orElseThrow();
        assertEquals(Map.of("path", "a/b c.txt"), files.pathParameters());
    }

    @Test
    void noRouteForOtherMethodsOrPaths() {
        assertTrue(routes.match("DELETE", "/onboardings/onb-1").isEmpty());
        assertTrue(routes.match("GET", "/onboardings/a/b").isEmpty());
        assertTrue(routes.match("GET", "/other").isEmpty());
    }
}
