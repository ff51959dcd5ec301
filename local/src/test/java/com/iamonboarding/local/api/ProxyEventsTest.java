package com.iamonboarding.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.iamonboarding.common.Json;
import com.iamonboarding.local.template.ApiRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {

    @Test
    void buildsAnEventTheHandlersReadAsAnApiGatewayProxyRequest() throws Exception {
        RouteTable.Match match = new RouteTable.Match(new ApiRoute("GET", "/onboardings/{id}", "Get"), Map.of("id", "onb-1"));
        Map<String, Object> event = ProxyEvents.build(match, "GET", "/onboardings/onb-1", "verbose=true&x=1&x=2",
                Map.of("Idempotency-key", List.of("k-1"), "Content-type", List.of("application/json")), "", "127.0.0.1:3000", "v1");

        APIGatewayProxyRequestEvent read = Json.MAPPER.readValue(Json.write(event), APIGatewayProxyRequestEvent.class);

        assertEquals("GET", read.getHttpMethod());
        assertEquals("/onboardings/onb-1", read.getPath());
        assertEquals("/onboardings/{id}", read.getResource());
        assertEquals(Map.of("id", "onb-1"), read.getPathParameters());
        assertEquals("k-1", read.getHeaders().get("Idempotency-Key"));
        assertEquals("application/json", read.getHeaders().get("Content-Type"));
        assertEquals("2", read.getQueryStringParameters().get("x"));
        assertEquals(List.of("1", "2"), read.getMultiValueQueryStringParameters().get("x"));
        assertNull(read.getBody());
        assertEquals("v1", read.getRequestContext().getStage());
        assertEquals("/onboardings/onb-1", read.getRequestContext().getPath(), "served without the stage in the URL, as a custom domain");
        assertEquals("/onboardings/{id}", read.getRequestContext().getResourcePath());
        assertEquals(ProxyEvents.LOCAL_CALLER_ARN, read.getRequestContext().getIdentity().getUserArn());
    }

    @Test
    void headerNamesGetTheirUsualSpelling() {
        assertEquals("X-Amz-Date", ProxyEvents.canonicalHeaderName("x-amz-date"));
        assertEquals("Idempotency-Key", ProxyEvents.canonicalHeaderName("Idempotency-key"));
    }
}
