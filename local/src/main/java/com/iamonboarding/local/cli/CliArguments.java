package com.iamonboarding.local.cli;

import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import com.iamonboarding.local.proxy.authz.PrincipalCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line: a command, its positional arguments and the options. */
public final class CliArguments {

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: bin/local <command> [options]",
            "  onboard <request.json> [--as-hire] [--json] [--timeout SECONDS]",
            "        start everything, POST the request to the local API, show each step, then the result. A",
            "        SELF_SERVICE onboarding e-mails its hire a link: the command shows it and waits for you to enrol",
            "        in a browser, or with --as-hire plays the hire itself (opens the link, scans, types the codes)",
            "  invoke <FunctionLogicalId> --event <event.json>",
            "        run one function of template.yaml with the event (like sam local invoke)",
            "  start-api [--describe FILE]",
            "        run the local API and the Lambda endpoint until Ctrl-C (like sam local start-api); --describe",
            "        writes the endpoints and every function's environment to FILE (for the benchmarks)",
            "  may <principal> <action> <resource-arn> [--context key=value]... [--json]",
            "        ask the local IAM evaluator whether the principal may do the action on the resource, with the",
            "        stack's policies; exit 0 when allowed, 1 when denied. Principals: " + PrincipalCatalog.SPECS,
            "Options:",
            "  --lambda-port N          port of the local Lambda endpoint (default: a free one)",
            "  --api-port N             port of the local API (default: a free one)",
            "  --parameter Name=Value   template parameter value (repeatable)",
            "  --iam enforce|log|off    authorise every AWS request of the functions as IAM would and refuse what",
            "                           IAM would refuse (enforce, the default), only report it (log), or not (off)",
            "Environment:",
            "  AWS_ENDPOINT_URL         use this running emulator instead of starting moto_server;",
            "                           start it with MOTO_PORT=<the --lambda-port> so it can call the functions");

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

    private CliArguments(String command) {
        this.command = command;
    }

    public static CliArguments parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        CliArguments parsed = new CliArguments(args[0]);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> parsed.json = true;
                case "--as-hire" -> parsed.asHire = true;
                case "--event", "-e" -> parsed.event = value(args, ++i, arg);
                case "--lambda-port" -> parsed.lambdaPort = port(value(args, ++i, arg), arg);
                case "--api-port", "--port", "-p" -> parsed.apiPort = port(value(args, ++i, arg), arg);
                case "--timeout" -> parsed.timeoutSeconds = Integer.parseInt(value(args, ++i, arg));
                case "--parameter" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--parameter takes Name=Value");
                    }
                    parsed.parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--iam" -> parsed.iam = AuthorizationMode.parse(value(args, ++i, arg));
                case "--describe" -> parsed.describe = value(args, ++i, arg);
                case "--context" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--context takes key=value, e.g. aws:MultiFactorAuthPresent=true");
                    }
                    parsed.context.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    parsed.positional.add(arg);
                }
            }
        }
        return parsed;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port number (1-65535)");
        }
    }
}
