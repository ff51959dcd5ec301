package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.template.PseudoParameters;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The caller, the moment and the emulator's facts for mapping one request. */
final class Scope {

    private final Caller caller;
    private final ResourceFacts facts;
    private final Instant now;

    Scope(Caller caller, ResourceFacts facts, Instant now) {
        this.caller = caller;
        this.facts = facts;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    Caller caller() {
        return caller;
    }

    ResourceFacts facts() {
        return facts;
    }

    /** An authorisation of the caller's own call, with the global keys AWS sets on every request. */
    AuthorizationBuilder authorize(String action, String resource) {
        return global(action, resource).with("aws:ViaAWSService", "false");
    }

    /**
     * An authorisation AWS makes with the caller's permissions when {@code service} (e.g.
     * {@code secretsmanager}) calls KMS on its behalf, with the keys KMS sets for such calls.
     */
    AuthorizationBuilder kmsOnBehalf(String service, String action, String keyArn) {
        return global(action, keyArn)
                .with("aws:ViaAWSService", "true")
                .with("kms:ViaService", service + "." + PseudoParameters.REGION + "." + PseudoParameters.URL_SUFFIX)
                .with("kms:CallerAccount", caller.account());
    }

    /**
     * A create call that attaches tags: the create action with the request tags (and whatever
     * {@code createKeys} adds), plus, with any tag, the service's tagging action on the new resource.
     */
    List<Authorization> createTagged(String createAction, String tagAction, String resource, Map<String, String> tags,
                                     UnaryOperator<AuthorizationBuilder> createKeys) {
        List<Authorization> authorizations = new ArrayList<>();
        authorizations.add(createKeys.apply(authorize(createAction, resource).withRequestTags(tags)).build());
        if (!tags.isEmpty()) {
            authorizations.add(authorize(tagAction, resource).withRequestTags(tags).build());
        }
        return authorizations;
    }

    private AuthorizationBuilder global(String action, String resource) {
        AuthorizationBuilder builder = new AuthorizationBuilder(caller.arn(), action, resource)
                .with("aws:PrincipalArn", caller.principalArn())
                .with("aws:PrincipalAccount", caller.account())
                .with("aws:PrincipalType", caller.type() == Caller.Type.USER ? "User" : "AssumedRole")
                .with("aws:username", caller.userName())
                .withTags("aws:PrincipalTag/", caller.principalTags())
                // The local endpoint speaks plain HTTP, but the functions reach AWS only over HTTPS,
                // so the context is what AWS would see.
                .with("aws:SecureTransport", "true")
                .with("aws:CurrentTime", now.toString())
                .with("aws:EpochTime", Long.toString(now.getEpochSecond()))
                .with("aws:RequestedRegion", PseudoParameters.REGION);
        if (caller.mfaAuthenticated()) {
            builder.with("aws:MultiFactorAuthPresent", "true");
        }
        return builder;
    }
}
