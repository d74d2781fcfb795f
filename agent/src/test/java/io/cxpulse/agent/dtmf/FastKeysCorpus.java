package io.cxpulse.agent.dtmf;

import io.cxpulse.agent.codec.G711;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Callers keying ahead while a prompt still plays: short presses (40-60 ms tones, 45-60 ms gaps) at -22 to -10 dBm0
 * with twist from -6 to +3 dB, over speech at -24 to -16 dBm0, then a µ-law or A-law round trip. Built from the speech
 * clips of the talk-off set (espeak-ng, English and Mandarin voices), deterministically from a seed.
 */
final class FastKeysCorpus {

    /** One recording and the keys pressed in it. */
    record Recording(String name, short[] pcm, String keys) {}

    private static final int RATE = 8000;

    private FastKeysCorpus() {}

    /** {@code count} recordings; each law is used for every other one. */
    static List<Recording> build(List<TalkOffCorpus.Clip> speech, int count, long seed) {
        Random rnd = new Random(seed);
        List<Recording> out = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            TalkOffCorpus.Clip clip = speech.get(r % speech.size());
            int keyCount = 3 + rnd.nextInt(6);
            StringBuilder keys = new StringBuilder();
            for (int k = 0; k < keyCount; k++) {
                keys.append(DtmfGenerator.KEYS.charAt(rnd.nextInt(16)));
            }
            int lead = RATE / 2 + rnd.nextInt(RATE);
            int[] tone = new int[keyCount];
            int[] gap = new int[keyCount];
            int length = lead;
            for (int k = 0; k < keyCount; k++) {
                tone[k] = ms(40 + 20 * rnd.nextDouble());
                gap[k] = ms(45 + 15 * rnd.nextDouble());
                length += tone[k] + gap[k];
            }
            length += RATE / 2;
            // speech under the whole recording, at its own level
            double speechDbm0 = -24 + 8 * rnd.nextDouble();
            int from = rnd.nextInt(Math.max(1, clip.pcm().length - length));
            short[] pcm = speechAt(clip.pcm(), from, length, speechDbm0);
            int at = lead;
            for (int k = 0; k < keyCount; k++) {
                new DtmfGenerator(RATE)
                        .withLevelDbm0(-22 + 12 * rnd.nextDouble())
                        .withTwistDb(-6 + 9 * rnd.nextDouble())
                        .withPhases(2 * Math.PI * rnd.nextDouble(), 2 * Math.PI * rnd.nextDouble())
                        .writeTone(keys.charAt(k), pcm, at, tone[k]);
                at += tone[k] + gap[k];
            }
            boolean ulaw = r % 2 == 0;
            pcm = ulaw ? G711.decodeUlaw(G711.encodeUlaw(pcm)) : G711.decodeAlaw(G711.encodeAlaw(pcm));
            out.add(new Recording(
                    String.format(
                            "%s@%.2fs %s %.1f dBm0 #%d",
                            clip.name(), from / 8000.0, ulaw ? "ulaw" : "alaw", speechDbm0, r),
                    pcm,
                    keys.toString()));
        }
        return out;
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
        double rms = Math.sqrt(sum / active);
        double target = DtmfGenerator.amplitude(dbm0) / Math.sqrt(2);
        double gain = target / rms;
        for (int i = 0; i < n; i++) {
            out[i] = DtmfGenerator.clip(clip[from + i] * gain);
        }
        return out;
    }

    private static int ms(double ms) {
        return (int) Math.round(ms * RATE / 1000);
    }
}
