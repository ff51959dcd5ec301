package com.iamonboarding.local.emulator;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** The AWS service emulator the local stack talks to: one it started, or one already running. */
public interface Emulator extends AutoCloseable {

    URI endpoint();

    /** Where the emulator's own output goes, when the local stack started it. */
    default Optional<Path> logFile() {
        return Optional.empty();
    }

    @Override
    void close();
}
