package io.cxpulse.agent.survey;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.WavFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Prompt audio as 8 kHz mono samples, loaded once per source and shared (thread-safe). Files in any WAV format are
 * converted; prompts shipped in the agent are already 8 kHz mono.
 */
public final class PromptLibrary {
    private static final AudioFormat LINE_FORMAT = new AudioFormat(Line.SAMPLE_RATE, 16, 1, true, false);

    private final Map<String, short[]> cache = new ConcurrentHashMap<>();

    /**
     * The prompt's samples (shared: do not modify).
     *
     * @throws UncheckedIOException naming the source when it cannot be read
     */
    public short[] audio(String source) {
        return cache.computeIfAbsent(source, PromptLibrary::load);
    }

    /** Loads every prompt a survey may play, so that a bad file is found before the call, not during it. */
    public void preload(SurveyDefinition survey) {
        List<String> sources = new ArrayList<>();
        sources.addAll(survey.greeting().values());
        sources.addAll(survey.thanks().values());
        sources.addAll(survey.invalid().values());
        survey.questions().forEach(q -> sources.addAll(q.prompts().values()));
        if (survey.languageChoice() != null) {
            sources.add(survey.languageChoice().prompt());
        }
        sources.forEach(this::audio);
    }

    private static short[] load(String source) {
        try {
            if (!source.startsWith(PromptSource.CLASSPATH)) {
                return WavFiles.read8kMono(Path.of(source));
            }
            try (InputStream in = new BufferedInputStream(PromptSource.open(source));
                    AudioInputStream raw = AudioSystem.getAudioInputStream(in);
                    AudioInputStream pcm = raw.getFormat().matches(LINE_FORMAT)
                            ? raw
                            : AudioSystem.getAudioInputStream(LINE_FORMAT, raw)) {
                byte[] b = pcm.readAllBytes();
                short[] out = new short[b.length / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
                }
                return out;
            }
        } catch (IOException | UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new UncheckedIOException(
                    "cannot read prompt " + source + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
