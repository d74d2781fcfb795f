package io.cxpulse.agent.dtmf;

import io.cxpulse.agent.codec.G711;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Callers keying ahead while a prompt still plays: 3 to 8 short presses (40-60 ms tones, 45-60 ms gaps) at -22 to -10
 * dBm0 with twist from -6 to +3 dB, over speech at an active level of -24 to -16 dBm0, then a µ-law or A-law round
 * trip (alternately). Built deterministically from a seed and speech clips: the corpus that measures how the receiver
 * copes with keys pressed under speech, shared by its test and its benchmark.
 */
public final class FastKeysCorpus {

    public static final int RATE = 8000;

    /** One recording: its audio, the keys pressed, and each press's first and last sample (exclusive). */
    public record Recording(
            int index, short[] pcm, String keys, int[] starts, int[] ends, double speechDbm0, boolean ulaw) {}

    private FastKeysCorpus() {}

    /** {@code count} recordings; recording {@code r} lies over clip {@code r % clips.size()}. */
    public static List<Recording> build(List<short[]> clips, int count, long seed) {
        return build(clips, count, seed, 40, 60);
    }

    /**
     * The same recordings with tones of {@code minToneMs} to {@code maxToneMs}: longer presses under speech, where the
     * tests may fail for a stretch of one press (with 40 to 60 ms, exactly the recordings of {@link #build(List, int,
     * long)}).
     */
    public static List<Recording> build(List<short[]> clips, int count, long seed, double minToneMs, double maxToneMs) {
        Random rnd = new Random(seed);
        List<Recording> out = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            out.add(recording(r, clips.get(r % clips.size()), rnd, r % 2 == 0, minToneMs, maxToneMs));
        }
        return out;
    }

    private static Recording recording(
            int index, short[] clip, Random rnd, boolean ulaw, double minToneMs, double maxToneMs) {
        int keyCount = 3 + rnd.nextInt(6);
        StringBuilder keys = new StringBuilder();
        for (int k = 0; k < keyCount; k++) {
            keys.append(DtmfGenerator.KEYS.charAt(rnd.nextInt(16)));
        }
        int lead = RATE / 2 + rnd.nextInt(RATE);
        int[] tone = new int[keyCount];
        int[] gap = new int[keyCount];
        int length = lead + RATE / 2;
        for (int k = 0; k < keyCount; k++) {
            tone[k] = ms(minToneMs + (maxToneMs - minToneMs) * rnd.nextDouble());
            gap[k] = ms(45 + 15 * rnd.nextDouble());
            length += tone[k] + gap[k];
        }
        double speechDbm0 = -24 + 8 * rnd.nextDouble();
        short[] pcm = speechAt(clip, rnd.nextInt(Math.max(1, clip.length - length)), length, speechDbm0);
        int[] starts = new int[keyCount];
        int[] ends = new int[keyCount];
        int at = lead;
        for (int k = 0; k < keyCount; k++) {
            new DtmfGenerator(RATE)
                    .withLevelDbm0(-22 + 12 * rnd.nextDouble())
                    .withTwistDb(-6 + 9 * rnd.nextDouble())
                    .withPhases(2 * Math.PI * rnd.nextDouble(), 2 * Math.PI * rnd.nextDouble())
                    .writeTone(keys.charAt(k), pcm, at, tone[k]);
            starts[k] = at;
            ends[k] = at + tone[k];
            at += tone[k] + gap[k];
        }
        short[] line = ulaw ? G711.decodeUlaw(G711.encodeUlaw(pcm)) : G711.decodeAlaw(G711.encodeAlaw(pcm));
        return new Recording(index, line, keys.toString(), starts, ends, speechDbm0, ulaw);
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
            out[i] = DtmfGenerator.clip(clip[from + i] * gain);
        }
        return out;
    }

    private static int ms(double ms) {
        return (int) Math.round(ms * RATE / 1000);
    }
}
