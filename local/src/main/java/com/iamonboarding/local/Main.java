package com.iamonboarding.local;

import com.iamonboarding.local.cli.BatchCommand;
import com.iamonboarding.local.cli.CliArguments;
import com.iamonboarding.local.cli.InvokeCommand;
import com.iamonboarding.local.cli.MayCommand;
import com.iamonboarding.local.cli.OnboardCommand;
import com.iamonboarding.local.cli.StartApiCommand;
import com.iamonboarding.local.emulator.MotoNotInstalledException;
import com.iamonboarding.local.proxy.IamThrottle;
import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import com.iamonboarding.local.proxy.authz.IamEvaluatorNotInstalledException;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.stack.LocalStackOptions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's one entry point (bin/local): {@code onboard}, {@code invoke}, {@code start-api},
 * {@code may}.
 * Standard output carries only what the command reports; the functions' own log lines and the
 * stack's activity go to standard error, or for {@code onboard} to a log file, so that progress
 * lines (and {@code --json}) stay readable.
 */
public final class Main {

    static final int USAGE_ERROR = 64;
    static final String ONBOARDING_STATE_MACHINE = "OnboardingStateMachine";
    static final int NOT_INSTALLED = 3;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        // The stack is closed and everything printed: nothing sends another request.
        HttpClientThreads.endAll();
        System.exit(code);
    }

    static int run(String[] args, PrintStream console, PrintStream errors) {
        if (args.length == 1 && List.of("help", "--help", "-h").contains(args[0])) {
            console.println(CliArguments.USAGE);
            return 0;
        }
        CliArguments cli;
        try {
            cli = CliArguments.parse(args);
            if (cli.help != null) {
                console.println(cli.help);
                return 0;
            }
            validate(cli);
        } catch (IllegalArgumentException e) {
            errors.println("bin/local: " + e.getMessage());
            errors.println("Run bin/local --help for the commands, bin/local <command> --help for a command's options.");
            return USAGE_ERROR;
        }
        PrintStream logs;
        Path logFile = null;
        try {
            if (cli.command.equals("onboard") || cli.command.equals("batch")) {
                logFile = Files.createTempFile("iam-onboarding-local-", ".log");
                if (cli.json) {
                    // Nobody is told where it is: keep it only while the command runs.
                    logFile.toFile().deleteOnExit();
                }
                logs = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
            } else {
                logs = errors;
            }
        } catch (IOException e) {
            errors.println("bin/local: cannot create a log file: " + e.getMessage());
            return 1;
        }
        // The handlers log to System.out, as they do in Lambda; here that would garble the report.
        System.setOut(logs);
        LocalStackOptions options = new LocalStackOptions()
                .lambdaPort(cli.lambdaPort)
                .apiPort(cli.apiPort)
                .authorization(cli.iam)
                .log(logs::println);
        cli.parameters.forEach(options::parameter);
        if (cli.command.equals("onboard")) {
            // One onboarding runs one workflow: the offboarding and batch machines are never started.
            options.onlyStateMachines(ONBOARDING_STATE_MACHINE);
        }
        if (!cli.json && (cli.command.equals("onboard") || cli.command.equals("batch"))) {
            console.println("Starting the local stack (moto_server, local Lambda endpoint, local API)...");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (MotoNotInstalledException | IamEvaluatorNotInstalledException e) {
            errors.println(e.getMessage());
            deleteQuietly(logFile);
            return NOT_INSTALLED;
        } catch (RuntimeException e) {
            errors.println("bin/local: the local stack did not start: " + e.getMessage());
            return 1;
        }
        Thread stopOnExit = new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            return execute(cli, stack, console, errors, logFile, stopped);
        } catch (RuntimeException e) {
            errors.println("bin/local: " + e.getMessage());
            return 1;
        } finally {
            stack.close();
        }
    }

    private static int execute(CliArguments cli, LocalStack stack, PrintStream console, PrintStream errors, Path logFile,
                               CountDownLatch stopped) {
        switch (cli.command) {
            case "onboard" -> {
                String request = read(Path.of(cli.positional.get(0)));
                if (!cli.json) {
                    console.println("Onboarding " + cli.positional.get(0) + " through POST /onboardings:");
                }
                int code = new OnboardCommand(stack, console, cli.json ? errors : console, Duration.ofSeconds(cli.timeoutSeconds),
                        colours(), cli.asHire).run(request, cli.json);
                if (!cli.json) {
                    console.println("Function and emulator activity: " + logFile);
                }
                return code;
            }
            case "batch" -> {
                if (cli.iamWriteRate > 0) {
                    stack.lambdaEndpoint().proxy().iamThrottle(IamThrottle.perSecond(cli.iamWriteRate));
                }
                try {
                    BatchCommand command = new BatchCommand(stack, console, Duration.ofSeconds(cli.timeoutSeconds),
                            System.console() != null, Clock.systemUTC());
                    Path file = Path.of(cli.positional.get(0));
                    int code = cli.onePostPerRow > 0 ? command.runOnePostPerRow(file, cli.onePostPerRow)
                            : command.run(file, cli.onInvalidRows);
                    IamThrottle throttle = stack.lambdaEndpoint().proxy().iamThrottle();
                    console.println("IAM write requests: " + throttle.admitted() + " let through, " + throttle.throttled()
                            + " throttled (" + throttle.describe() + ")");
                    console.println("Function and emulator activity: " + logFile);
                    return code;
                } catch (IOException e) {
                    errors.println("bin/local: " + e.getMessage());
                    return 1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
            case "invoke" -> {
                return new InvokeCommand(stack, console, errors).run(cli.positional.get(0),
                        read(Path.of(cli.event)).getBytes(StandardCharsets.UTF_8));
            }
            case "may" -> {
                try {
                    return new MayCommand(stack, console).run(cli.positional.get(0), cli.positional.get(1), cli.positional.get(2),
                            cli.context, cli.json);
                } catch (IllegalArgumentException e) {
                    errors.println("bin/local: " + e.getMessage());
                    return USAGE_ERROR;
                }
            }
            case "start-api" -> {
                StartApiCommand command = new StartApiCommand(stack, console);
                if (cli.describe != null) {
                    try {
                        command.describe(Path.of(cli.describe));
                    } catch (IOException e) {
                        errors.println("bin/local: cannot write " + cli.describe + ": " + e.getMessage());
                        return 1;
                    }
                }
                command.printUrls();
                try {
                    command.awaitStop(stopped);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            default -> throw new IllegalStateException("unknown command " + cli.command);
        }
    }

    private static void validate(CliArguments cli) {
        switch (cli.command) {
            case "onboard" -> {
                if (cli.positional.size() != 1) {
                    throw new IllegalArgumentException("onboard takes one request file");
                }
                requireFile(cli.positional.get(0));
            }
            case "batch" -> {
                if (cli.positional.size() != 1) {
                    throw new IllegalArgumentException("batch takes one batch file");
                }
                requireFile(cli.positional.get(0));
            }
            case "invoke" -> {
                if (cli.positional.size() != 1 || cli.event == null) {
                    throw new IllegalArgumentException("invoke takes a function logical id and --event <file>");
                }
                requireFile(cli.event);
            }
            case "may" -> {
                if (cli.positional.size() != 3) {
                    throw new IllegalArgumentException("may takes a principal, an action and a resource ARN");
                }
                if (cli.iam == AuthorizationMode.OFF) {
                    throw new IllegalArgumentException("may asks the IAM evaluator, which --iam off does not start");
                }
            }
            case "start-api" -> {
                if (!cli.positional.isEmpty()) {
                    throw new IllegalArgumentException("start-api takes no arguments");
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + cli.command);
        }
    }

    private static void requireFile(String file) {
        if (!Files.isRegularFile(Path.of(file))) {
            throw new IllegalArgumentException("no such file: " + file);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }

    private static boolean colours() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }
}
