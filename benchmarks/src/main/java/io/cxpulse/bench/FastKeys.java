package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.codec.G711;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Callers keying ahead while a prompt still plays: short presses (40-60 ms tones, 45-60 ms gaps) at -22 to -10 dBm0
 * with twist from -6 to +3 dB, over speech at -24 to -16 dBm0 (its active level), then a µ-law or A-law round trip.
 * Builds the recordings from espeak-ng speech clips (English and Mandarin voices, e.g. the talk-off set
 * {@code agent/target/talkoff/speech-*.8k.wav}), deterministically, writes them as WAV files with the keys in their
 * names' companion list, and reports what this receiver decodes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.FastKeys OUT_DIR COUNT SPEECH.wav...
 * </pre>
 *
 * {@code OUT_DIR/keys.tsv} lists FILE, keys pressed and keys decoded; {@code benchmarks/spandsp/compare.sh} style
 * runs of spandsp can read the WAV files.
 */
public final class FastKeys {

    private static final int RATE = 8000;

    private FastKeys() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: FastKeys OUT_DIR COUNT SPEECH.wav...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        List<short[]> speech = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            speech.add(WavFiles.read8kMono(Path.of(args[i])));
        }
        Files.createDirectories(dir);
        Random rnd = new Random(42);
        StringBuilder tsv = new StringBuilder();
        int wrong = 0;
        int keys = 0;
        for (int r = 0; r < count; r++) {
            StringBuilder pressed = new StringBuilder();
            short[] pcm = recording(speech.get(r % speech.size()), rnd, r % 2 == 0, pressed);
            String name = String.format(Locale.ROOT, "fast-%04d.wav", r);
            WavFiles.write(dir.resolve(name), pcm, RATE);
            String got = DtmfReceiver.decodeDigits(pcm, RATE);
            keys += pressed.length();
            if (!got.contentEquals(pressed)) {
                wrong++;
            }
            tsv.append(name)
                    .append('\t')
                    .append(pressed)
                    .append('\t')
                    .append(got)
                    .append('\n');
        }
        Files.writeString(dir.resolve("keys.tsv"), tsv);
        System.out.printf(
                Locale.ROOT, "%d recordings, %d keys: %d recordings not decoded exactly%n", count, keys, wrong);
    }

    /** One recording: speech under the whole of it, 3 to 8 keys after a lead of 0.5 to 1.5 s. */
    static short[] recording(short[] clip, Random rnd, boolean ulaw, StringBuilder pressed) {
        int keyCount = 3 + rnd.nextInt(6);
        for (int k = 0; k < keyCount; k++) {
            pressed.append(DtmfGenerator.KEYS.charAt(rnd.nextInt(16)));
        }
        int lead = RATE / 2 + rnd.nextInt(RATE);
        int[] tone = new int[keyCount];
        int[] gap = new int[keyCount];
        int length = lead + RATE / 2;
        for (int k = 0; k < keyCount; k++) {
            tone[k] = ms(40 + 20 * rnd.nextDouble());
            gap[k] = ms(45 + 15 * rnd.nextDouble());
            length += tone[k] + gap[k];
        }
        double speechDbm0 = -24 + 8 * rnd.nextDouble();
        short[] pcm = speechAt(clip, rnd.nextInt(Math.max(1, clip.length - length)), length, speechDbm0);
        int at = lead;
        for (int k = 0; k < keyCount; k++) {
            new DtmfGenerator(RATE)
                    .withLevelDbm0(-22 + 12 * rnd.nextDouble())
                    .withTwistDb(-6 + 9 * rnd.nextDouble())
                    .withPhases(2 * Math.PI * rnd.nextDouble(), 2 * Math.PI * rnd.nextDouble())
                    .writeTone(pressed.charAt(k), pcm, at, tone[k]);
            at += tone[k] + gap[k];
        }
        return ulaw ? G711.decodeUlaw(G711.encodeUlaw(pcm)) : G711.decodeAlaw(G711.encodeAlaw(pcm));
    }

    /** {@code length} samples of the clip from {@code from}, scaled so that its active speech is at the level. */
    private static short[] speechAt(short[] clip, int from, int length, double dbm0) {
        short[] out = new short[length];
        double sum = 0;
        long active = 0;
        int n = Math.min(length, clip.length - from);
        for (int i = 0; i < n; i++) {
            double v = clip[from + i];
            if (Math.abs(v) > 100) {
                sum += v * v;
                active++;
            }
        }
        if (active == 0) {
            return out;
        }
        double gain = DtmfGenerator.amplitude(dbm0) / Math.sqrt(2) / Math.sqrt(sum / active);
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(clip[from + i] * gain)));
        }
        return out;
    }

    private static int ms(double ms) {
        return (int) Math.round(ms * RATE / 1000);
    }
}
