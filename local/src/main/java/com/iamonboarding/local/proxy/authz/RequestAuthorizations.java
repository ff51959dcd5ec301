package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.time.Clock;
import java.util.Map;

/**
 * Turns a request the local stack recorded into the authorisations IAM performs for it: the IAM
 * action(s), the resource ARN(s) and the request context, following the Service Authorization
 * Reference. The caller is an input: the local stack knows which function's role signed the
 * request. Facts only the emulator has (a user's tags, a secret's ARN) come from
 * {@link ResourceFacts}. A request it does not know is {@link Mapping.Unmapped}: refuse it.
 */
public final class RequestAuthorizations {

    /** By the service name of the SigV4 credential scope. */
    private static final Map<String, ServiceRequests> SERVICES = Map.of(
            "iam", new IamRequests(),
            "s3", new S3Requests(),
            "secretsmanager", new SecretsManagerRequests(),
            "kms", new KmsRequests(),
            "events", new EventBridgeRequests(),
            "states", new StepFunctionsRequests(),
            "dynamodb", new DynamoDbRequests(),
            "ses", new SesRequests(),
            "lambda", new LambdaRequests());

    private final ResourceFacts facts;
    private final Clock clock;

    public RequestAuthorizations(ResourceFacts facts, Clock clock) {
        this.facts = facts;
        this.clock = clock;
    }

    public Mapping map(RecordedRequest request, Caller caller) {
        ServiceRequests service = SERVICES.get(request.service());
        if (service == null) {
            return new Mapping.Unmapped("no IAM authorisation is mapped for the service of " + request);
        }
        try {
            return new Mapping.Mapped(service.map(request, new Scope(caller, facts, clock.instant())));
        } catch (CannotMap e) {
            return new Mapping.Unmapped(e.getMessage());
        }
    }
}
