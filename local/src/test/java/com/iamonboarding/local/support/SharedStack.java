package com.iamonboarding.local.support;

import com.iamonboarding.local.proxy.authz.AuthorizationMode;
import com.iamonboarding.local.stack.EmulatorClients;
import com.iamonboarding.local.stack.LocalStack;
import com.iamonboarding.local.stack.LocalStackOptions;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The one local stack (and so the one moto_server) of a test run, started on first use and stopped
 * when the JVM exits. It is deployed as a platform team would deploy it, with an operators' role
 * ({@link OperatorsRole}), and authorises every request as IAM would. If moto_server cannot start, every test that needs it fails with the reason
 * (for a missing moto: the install command); none is skipped.
 */
public final class SharedStack {

    /**
     * {@code -Diamonboarding.iam=log|off} runs the suite with enforcement relaxed: only to measure
     * what enforcement costs (bench/iam-enforcement.sh). The access matrix and the least-privilege
     * check need it on and fail without it.
     */
    public static final String IAM_PROPERTY = "iamonboarding.iam";

    private static LocalStack stack;
    private static OutputCapture output;
    private static RuntimeException startFailure;
    private static EmulatorClients clients;
    private static SecretsManagerClient secrets;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (stack == null) {
            output = OutputCapture.install();
            try {
                stack = LocalStack.start(new LocalStackOptions().emulatorEndpoint(null).log(System.err::println)
                        .authorization(AuthorizationMode.parse(System.getProperty(IAM_PROPERTY, "enforce")))
                        .parameter("OperatorsRoleArn", OperatorsRole.ARN));
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            clients = new EmulatorClients(stack.emulator().endpoint());
            secrets = EmulatorClients.build(SecretsManagerClient.builder(), stack.emulator().endpoint());
            OperatorsRole.create(clients.iam(), stack.resources().get("QrCodeBucket").orElseThrow().ref());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-stack-stop"));
        }
        return stack;
    }

    /** Everything written to standard output and error since the stack started. */
    public static String printed() {
        get();
        return output.text();
    }

    public static IamClient iam() {
        get();
        return clients.iam();
    }

    public static S3Client s3() {
        get();
        return clients.s3();
    }

    public static SfnClient sfn() {
        get();
        return clients.sfn();
    }

    public static SecretsManagerClient secrets() {
        get();
        return secrets;
    }
}
