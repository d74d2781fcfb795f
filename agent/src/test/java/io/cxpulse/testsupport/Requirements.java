package io.cxpulse.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the build (binaries, the shared test data): missing means skip on a laptop, but
 * fail when {@code -Dcx.requireBinaries=true} or {@code CI=true}.
 */
public final class Requirements {
    private Requirements() {}

    /** The path of an executable on PATH. */
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
        missing("binary '" + name + "' not found on PATH");
        return null;
    }

    /** The shared test-data directory ({@code cx.sharedDir}, else {@code ../../shared} from the module dir). */
    public static Path sharedDir() {
        String configured = System.getProperty("cx.sharedDir");
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
        if (!Files.isDirectory(dir)) {
            missing("shared test data directory " + dir + " not found (set -Dcx.sharedDir)");
        }
        return dir.normalize();
    }

    private static void missing(String message) {
        boolean required =
                "true".equals(System.getProperty("cx.requireBinaries")) || "true".equals(System.getenv("CI"));
        if (required) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }
}
