package io.cxpulse.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What an integration test needs from the machine. Missing pieces skip the test on a developer's machine but fail it
 * under CI (env {@code CI=true}) or with {@code -Dcx.requireBinaries=true}, so that CI never passes by skipping.
 */
public final class Requirements {
    private Requirements() {}

    /** The path of an executable on the PATH (or an absolute path), or skip/fail when it is missing. */
    public static Path binary(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute() && Files.isExecutable(direct)) {
            return direct;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing("binary '" + name + "' is not installed (not on PATH)");
        return null;
    }

    /** Skips the test with {@code message}, or fails it when binaries are required. */
    public static void missing(String message) {
        if (required()) {
            Assertions.fail(message + " (required: CI=true or -Dcx.requireBinaries=true)");
        }
        Assumptions.abort(message);
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getProperty("cx.requireBinaries"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
