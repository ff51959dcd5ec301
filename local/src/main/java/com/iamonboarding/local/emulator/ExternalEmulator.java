package com.iamonboarding.local.emulator;

import java.net.URI;

/** An emulator someone else runs (AWS_ENDPOINT_URL): used as is, never stopped by us. */
public final class ExternalEmulator implements Emulator {

    private final URI endpoint;

    public ExternalEmulator(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
