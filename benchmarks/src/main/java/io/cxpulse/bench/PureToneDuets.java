package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Worst-case music for talk-off comparisons: two flute-like voices playing random equal-tempered notes from D5 to
 * B6, the range of the DTMF tones, as nearly pure tones (optionally with a weak second harmonic and vibrato). Any two
 * notes within tolerance of a key's frequencies are, physically, that key; the files show how much of such music a
 * receiver takes for keys.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.PureToneDuets DIR} writes eight 2-minute files.
 */
public final class PureToneDuets {

    private static final int RATE = 8000;

    private PureToneDuets() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/duets");
        Files.createDirectories(dir);
        double[][] styles = {{0, 0}, {0.1, 0}, {0.25, 0.005}, {0.05, 0.003}};
        for (double[] style : styles) {
            for (int seed = 1; seed <= 2; seed++) {
                String name = String.format("duet-h%s-v%s-s%d.wav", style[0], style[1], seed);
                WavFiles.write(dir.resolve(name), render(seed, 120, style[0], style[1]), RATE);
            }
        }
    }

    static short[] render(long seed, double seconds, double secondHarmonic, double vibratoDepth) {
        Random r = new Random(seed);
        int n = (int) (seconds * RATE);
        double[] mix = new double[n];
        for (int voice = 0; voice < 2; voice++) {
            int at = 0;
            while (at < n) {
                int len = (int) (RATE * (0.08 + r.nextDouble() * 0.4));
                int midi = voice == 0 ? 74 + r.nextInt(12) : 84 + r.nextInt(12);
                double f = 440 * Math.pow(2, (midi - 69) / 12.0);
                double ph = r.nextDouble() * 2 * Math.PI;
                double ph2 = r.nextDouble() * 2 * Math.PI;
                double vibRate = 4 + r.nextDouble() * 3;
                for (int i = 0; i < len && at + i < n; i++) {
                    double t = (double) i / RATE;
                    double env = Math.min(1, Math.min(t / 0.02, (len - i) / (0.02 * RATE)));
                    double phase = 2 * Math.PI * f * t;
                    double pm =
                            vibratoDepth > 0 ? (f * vibratoDepth / vibRate) * Math.sin(2 * Math.PI * vibRate * t) : 0;
                    mix[at + i] +=
                            env * (Math.sin(phase + ph + pm) + secondHarmonic * Math.sin(2 * phase + ph2 + 2 * pm));
                }
                at += len + (r.nextInt(3) == 0 ? RATE / 20 : 0);
            }
        }
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(mix[i] * 8000)));
        }
        return out;
    }
}
