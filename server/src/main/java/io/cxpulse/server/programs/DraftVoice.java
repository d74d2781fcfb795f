package io.cxpulse.server.programs;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Draft prompts spoken by espeak-ng, for trying a survey before its recordings exist. The dashboard marks them as
 * draft voices. Blocking: run on a worker thread.
 */
public final class DraftVoice {
    private static final long TIMEOUT_S = 20;

    private final String command;

    /** espeak-ng found on the {@code PATH}. */
    public DraftVoice() {
        this("espeak-ng");
    }

    DraftVoice(String command) {
        this.command = command;
    }

    /** Whether the command runs on this server. */
    public boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The espeak-ng voice for a survey language: {@code en} is US English, {@code zh} Mandarin. */
    static String voiceOf(String language) {
        return switch (language) {
            case "en" -> "en-us";
            case "zh" -> "cmn";
            default -> language;
        };
    }

    /** A WAV file of {@code text} spoken in {@code language}. */
    public byte[] speak(String text, String language) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cx-draft-voice", ".wav");
        try {
            // The text goes in on standard input: nothing of it can be read as an option.
            Process p = new ProcessBuilder(List.of(command, "-v", voiceOf(language), "-w", out.toString(), "--stdin"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("espeak-ng took longer than " + TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalArgumentException(
                        "espeak-ng could not speak language \"" + language + "\" (exit " + p.exitValue() + ")");
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
