package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.AwsErrorResponses;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.proxy.RequestGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The proxy's IAM step: every request a function (or the state machine engine) makes is mapped to
 * the authorisations IAM performs for it ({@link RequestAuthorizations}), each evaluated with the
 * policies as deployed ({@link StackPolicies}) by iam-simulate ({@link IamEvaluator}). In
 * {@link AuthorizationMode#ENFORCE} a denial is answered with the service's AccessDenied; in
 * {@link AuthorizationMode#LOG} it is only reported. Every decision is kept, for the tests (which
 * statement allowed which request: the least-privilege report) and for {@link #ask}.
 */
public final class Authorizer implements RequestGate {

    static final int KEPT_DECISIONS = 50_000;

    /** One authorisation the stack evaluated, with its outcome. */
    public record Evaluated(Caller caller, Authorization authorization, Decision decision, RecordedRequest request) {
    }

    private final AuthorizationMode mode;
    private final StackPrincipals principals;
    private final RequestAuthorizations mapper;
    private final StackPolicies policies;
    private final EmulatorResourceFacts facts;
    private final IamEvaluator evaluator;
    private final Consumer<String> log;
    private final Deque<Evaluated> decisions = new ArrayDeque<>();
    private final Map<String, Set<String>> usedStatements = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();

    public Authorizer(AuthorizationMode mode, StackPrincipals principals, RequestAuthorizations mapper, StackPolicies policies,
                      EmulatorResourceFacts facts, IamEvaluator evaluator, Consumer<String> log) {
        this.mode = mode;
        this.principals = principals;
        this.mapper = mapper;
        this.policies = policies;
        this.facts = facts;
        this.evaluator = evaluator;
        this.log = log;
    }

    public AuthorizationMode mode() {
        return mode;
    }

    public StackPolicies policies() {
        return policies;
    }

    @Override
    public Optional<AwsErrorResponses.AwsError> admit(RecordedRequest request) {
        if (mode == AuthorizationMode.OFF) {
            return Optional.empty();
        }
        StackPrincipals.Principal principal = principals.of(request);
        if (principal instanceof StackPrincipals.Harness) {
            return Optional.empty();
        }
        Optional<String> refusal = principal instanceof StackPrincipals.Known known
                ? refusal(known.caller(), request)
                : Optional.of(((StackPrincipals.Unknown) principal).reason());
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        synchronized (refusals) {
            refusals.add(refusal.get());
        }
        log.accept("IAM " + (mode == AuthorizationMode.ENFORCE ? "denies " : "would deny (log mode) ") + refusal.get());
        return mode == AuthorizationMode.ENFORCE
                ? Optional.of(AwsErrorResponses.accessDenied(request.service(), refusal.get()))
                : Optional.empty();
    }

    @Override
    public void applied(RecordedRequest request) {
        facts.rememberMfaDeviceTags(request);
        facts.rememberBoundaries(request);
    }

    /**
     * Why {@code caller} may not make {@code request}, or empty when every authorisation it needs is
     * allowed. A user signs with its tags ({@code aws:PrincipalTag/*}) and under its boundary, as
     * the emulator holds them.
     */
    private Optional<String> refusal(Caller caller, RecordedRequest request) {
        Optional<ResourceFacts.UserFacts> user = caller.userName().flatMap(facts::user);
        Caller signed = user.map(u -> caller.withPrincipalTags(u.tags())).orElse(caller);
        Optional<String> boundary = user.flatMap(ResourceFacts.UserFacts::permissionsBoundary);
        Mapping mapping = mapper.map(request, signed);
        if (mapping instanceof Mapping.Unmapped unmapped) {
            return Optional.of(caller.arn() + " made a request the local stack cannot authorise, refused: " + unmapped.reason());
        }
        for (Authorization authorization : ((Mapping.Mapped) mapping).authorizations()) {
            Decision decision = decide(signed, authorization, boundary, request);
            if (!decision.allowed()) {
                return Optional.of("User: " + caller.arn() + " is not authorized to perform: " + authorization.action()
                        + " on resource: " + authorization.resource() + " (" + decision + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * May {@code principal} perform {@code action} on {@code resource}, with the context keys AWS
     * sets on every request of theirs and {@code context} (which wins)? Evaluated with the
     * principal's identity policies and boundary and the resource's policy, as IAM would; kept
     * like every other decision.
     */
    public Decision ask(AskedPrincipal principal, String action, String resource, Map<String, List<String>> context) {
        AuthorizationBuilder builder = new Scope(principal.caller(), facts, Instant.now()).authorize(action, resource);
        context.forEach(builder::withAll);
        Authorization authorization = builder.build();
        Decision decision = evaluator.evaluate(AuthorizationRequest.of(authorization, principal.identity(),
                principal.boundary(), policies.resourcePolicy(authorization)));
        keep(new Evaluated(principal.caller(), authorization, decision, null));
        return decision;
    }

    /** Who signs with which key; {@link StackPrincipals#actAs} lets a test sign as anyone. */
    public StackPrincipals principals() {
        return principals;
    }

    private Decision decide(Caller caller, Authorization authorization, Optional<String> boundary, RecordedRequest request) {
        Decision decision = evaluator.evaluate(AuthorizationRequest.of(authorization, policies.identity(caller),
                policies.boundaries(boundary), policies.resourcePolicy(authorization)));
        keep(new Evaluated(caller, authorization, decision, request));
        if (decision.allowed()) {
            synchronized (usedStatements) {
                Set<String> used = usedStatements.computeIfAbsent(caller.principalArn(), k -> new LinkedHashSet<>());
                decision.decidingStatements().stream().filter(s -> s.kind() == DecidingStatement.Kind.ALLOW)
                        .forEach(s -> used.add(StatementId.of(s)));
            }
        }
        return decision;
    }

    private void keep(Evaluated evaluated) {
        synchronized (decisions) {
            if (decisions.size() == KEPT_DECISIONS) {
                decisions.removeFirst();
            }
            decisions.addLast(evaluated);
        }
    }

    /** Every decision kept so far, oldest first. */
    public List<Evaluated> decisions() {
        synchronized (decisions) {
            return List.copyOf(decisions);
        }
    }

    /** Why each refused request was refused (also in log mode, where it went through). */
    public List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** By role ARN: the statements ({@link StatementId}) that allowed at least one request. */
    public Map<String, Set<String>> usedStatements() {
        synchronized (usedStatements) {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            usedStatements.forEach((role, used) -> copy.put(role, Set.copyOf(used)));
            return copy;
        }
    }
}
