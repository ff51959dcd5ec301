package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KMS calls, against the Service Authorization Reference for KMS (resource type {@code key}). */
class KmsRequestsTest extends MappingTestSupport {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, List<String>> MAC = Map.of(
            "kms:MacAlgorithm", List.of("HMAC_SHA_256"),
            "kms:CallerAccount", List.of("123456789012"));

    @Test
    void generateMacByAliasIsOnTheKeyWithTheAliasAndAlgorithm() {
        assertMapsTo(SampleCalls.GENERATE_MAC, "kms:GenerateMac", KEY,
                plus(MAC, Map.of("kms:RequestAlias", List.of("alias/iam-onboarding"))));
    }

    @Test
    void verifyMacByKeyArnIsOnTheKey() {
        assertMapsTo(SampleCalls.VERIFY_MAC, "kms:VerifyMac", KEY, MAC);
    }

    @Test
    void anAliasNoKeyHasIsUnmapped() {
        facts.keyArns.clear();

        assertInstanceOf(Mapping.Unmapped.class, mapping(sdk.capture(SampleCalls.GENERATE_MAC.call()), FUNCTION));
    }

    @Test
    void aKmsActionOutsideTheMappingIsUnmapped() {
        assertInstanceOf(Mapping.Unmapped.class,
                mapping(sdk.capture(c -> c.kms.describeKey(b -> b.keyId(SampleCalls.KEY_ID))), FUNCTION));
    }
}
