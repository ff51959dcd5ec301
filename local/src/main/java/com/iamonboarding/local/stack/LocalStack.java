package com.iamonboarding.local.stack;

import com.iamonboarding.local.api.LocalApi;
import com.iamonboarding.local.emulator.Emulator;
import com.iamonboarding.local.emulator.ExternalEmulator;
import com.iamonboarding.local.emulator.FreePorts;
import com.iamonboarding.local.emulator.MotoApi;
import com.iamonboarding.local.emulator.MotoServer;
import com.iamonboarding.local.LoopbackHttpServer;
import com.iamonboarding.local.lambda.FunctionInvoker;
import com.iamonboarding.local.lambda.FunctionRegistry;
import com.iamonboarding.local.lambda.LocalLambdaEndpoint;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.LocalParameterValues;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.local.template.RepoRoot;
import com.iamonboarding.local.template.StackResources;
import com.iamonboarding.local.template.StateMachineDef;
import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import com.iamonboarding.local.proxy.authz.Caller;
import com.iamonboarding.local.proxy.authz.PrincipalCatalog;
import com.iamonboarding.local.proxy.authz.Authorizer;
import com.iamonboarding.local.proxy.authz.EmulatorResourceFacts;
import com.iamonboarding.local.proxy.authz.IamEvaluator;
import com.iamonboarding.local.proxy.authz.RequestAuthorizations;
import com.iamonboarding.local.proxy.authz.StackPolicies;
import com.iamonboarding.local.proxy.authz.StackPrincipals;
import com.iamonboarding.local.template.TemplateModel;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.iamonboarding.batch.PlanBatchHandler;
import com.iamonboarding.seal.InputSeal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The whole application on this machine: moto_server (or the emulator at AWS_ENDPOINT_URL), the
 * template's resources on it, the local Lambda endpoint running the handlers in process, and the
 * local API. Closing it stops everything it started.
 */
public final class LocalStack implements AutoCloseable {

    private final Path repoRoot;
    private final TemplateModel template;
    private final StackResources resources = new StackResources();
    private final Consumer<String> log;
    private Intrinsics intrinsics;
    private LocalLambdaEndpoint endpoint;
    private Emulator emulator;
    private EmulatorClients clients;
    private LocalApi api;
    private LocalSealer sealer;
    private IamEvaluator evaluator;
    private EmulatorResourceFacts facts;
    private Authorizer authorizer;
    private PrincipalCatalog principalCatalog;
    private final AtomicBoolean closed = new AtomicBoolean();
    private S3EventRelay s3Events;
    private LoopbackHttpServer apiServer;

    private LocalStack(Path repoRoot, TemplateModel template, Consumer<String> log) {
        this.repoRoot = repoRoot;
        this.template = template;
        this.log = log;
    }

    public static LocalStack start(LocalStackOptions options) {
        Path root = options.repoRoot() != null ? options.repoRoot() : RepoRoot.find();
        LocalStack stack = new LocalStack(root, TemplateModel.load(root), options.log());
        try {
            stack.startAll(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(LocalStackOptions options) {
        intrinsics = new Intrinsics(template, LocalParameterValues.complete(template, options.parameterOverrides()), resources);
        endpoint = LocalLambdaEndpoint.start(options.lambdaPort(), log);
        SdkSettings.pointAt(endpoint.url());
        emulator = options.emulatorEndpoint().<Emulator>map(ExternalEmulator::new)
                .orElseGet(() -> MotoServer.launch(repoRoot.resolve("local/moto/launch_moto.py"), FreePorts.pick(), endpoint.port(),
                        PseudoParameters.REGION));
        // While Python imports moto: the IAM evaluator's Node process starts, and the JVM warms up.
        ExecutorService starting = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "local-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        Future<IamEvaluator> evaluatorStarted = options.authorization() == AuthorizationMode.OFF ? null
                : starting.submit(() -> IamEvaluator.start(repoRoot, IamEvaluator.DEFAULT_TIMEOUT));
        WarmUp.handlers(template);
        if (emulator instanceof MotoServer moto) {
            moto.awaitReady();
        }
        endpoint.forwardTo(emulator.endpoint());
        new MotoApi(emulator.endpoint()).enableStateMachineExecution();
        clients = new EmulatorClients(emulator.endpoint());
        new ResourceProvisioner(template, intrinsics, resources, clients, log)
                .provisionAll(machine -> options.creates(machine.logicalId()));
        s3Events = new S3EventRelay(S3EventRelay.rules(template, intrinsics), clients.sfn(), log);
        endpoint.proxy().whenApplied(s3Events);
        // Bound before the functions are: a batch's invitations link to the API's own enrolment page.
        apiServer = LoopbackHttpServer.bind(options.apiPort(), "local API");
        FunctionRegistry registry = FunctionRegistry.fromTemplate(template, intrinsics,
                Map.of(PlanBatchHandler.API_URL, apiServer.url().toString().replaceAll("/$", "")));
        sealer = registry.all().stream().map(f -> f.environment().get(InputSeal.ENVIRONMENT_VARIABLE)).filter(java.util.Objects::nonNull)
                .findFirst().map(key -> new LocalSealer(clients.kms(), key)).orElse(null);
        if (evaluatorStarted != null) {
            authorize(options.authorization(), registry, started(evaluatorStarted));
        }
        starting.shutdown();
        FunctionInvoker invoker = new FunctionInvoker(registry, endpoint.faults(), log);
        endpoint.serve(invoker);
        api = LocalApi.serve(apiServer, template.apiRoutes(), template.apiStageName(), invoker, log);
    }

    /**
     * Puts the IAM step into the endpoint's proxy: iam-simulate in its own Node process, the template's
     * policies, and the emulator's facts about resources.
     */
    private void authorize(AuthorizationMode mode, FunctionRegistry registry, IamEvaluator started) {
        evaluator = started;
        facts = new EmulatorResourceFacts(emulator.endpoint());
        StackPolicies policies = new StackPolicies(template, intrinsics, resources, clients.iam(), clients.secretsManager());
        authorizer = new Authorizer(mode,
                new StackPrincipals(registry, template, intrinsics, Set.of(EmulatorClients.ACCESS_KEY_ID)),
                new RequestAuthorizations(facts, Clock.systemUTC()),
                policies, facts, evaluator, log);
        principalCatalog = new PrincipalCatalog(policies, facts, registry, intrinsics.parameterValues(), intrinsics::roleArn,
                registry.all().iterator().next().environment());
        endpoint.proxy().gate(authorizer);
        log.accept("IAM authorisation of the functions' requests: " + mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The evaluator started beside moto; its own failure (Node.js missing, say) is the stack's. */
    private static IamEvaluator started(Future<IamEvaluator> evaluator) {
        try {
            return evaluator.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the IAM evaluator", e);
        }
    }

    /** The local IAM step, when the stack authorises requests. */
    public Optional<Authorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** The e-mail the functions sent (invitations), read from the requests the endpoint saw. */
    public Mailbox mailbox() {
        return new Mailbox(endpoint.recorder());
    }

    /** The principals {@link Authorizer#ask} takes; with authorisation off there is nobody to ask. */
    public PrincipalCatalog principals() {
        requireAuthorizer();
        return principalCatalog;
    }

    /**
     * SDK clients that sign as {@code caller} and go through the local proxy, so that each request
     * is authorised with the caller's policies (a hire's, a colleague's, an operator's) before moto
     * sees it. The caller closes them.
     */
    public EmulatorClients clientsAs(Caller caller) {
        requireAuthorizer();
        String key = authorizer.principals().actAs(caller);
        return new EmulatorClients(endpoint.url(), AwsBasicCredentials.create(key, "unchecked-local-secret"));
    }

    private void requireAuthorizer() {
        if (authorizer == null) {
            throw new IllegalStateException("the local stack does not authorise requests (--iam off)");
        }
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public TemplateModel template() {
        return template;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public StackResources resources() {
        return resources;
    }

    public LocalLambdaEndpoint lambdaEndpoint() {
        return endpoint;
    }

    public FunctionInvoker functions() {
        return endpoint.invoker();
    }

    public Emulator emulator() {
        return emulator;
    }

    public EmulatorClients clients() {
        return clients;
    }

    public LocalApi api() {
        return api;
    }

    /** Seals workflow inputs with the stack's seal key, as the API does; for invoke and for tests. */
    public LocalSealer sealer() {
        if (sealer == null) {
            throw new IllegalStateException("template.yaml gives the functions no " + InputSeal.ENVIRONMENT_VARIABLE);
        }
        return sealer;
    }

    /** Every state machine of the template, by logical id, in template order. */
    public java.util.Map<String, String> stateMachineArns() {
        java.util.Map<String, String> arns = new java.util.LinkedHashMap<>();
        for (StateMachineDef machine : template.stateMachines()) {
            arns.put(machine.logicalId(), resources.get(machine.logicalId()).orElseThrow().ref());
        }
        return arns;
    }

    /** The ARN of the template's first state machine. */
    public String stateMachineArn() {
        List<StateMachineDef> machines = template.stateMachines();
        if (machines.isEmpty()) {
            throw new IllegalStateException("template.yaml defines no state machine");
        }
        return resources.get(machines.get(0).logicalId()).orElseThrow().ref();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (api != null) {
            api.close();
        } else if (apiServer != null) {
            apiServer.close();
        }
        if (s3Events != null) {
            s3Events.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (evaluator != null) {
            evaluator.close();
        }
        if (facts != null) {
            facts.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }
}
