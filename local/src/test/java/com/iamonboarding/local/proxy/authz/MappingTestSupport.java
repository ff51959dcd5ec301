package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Maps real SDK requests ({@link SampleCalls}) as a function's role session sends them. */
abstract class MappingTestSupport {

    static final String ROLE = "arn:aws:iam::123456789012:role/iam-onboarding/CreateUserRole";
    static final Caller FUNCTION = Caller.roleSession(ROLE, "iam-onboarding-CreateUserFunction");
    static final String FUNCTION_SESSION = "arn:aws:sts::123456789012:assumed-role/CreateUserRole/iam-onboarding-CreateUserFunction";
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    /** The global condition keys AWS sets on every request (IAM User Guide, global condition context keys). */
    static final Set<String> GLOBAL_KEYS = Set.of("aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType",
            "aws:username", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime", "aws:RequestedRegion",
            "aws:ViaAWSService", "aws:MultiFactorAuthPresent");

    static SdkCapture sdk;
    final FakeResourceFacts facts = SampleCalls.facts();

    @BeforeAll
    static void startCapture() {
        sdk = new SdkCapture();
    }

    @AfterAll
    static void stopCapture() {
        sdk.close();
    }

    List<Authorization> map(SampleCalls.SampleCall call) {
        return map(call, FUNCTION);
    }

    List<Authorization> map(SampleCalls.SampleCall call, Caller caller) {
        return assertInstanceOf(Mapping.Mapped.class, mapping(sdk.capture(call.call()), caller)).authorizations();
    }

    Mapping mapping(RecordedRequest request, Caller caller) {
        return new RequestAuthorizations(facts, Clock.fixed(NOW, ZoneOffset.UTC)).map(request, caller);
    }

    /** The one authorisation of a call that needs exactly one. */
    Authorization single(SampleCalls.SampleCall call) {
        List<Authorization> authorizations = map(call);
        assertEquals(1, authorizations.size(), () -> call + " mapped to " + authorizations);
        return authorizations.get(0);
    }

    /** The call maps to exactly one authorisation: this action on this resource, with these request keys. */
    void assertMapsTo(SampleCalls.SampleCall call, String action, String resource, Map<String, List<String>> context) {
        Authorization authorization = single(call);
        assertAuthorization(action, resource, authorization);
        assertContext(context, authorization);
    }

    static Map<String, List<String>> plus(Map<String, List<String>> keys, Map<String, List<String>> more) {
        Map<String, List<String>> all = new HashMap<>(keys);
        all.putAll(more);
        return all;
    }

    static void assertAuthorization(String action, String resource, Authorization authorization) {
        assertEquals(action + " on " + resource, authorization.action() + " on " + authorization.resource());
    }

    /**
     * The request's own condition keys, exactly (the global keys every request carries are left
     * out here: GlobalContextTest asserts them).
     */
    static void assertContext(Map<String, List<String>> expected, Authorization authorization) {
        Map<String, List<String>> own = new TreeMap<>(authorization.context());
        own.keySet().removeIf(key -> GLOBAL_KEYS.contains(key) || key.startsWith("aws:PrincipalTag/"));
        assertEquals(new TreeMap<>(expected), own, () -> "condition keys of " + authorization);
    }


    static void assertNoKey(String key, Authorization authorization) {
        assertEquals(null, authorization.context().get(key), () -> key + " of " + authorization);
    }
}
