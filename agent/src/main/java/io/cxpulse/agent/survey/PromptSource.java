package io.cxpulse.agent.survey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a prompt's audio comes from: {@code classpath:prompts/en/csat.wav} for the prompts shipped in the agent,
 * anything else is a file path (made absolute against the survey file's folder when the survey is read).
 */
public final class PromptSource {
    /** Prefix of prompts shipped inside the agent. */
    public static final String CLASSPATH = "classpath:";

    private PromptSource() {}

    /** Whether the source can be opened. */
    public static boolean exists(String source) {
        if (source.startsWith(CLASSPATH)) {
            return PromptSource.class.getClassLoader().getResource(resourceName(source)) != null;
        }
        return Files.isRegularFile(Path.of(source));
    }

    /** Opens the source; the caller closes the stream. */
    public static InputStream open(String source) {
        try {
            if (source.startsWith(CLASSPATH)) {
                InputStream in = PromptSource.class.getClassLoader().getResourceAsStream(resourceName(source));
                if (in == null) {
                    throw new IOException("no such prompt in the agent: " + source);
                }
                return in;
            }
            return Files.newInputStream(Path.of(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open prompt " + source + ": " + e.getMessage(), e);
        }
    }

    /** Resolves a source named in a survey file: classpath sources stay, file paths become absolute. */
    static String resolve(String source, Path baseDir) {
        if (source.startsWith(CLASSPATH)) {
            return source;
        }
        Path p = Path.of(source);
        return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p))
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    private static String resourceName(String source) {
        String name = source.substring(CLASSPATH.length());
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
