package io.cxpulse.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test needs from the machine. Missing things skip the test on a developer's machine but fail it when
 * {@code -Dcx.requireBinaries=true} or {@code CI=true}, so that CI never passes by skipping.
 */
public final class Requirements {
    private Requirements() {}

    /** The path of an executable on the PATH, or a skip/failure naming the Debian package to install. */
    public static Path binary(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return missing("needs the program '" + name + "' on the PATH (Debian: apt-get install -y " + name + ")");
    }

    /** The shared data folder: system property cx.sharedDir, else ../../shared from the module folder. */
    public static Path sharedDir() {
        String prop = System.getProperty("cx.sharedDir");
        Path dir = prop != null && !prop.isBlank()
                ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
        if (!Files.isDirectory(dir)) {
            return missing("needs the shared data folder " + dir + " (set -Dcx.sharedDir)");
        }
        return dir;
    }

    private static <T> T missing(String message) {
        if (Boolean.getBoolean("cx.requireBinaries") || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return fail(message);
        }
        abort(message);
        return null;
    }
}
