package com.iamonboarding.local.stack;

import com.iamonboarding.local.template.PseudoParameters;
import java.net.URI;

/**
 * Points every SDK client built in this JVM without an explicit endpoint (the functions' clients)
 * at the local Lambda endpoint, through the SDK's standard system properties: the functions keep
 * their production code path.
 */
public final class SdkSettings {

    private SdkSettings() {
    }

    public static void pointAt(URI endpoint) {
        System.setProperty("aws.endpointUrl", endpoint.toString());
        System.setProperty("aws.accessKeyId", EmulatorClients.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", EmulatorClients.SECRET_ACCESS_KEY);
        System.setProperty("aws.region", PseudoParameters.REGION);
    }
}
