package io.cxpulse.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Skips a test whose external binary or shared data is missing, except under CI where that is a failure. */
public final class Requirements {

    private Requirements() {}

    /** The absolute path of an executable on the PATH; skips (or fails under CI) when there is none. */
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
        unmet("required binary '" + name + "' is not on the PATH (install it, e.g. apt-get install " + name + ")");
        return null;
    }

    /** The shared data directory (system property cx.sharedDir, else ../../shared from the module directory). */
    public static Path sharedDir() {
        String prop = System.getProperty("cx.sharedDir");
        Path dir = prop != null && !prop.isBlank()
                ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
        if (!Files.isDirectory(dir)) {
            unmet("shared data directory " + dir + " does not exist");
        }
        return dir;
    }

    private static void unmet(String message) {
        if ("true".equals(System.getProperty("cx.requireBinaries")) || "true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
