package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SES v2 SendEmail, against the Service Authorization Reference for SES v2 (resource types
 * {@code identity}, required, and {@code configuration-set}; keys {@code ses:FromAddress},
 * {@code ses:FromDisplayName}, {@code ses:Recipients}, {@code ses:ApiVersion}).
 */
class SesRequestsTest extends MappingTestSupport {

    private static final Map<String, List<String>> SENDER_AND_RECIPIENTS = Map.of(
            "ses:FromAddress", List.of("onboarding@example.com"),
            "ses:FromDisplayName", List.of("IAM Onboarding"),
            "ses:Recipients", List.of("jane.doe@example.com", "manager@example.com"),
            "ses:ApiVersion", List.of("2"));

    @Test
    void sendEmailIsOnTheVerifiedIdentityAndTheConfigurationSet() {
        List<Authorization> authorizations = map(SampleCalls.SEND_EMAIL);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:identity/example.com", authorizations.get(0));
        assertContext(SENDER_AND_RECIPIENTS, authorizations.get(0));
        assertAuthorization("ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:configuration-set/onboarding",
                authorizations.get(1));
        assertContext(SENDER_AND_RECIPIENTS, authorizations.get(1));
    }

    @Test
    void anAddressVerifiedItselfIsItsOwnIdentity() {
        facts.sesIdentities.put("onboarding@example.com", "onboarding@example.com");

        assertAuthorization("ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:identity/onboarding@example.com",
                map(SampleCalls.SEND_EMAIL).get(0));
    }

    @Test
    void aRawMessageWithoutASenderIsUnmapped() {
        Mapping mapping = mapping(sdk.capture(c -> c.ses.sendEmail(b -> b
                .destination(d -> d.toAddresses("jane.doe@example.com"))
                .content(m -> m.raw(r -> r.data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("From: x@example.com\r\n\r\nhi")))))),
                FUNCTION);

        assertInstanceOf(Mapping.Unmapped.class, mapping);
    }
}
