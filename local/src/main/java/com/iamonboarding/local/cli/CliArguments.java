package com.iamonboarding.local.cli;

import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import com.iamonboarding.local.proxy.authz.PrincipalCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bin/local's command line, parsed by picocli: one subcommand per job, each with its own options and
 * {@code --help}, and errors that name the option. The parsed values land in the public fields of
 * this class, which {@link com.iamonboarding.local.Main} reads.
 */
public final class CliArguments {

    /** The top-level usage: every command, the shared options and the environment. */
    public static final String USAGE = new CommandLine(new BinLocal()).getUsageMessage().stripTrailing();

    public final String command;
    public final List<String> positional = new ArrayList<>();
    public final Map<String, String> parameters = new LinkedHashMap<>();
    public final Map<String, List<String>> context = new LinkedHashMap<>();
    public AuthorizationMode iam = AuthorizationMode.ENFORCE;
    public boolean json;
    public boolean asHire;
    public String event;
    public String describe;
    public int lambdaPort;
    public int apiPort;
    public int timeoutSeconds = 120;
    /** batch: REJECT or SKIP. */
    public String onInvalidRows = "REJECT";
    /** batch: IAM write requests per second the local endpoint lets through (0: no throttling). */
    public double iamWriteRate;
    /** batch: send each row as its own POST /onboardings, this many at a time (0: run it as a batch). */
    public int onePostPerRow;
    /** Set when the command was asked for its --help: print it, do nothing else. */
    public String help;

    private CliArguments(String command) {
        this.command = command;
    }

    /** The parsed arguments; an IllegalArgumentException whose message names what is wrong otherwise. */
    public static CliArguments parse(String[] args) {
        CommandLine line = new CommandLine(new BinLocal());
        CommandLine.ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!parsed.hasSubcommand()) {
            throw new IllegalArgumentException("no command");
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        CliArguments cli = new CliArguments(sub.commandSpec().name());
        if (sub.isUsageHelpRequested()) {
            cli.help = sub.commandSpec().commandLine().getUsageMessage().stripTrailing();
            return cli;
        }
        Object command = sub.commandSpec().userObject();
        if (command instanceof Onboard onboard) {
            onboard.stack.applyTo(cli);
            cli.positional.add(onboard.request);
            cli.json = onboard.json;
            cli.asHire = onboard.asHire;
            cli.timeoutSeconds = onboard.timeoutSeconds;
        } else if (command instanceof Batch batch) {
            batch.stack.applyTo(cli);
            cli.positional.add(batch.file);
            cli.onInvalidRows = batch.skipInvalid ? "SKIP" : "REJECT";
            cli.iamWriteRate = batch.iamWriteRate;
            cli.onePostPerRow = batch.onePostPerRow;
            cli.timeoutSeconds = batch.timeoutSeconds;
        } else if (command instanceof Invoke invoke) {
            invoke.stack.applyTo(cli);
            cli.positional.add(invoke.function);
            cli.event = invoke.event;
        } else if (command instanceof StartApi startApi) {
            startApi.stack.applyTo(cli);
            cli.describe = startApi.describe;
        } else if (command instanceof May may) {
            may.stack.applyTo(cli);
            cli.positional.addAll(List.of(may.principal, may.action, may.resource));
            cli.json = may.json;
            for (String pair : may.context) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--context takes key=value, e.g. aws:MultiFactorAuthPresent=true");
                }
                cli.context.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
            }
        }
        return cli;
    }

    @Command(name = "bin/local", synopsisSubcommandLabel = "<command>",
            description = "The whole application on this machine: moto_server, the local Lambda endpoint and the local API,"
                    + " all read from template.yaml.",
            subcommands = {Onboard.class, Batch.class, Invoke.class, StartApi.class, May.class},
            footerHeading = "%nEnvironment:%n",
            footer = {"  AWS_ENDPOINT_URL  use this running emulator instead of starting moto_server",
                    "                    (start it with MOTO_PORT=<the --lambda-port>, so that it can",
                    "                    call the functions)",
                    "%nbin/local <command> --help shows a command's options."})
    static final class BinLocal {
    }

    /** The options every command shares: how the stack starts. */
    static final class StackOptions {
        @Option(names = "--lambda-port", paramLabel = "N", converter = PortConverter.class,
                description = "port of the local Lambda endpoint (default: a free one)")
        int lambdaPort;

        @Option(names = {"--api-port", "--port", "-p"}, paramLabel = "N", converter = PortConverter.class,
                description = "port of the local API (default: a free one)")
        int apiPort;

        @Option(names = "--parameter", paramLabel = "Name=Value", description = "a template parameter's value (repeatable)")
        List<String> parameters = new ArrayList<>();

        @Option(names = "--iam", paramLabel = "enforce|log|off", converter = AuthorizationModeConverter.class,
                description = "authorise every AWS request of the functions as IAM would and refuse what IAM would refuse"
                        + " (enforce, the default), only report it (log), or not (off)")
        AuthorizationMode iam = AuthorizationMode.ENFORCE;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this command's options")
        boolean help;

        void applyTo(CliArguments cli) {
            cli.lambdaPort = lambdaPort;
            cli.apiPort = apiPort;
            cli.iam = iam;
            for (String pair : parameters) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--parameter takes Name=Value, not '" + pair + "'");
                }
                cli.parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
    }

    @Command(name = "onboard", description = {"Start everything, POST the request to the local API, show each step, then the result.",
            "A SELF_SERVICE onboarding e-mails its hire a link: the command shows it and waits for you to enrol in a browser,",
            "or with --as-hire plays the hire itself (opens the link, reads the key, types the codes, chooses a password)."})
    static final class Onboard {
        @Parameters(paramLabel = "<request.json>", description = "an onboarding request, e.g. events/requests/developer.json")
        String request;

        @Option(names = "--as-hire", description = "the local stack plays the hire of a SELF_SERVICE onboarding")
        boolean asHire;

        @Option(names = "--json", description = "print only the final result, as one JSON object")
        boolean json;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the onboarding (default ${DEFAULT-VALUE})")
        int timeoutSeconds = 120;

        @Mixin
        StackOptions stack = new StackOptions();
    }

    @Command(name = "batch", description = {"Start everything, put an HR export (CSV or JSON Lines) in the intake bucket, POST /batches,",
            "show the rows' progress live, then the summary and where the report is.",
            "Exit 0 when every row succeeded (or its hire was invited), 1 otherwise."})
    static final class Batch {
        @Parameters(paramLabel = "<file.csv|file.jsonl>", description = "a batch file, e.g. events/batches/cohort-2027-01.csv")
        String file;

        @Option(names = "--skip-invalid", description = "run the valid rows when some are invalid (onInvalidRows SKIP; default: run nothing)")
        boolean skipInvalid;

        @Option(names = "--iam-write-rate", paramLabel = "PER_SECOND", converter = RateConverter.class,
                description = "let at most this many IAM write requests a second through, as a busy account's IAM would (default: no limit)")
        double iamWriteRate;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the batch (default ${DEFAULT-VALUE})")
        int timeoutSeconds = 900;

        @Option(names = "--one-post-per-row", paramLabel = "N",
                description = "instead of a batch, POST /onboardings once per row, N at a time (the baseline of bench/batch.sh)")
        int onePostPerRow;

        @Mixin
        StackOptions stack = new StackOptions();
    }

    @Command(name = "invoke", description = "Run one function of template.yaml with an event (like sam local invoke).")
    static final class Invoke {
        @Parameters(paramLabel = "<FunctionLogicalId>", description = "e.g. CreateUserFunction")
        String function;

        @Option(names = {"--event", "-e"}, required = true, paramLabel = "<event.json>", description = "the event, e.g. events/CreateUserFunction.json")
        String event;

        @Mixin
        StackOptions stack = new StackOptions();
    }

    @Command(name = "start-api", description = {"Run the local API and the Lambda endpoint until Ctrl-C (like sam local start-api)."})
    static final class StartApi {
        @Option(names = "--describe", paramLabel = "FILE",
                description = "write the endpoints and every function's environment to FILE (for the benchmarks)")
        String describe;

        @Mixin
        StackOptions stack = new StackOptions();
    }

    @Command(name = "may", description = {"Ask the local IAM evaluator whether a principal may do an action on a resource.",
            "It decides with the stack's policies; exit 0 when allowed, 1 when denied.", "Principals: " + PrincipalCatalog.SPECS})
    static final class May {
        @Parameters(index = "0", paramLabel = "<principal>")
        String principal;

        @Parameters(index = "1", paramLabel = "<action>")
        String action;

        @Parameters(index = "2", paramLabel = "<resource-arn>")
        String resource;

        @Option(names = "--context", paramLabel = "key=value", description = "a request context value (repeatable), e.g. aws:MultiFactorAuthPresent=true")
        List<String> context = new ArrayList<>();

        @Option(names = "--json", description = "answer with the decision as JSON")
        boolean json;

        @Mixin
        StackOptions stack = new StackOptions();
    }

    static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // Answered below.
            }
            throw new CommandLine.TypeConversionException("a port number (1-65535), not '" + text + "'");
        }
    }

    static final class RateConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double rate = Double.parseDouble(text);
                if (rate > 0 && !Double.isInfinite(rate)) {
                    return rate;
                }
            } catch (NumberFormatException notANumber) {
                // Answered below.
            }
            throw new CommandLine.TypeConversionException("a number of requests per second above 0, not '" + text + "'");
        }
    }

    static final class AuthorizationModeConverter implements CommandLine.ITypeConverter<AuthorizationMode> {
        @Override
        public AuthorizationMode convert(String text) {
            try {
                return AuthorizationMode.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
