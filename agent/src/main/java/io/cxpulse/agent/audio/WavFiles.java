package io.cxpulse.agent.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Reads audio files as 8 kHz 16-bit mono PCM (whatever their rate, sample size, encoding or channel count) and writes
 * 16-bit mono WAV files.
 */
public final class WavFiles {

    /** The rate the telephone line and the DTMF receiver work at. */
    public static final int LINE_RATE = 8000;

    private static final int MAX_SAMPLES = 1 << 28;

    private WavFiles() {}

    /**
     * Reads an audio file (WAV, AU or AIFF; PCM of 8 to 32 bits, float, µ-law or A-law; any channel count and rate) as
     * 8 kHz 16-bit mono: channels are averaged, the rate converted with a windowed-sinc low-pass.
     *
     * @throws IOException with the file name when it cannot be read or is not a supported audio file
     */
    public static short[] read8kMono(Path file) throws IOException {
        return readMono(file, LINE_RATE);
    }

    /** Like {@link #read8kMono} for any target rate. */
    public static short[] readMono(Path file, int targetRate) throws IOException {
        if (targetRate < 1000 || targetRate > 384_000) {
            throw new IllegalArgumentException("target rate must be 1000..384000 Hz, got " + targetRate);
        }
        try (AudioReader reader = AudioReader.open(file, AudioReader.Channel.MIX, targetRate)) {
            short[] pcm = new short[1 << 14];
            int n = 0;
            while (true) {
                if (n == pcm.length) {
                    if (pcm.length >= MAX_SAMPLES) {
                        throw new IOException(file + ": too long to hold in memory (over " + MAX_SAMPLES + " samples)");
                    }
                    pcm = Arrays.copyOf(pcm, (int) Math.min(MAX_SAMPLES, 2L * pcm.length));
                }
                int got = reader.read(pcm, n, pcm.length - n);
                if (got < 0) {
                    break;
                }
                n += got;
            }
            return Arrays.copyOf(pcm, n);
        }
    }

    /** Writes 16-bit little-endian mono PCM as a WAV file. */
    public static void write(Path file, short[] pcm, int sampleRate) throws IOException {
        if (sampleRate < 1000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("sample rate must be 1000..384000 Hz, got " + sampleRate);
        }
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(bytes), format, pcm.length)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
