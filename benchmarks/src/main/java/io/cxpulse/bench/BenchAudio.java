package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The DTMF benchmark's audio, shared with the spandsp comparison harness: 60 s at 8 kHz, 16-bit mono. The first 20 s
 * are key sequences at various levels and twists; the last 40 s hold no keys (white noise, then chords with
 * harmonics), so that a run over them shows the receiver's steady state alone.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.BenchAudio FILE.wav} writes it.
 */
public final class BenchAudio {

    /** Where the benchmark and the harness look for the audio unless told otherwise. */
    public static final Path DEFAULT = Path.of("target", "dtmf-bench.wav");

    static final int RATE = 8000;
    static final int SECONDS = 60;
    /** First sample of the part without keys. */
    static final int NO_KEYS_FROM = 20 * RATE;

    private BenchAudio() {}

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : DEFAULT;
        WavFiles.write(out, render(), RATE);
        System.out.println(out);
    }

    /** The audio at {@code file}, written first if it does not exist yet. */
    static short[] load(Path file) throws IOException {
        if (!Files.exists(file)) {
            WavFiles.write(file, render(), RATE);
        }
        return WavFiles.read8kMono(file);
    }

    static short[] render() {
        short[] pcm = new short[SECONDS * RATE];
        Random r = new Random(20_24);
        DtmfGenerator g = new DtmfGenerator(RATE).withToneMs(60).withGapMs(60);
        int at = 0;
        double[] levels = {-5, -10, -15, -20, -25};
        double[] twists = {0, 4, -2, 6, 0};
        for (int i = 0; at + 20 * 960 < NO_KEYS_FROM; i++) {
            short[] keys = g.withLevelDbm0(levels[i % levels.length])
                    .withTwistDb(twists[i % twists.length])
                    .digits("0123456789*#ABCD");
            System.arraycopy(keys, 0, pcm, at, keys.length);
            at += keys.length + 2 * 960;
        }
        double sigma = DtmfGenerator.amplitude(-20) / Math.sqrt(2);
        for (int n = NO_KEYS_FROM; n < 40 * RATE; n++) {
            pcm[n] = (short) Math.round(sigma * r.nextGaussian());
        }
        // Chords of three notes with six harmonics each, changing every 250 ms.
        double[] freq = new double[3];
        for (int n = 40 * RATE; n < SECONDS * RATE; n++) {
            if ((n - 40 * RATE) % (RATE / 4) == 0) {
                for (int k = 0; k < 3; k++) {
                    freq[k] = 220 * Math.pow(2, r.nextInt(24) / 12.0);
                }
            }
            double v = 0;
            for (int k = 0; k < 3; k++) {
                for (int h = 1; h <= 6; h++) {
                    v += Math.sin(2 * Math.PI * freq[k] * h * n / RATE) / h;
                }
            }
            pcm[n] = (short) Math.round(2500 * v);
        }
        return pcm;
    }
}
