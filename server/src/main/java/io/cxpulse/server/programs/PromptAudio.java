package io.cxpulse.server.programs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Prompt recordings as the agents play them: any WAV a recorder makes (PCM of 8-32 bits, float, µ-law or A-law, any
 * rate, mono or more channels) becomes a WAV of the line format, 8 kHz 16-bit mono PCM, named by the SHA-256 of its
 * bytes. Blocking: run on a worker thread.
 */
public final class PromptAudio {
    /** The line format every agent plays. */
    public static final AudioFormat LINE_FORMAT = new AudioFormat(8000, 16, 1, true, false);
    /** Longer prompts are not prompts. */
    public static final long MAX_DURATION_MS = 60_000;

    /** A converted prompt: the WAV file's bytes, its length and its content hash ({@code sha256:HEX}). */
    public record Converted(byte[] wav, long durationMs, String hash) {}

    private PromptAudio() {}

    /**
     * Converts a WAV file to the line format.
     *
     * @throws IllegalArgumentException saying why the audio cannot be used
     */
    public static Converted convert(byte[] file) {
        short[] mono;
        float rate;
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file))) {
            AudioFormat src = in.getFormat();
            rate = src.getSampleRate();
            int channels = src.getChannels();
            if (channels < 1 || rate < 4000 || rate > 192_000) {
                throw new IllegalArgumentException("unsupported audio: " + src);
            }
            AudioFormat pcm16 =
                    new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false);
            try (AudioInputStream pcm = src.matches(pcm16) ? in : AudioSystem.getAudioInputStream(pcm16, in)) {
                mono = downmix(pcm.readAllBytes(), channels);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException("not a WAV file this server can read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the WAV file: " + e.getMessage(), e);
        }
        if (mono.length / (double) rate * 1000 > MAX_DURATION_MS) {
            throw new IllegalArgumentException("the prompt is " + Math.round(mono.length / (double) rate)
                    + " s long; at most " + MAX_DURATION_MS / 1000 + " s");
        }
        if (mono.length == 0) {
            throw new IllegalArgumentException("the WAV file holds no audio");
        }
        short[] line = rate == LINE_FORMAT.getSampleRate() ? mono : resample(mono, rate);
        return of(line);
    }

    /** A prompt of line-format samples. */
    public static Converted of(short[] samples) {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            pcm.putShort(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length * 2 + 44);
        try (AudioInputStream stream =
                new AudioInputStream(new ByteArrayInputStream(pcm.array()), LINE_FORMAT, samples.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a WAV file in memory", e);
        }
        byte[] wav = out.toByteArray();
        return new Converted(wav, samples.length * 1000L / 8000, hash(wav));
    }

    /** {@code sha256:} and the hex SHA-256 of {@code bytes}. */
    public static String hash(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static short[] downmix(byte[] pcm, int channels) {
        int frames = pcm.length / (2 * channels);
        short[] out = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int ch = 0; ch < channels; ch++) {
                int i = 2 * (f * channels + ch);
                sum += (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            }
            out[f] = (short) (sum / channels);
        }
        return out;
    }

    /** To 8 kHz through the Java sound system's band-limited (sinc) resampler. */
    private static short[] resample(short[] mono, float rate) {
        ByteBuffer bytes = ByteBuffer.allocate(mono.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : mono) {
            bytes.putShort(s);
        }
        AudioFormat from = new AudioFormat(rate, 16, 1, true, false);
        AudioFormat to = new AudioFormat(
                AudioFormat.Encoding.PCM_SIGNED,
                LINE_FORMAT.getSampleRate(),
                16,
                1,
                2,
                LINE_FORMAT.getSampleRate(),
                false,
                Map.of("interpolation", "sinc"));
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes.array()), from, mono.length);
                AudioInputStream converted = AudioSystem.getAudioInputStream(to, in)) {
            byte[] b = converted.readAllBytes();
            short[] out = new short[b.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot convert " + rate + " Hz audio to 8000 Hz: " + e.getMessage(), e);
        }
    }
}
