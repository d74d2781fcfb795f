package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cxpulse.agent.dtmf.DtmfGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day's recording in constant memory: a generated 4-hour 8 kHz WAV (230 MB) decoded by the shaded jar with a 64 MB
 * heap, keys and their times checked, the file deleted after.
 */
class DtmfLongRecordingIT {

    private static final Path JAR = Path.of("target", "cx-agent.jar");
    private static final int RATE = 8000;
    private static final int HOURS = 4;
    /** One key every this many seconds, the first at {@link #FIRST_KEY_S}. */
    private static final int KEY_EVERY_S = 450;

    private static final double FIRST_KEY_S = 12.34;

    @TempDir
    Path dir;

    @Test
    void fourHourFileDecodesUnderA64MegabyteHeap() throws Exception {
        assertThat(JAR).as("shaded jar (run mvn package first)").exists();
        Path wav = dir.resolve("four-hours.wav");
        List<String> expected = writeLongRecording(wav);
        try {
            assertThat(Files.size(wav)).isEqualTo(44L + 2L * RATE * 3600 * HOURS);
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-jar",
                    JAR.toString(),
                    "dtmf",
                    "decode",
                    "--timestamps",
                    wav.toString());
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(err).isEmpty();
            assertThat(p.exitValue()).isZero();
            List<String> lines = out.lines().toList();
            assertThat(lines).hasSameSizeAs(expected);
            for (int i = 0; i < lines.size(); i++) {
                String[] got = lines.get(i).split(" ");
                String[] want = expected.get(i).split(" ");
                assertThat(got[1]).as("key %d", i).isEqualTo(want[1]);
                // start times are reported on the receiver's 6.4 ms analysis grid
                assertThat(Double.parseDouble(got[0]))
                        .as("key %d", i)
                        .isCloseTo(Double.parseDouble(want[0]), within(0.0065));
            }
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /**
     * Writes the file a block at a time: faint line noise (-60 dBm0) with one key every {@link #KEY_EVERY_S} seconds.
     * Returns the expected {@code --timestamps} lines.
     */
    private static List<String> writeLongRecording(Path wav) throws IOException {
        long samples = (long) RATE * 3600 * HOURS;
        List<String> expected = new ArrayList<>();
        Random rnd = new Random(7);
        double noise = DtmfGenerator.amplitude(-60) / Math.sqrt(2);
        int block = RATE * 10;
        short[] pcm = new short[block];
        ByteBuffer bytes = ByteBuffer.allocate(2 * block).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(wav)) {
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + 2 * samples));
            h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                    .putInt(16)
                    .putShort((short) 1)
                    .putShort((short) 1);
            h.putInt(RATE).putInt(2 * RATE).putShort((short) 2).putShort((short) 16);
            h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) (2 * samples));
            out.write(h.array());
            long keyAt = Math.round(FIRST_KEY_S * RATE);
            int keyIndex = 0;
            for (long at = 0; at < samples; at += block) {
                for (int i = 0; i < block; i++) {
                    pcm[i] = (short) Math.round(rnd.nextGaussian() * noise);
                }
                while (keyAt < at + block) {
                    char key = DtmfGenerator.KEYS.charAt(keyIndex % DtmfGenerator.KEYS.length());
                    DtmfGenerator g = new DtmfGenerator(RATE).withToneMs(70).withLevelDbm0(-15);
                    short[] tone = g.tone(key);
                    for (int i = 0; i < tone.length; i++) {
                        long s = keyAt + i;
                        if (s >= at && s < at + block) {
                            pcm[(int) (s - at)] += tone[i]; // -15 dBm0 tones over -60 dBm0 noise never overflow
                        }
                    }
                    if (keyAt + tone.length > at + block) {
                        break; // the rest of the tone goes into the next block
                    }
                    expected.add(String.format(Locale.ROOT, "%.3f %c", keyAt / (double) RATE, key));
                    keyIndex++;
                    keyAt = Math.round((FIRST_KEY_S + (long) keyIndex * KEY_EVERY_S) * RATE);
                }
                bytes.clear();
                bytes.asShortBuffer().put(pcm);
                out.write(bytes.array());
            }
        }
        return expected;
    }
}
