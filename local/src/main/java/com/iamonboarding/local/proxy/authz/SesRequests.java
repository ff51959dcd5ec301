package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SES v2 SendEmail ({@code POST /v2/email/outbound-emails}): on the sending identity (the
 * verified address, or its domain), and on the configuration set and template when the request
 * uses them, each with the sender and recipient condition keys.
 */
final class SesRequests implements ServiceRequests {

    private static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        if (!request.method().equals("POST") || !request.path().equals(SEND_EMAIL_PATH)) {
            throw ServiceRequests.unknown(request);
        }
        String from = Params.text(request, "FromEmailAddress").orElseThrow(() -> new CannotMap(
                request + " has no FromEmailAddress: the sender of a raw message is not read from the MIME content"));
        String address = address(from);
        String identity = Params.text(request, "FromEmailAddressIdentityArn")
                .orElseGet(() -> Arns.regional("ses", "identity/" + scope.facts().sesIdentity(address).orElse(address)));
        List<String> resources = new ArrayList<>(List.of(identity));
        Params.text(request, "ConfigurationSetName").ifPresent(set -> resources.add(Arns.regional("ses", "configuration-set/" + set)));
        template(request).ifPresent(resources::add);

        Map<?, ?> destination = Params.object(request.parameters().get("Destination"));
        List<String> recipients = new ArrayList<>();
        for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
            Params.strings(destination.get(field)).stream().map(SesRequests::address).forEach(recipients::add);
        }
        return resources.stream().map(resource -> scope.authorize("ses:SendEmail", resource)
                .with("ses:FromAddress", address)
                .with("ses:FromDisplayName", displayName(from))
                .withAll("ses:Recipients", recipients)
                .with("ses:FeedbackAddress", Params.text(request, "FeedbackForwardingEmailAddress"))
                .with("ses:ApiVersion", "2")
                .build()).toList();
    }

    private static Optional<String> template(RecordedRequest request) {
        Map<?, ?> template = Params.object(Params.object(request.parameters().get("Content")).get("Template"));
        if (template.get("TemplateArn") != null) {
            return Optional.of(String.valueOf(template.get("TemplateArn")));
        }
        return Optional.ofNullable(template.get("TemplateName")).map(name -> Arns.regional("ses", "template/" + name));
    }

    /** {@code jane@example.com} of {@code "Jane Doe" <jane@example.com>} or of a bare address. */
    static String address(String mailbox) {
        int open = mailbox.lastIndexOf('<');
        int close = mailbox.lastIndexOf('>');
        return open >= 0 && close > open ? mailbox.substring(open + 1, close).trim() : mailbox.trim();
    }

    private static String displayName(String mailbox) {
        int open = mailbox.lastIndexOf('<');
        if (open <= 0) {
            return null;
        }
        String name = mailbox.substring(0, open).trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.isEmpty() ? null : name;
    }
}
