package com.iamonboarding.local.emulator;

/** python3 or moto (with its server extra) is missing on this machine. */
public class MotoNotInstalledException extends RuntimeException {

    public static final String MESSAGE = "moto_server is not installed: pip install \"moto[server]\"";

    public MotoNotInstalledException() {
        super(MESSAGE);
    }
}
