package com.iamonboarding.local.template;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the local stack runs: the nearest directory, upwards, that holds template.yaml and statemachine/. */
public final class RepoRoot {

    private RepoRoot() {
    }

    /** Set by bin/local, so that the stack finds the checkout whatever the current directory. */
    public static final String PROPERTY = "iamonboarding.repoRoot";

    public static Path find() {
        String configured = System.getProperty(PROPERTY);
        return find(configured != null ? Path.of(configured) : Path.of("").toAbsolutePath());
    }

    public static Path find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("statemachine"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml with a statemachine/ folder next to it in "
                + start.toAbsolutePath() + " or any parent directory: run this from the repository");
    }
}
