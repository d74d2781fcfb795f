package io.cxpulse.agent.dtmf;

import java.util.Random;

/**
 * Synthesizes music for talk-off testing: random melodies over chords and a bass line in equal temperament (A4 = 440
 * Hz), played by organ, string, piano and flute timbres with envelopes and vibrato.
 */
final class MusicSynth {

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};

    private MusicSynth() {}

    static short[] render(long seed, double seconds, int rate) {
        Random r = new Random(seed);
        int n = (int) (seconds * rate);
        double[] mix = new double[n];
        int[] scale = r.nextBoolean() ? MAJOR : MINOR;
        int root = 48 + r.nextInt(12);
        double beat = 60.0 / (80 + r.nextInt(80));
        int melodyVoice = r.nextInt(4);
        int chordVoice = r.nextInt(4);
        double t = 0;
        int degree = 0;
        while (t < seconds) {
            // Chord of the bar (four beats): a triad on a random scale degree, plus its root in the bass.
            int chordDegree = r.nextInt(7);
            for (int k = 0; k < 3; k++) {
                int note = root + 12 + pitch(scale, chordDegree + 2 * k);
                play(mix, rate, t, 4 * beat, note, chordVoice, 0.18, r);
            }
            play(mix, rate, t, 4 * beat, root - 12 + pitch(scale, chordDegree), 0, 0.3, r);
            // Melody: a random walk over the scale, two octaves above the root.
            double m = 0;
            while (m < 4 * beat - 1e-9) {
                double len = beat * (new double[] {0.25, 0.5, 0.5, 1, 1, 1.5, 2})[r.nextInt(7)];
                len = Math.min(len, 4 * beat - m);
                degree = Math.max(-3, Math.min(14, degree + r.nextInt(5) - 2));
                if (r.nextInt(8) != 0) {
                    play(mix, rate, t + m, len, root + 24 + pitch(scale, degree), melodyVoice, 0.35, r);
                }
                m += len;
            }
            t += 4 * beat;
            if (r.nextInt(6) == 0) {
                melodyVoice = r.nextInt(4);
            }
        }
        double peak = 1e-9;
        for (double v : mix) {
            peak = Math.max(peak, Math.abs(v));
        }
        short[] out = new short[n];
        double gain = 0.7 * 32767 / peak;
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(mix[i] * gain);
        }
        return out;
    }

    private static int pitch(int[] scale, int degree) {
        int octave = Math.floorDiv(degree, 7);
        return 12 * octave + scale[Math.floorMod(degree, 7)];
    }

    /** Adds one note; voices: 0 organ, 1 strings, 2 piano, 3 flute. */
    private static void play(
            double[] mix, int rate, double start, double length, int midi, int voice, double amp, Random r) {
        double f0 = 440 * Math.pow(2, (midi - 69) / 12.0);
        int from = (int) (start * rate);
        int count = (int) (length * rate * (voice == 2 ? 1.5 : 1.0));
        double vibRate = 4.5 + r.nextDouble() * 2;
        double vibDepth = voice == 1 || voice == 3 ? 0.004 + r.nextDouble() * 0.004 : 0;
        double[] phase = new double[12];
        for (int k = 0; k < phase.length; k++) {
            phase[k] = r.nextDouble() * 2 * Math.PI;
        }
        double breath = 0;
        for (int i = 0; i < count && from + i < mix.length; i++) {
            double time = (double) i / rate;
            double env = envelope(voice, time, length);
            if (env <= 0) {
                continue;
            }
            double vib = 1 + vibDepth * Math.sin(2 * Math.PI * vibRate * time);
            double s = 0;
            for (int k = 1; k <= 12; k++) {
                double fk = f0 * k * (voice == 2 ? Math.sqrt(1 + 0.0004 * k * k) : 1) * vib;
                if (fk > 0.45 * rate) {
                    break;
                }
                double a = switch (voice) {
                    case 0 -> (k % 2 == 1 ? 1.0 : 0.5) / k;
                    case 1 -> 1.0 / k;
                    case 2 -> Math.exp(-time * (1 + 0.6 * k)) / k;
                    default -> k == 1 ? 1 : k == 2 ? 0.25 : k == 3 ? 0.1 : 0.0;
                };
                s += a * Math.sin(2 * Math.PI * fk * time + phase[k - 1]);
            }
            if (voice == 3) {
                breath = 0.97 * breath + 0.03 * r.nextGaussian();
                s += 0.3 * breath;
            }
            mix[from + i] += amp * env * s;
        }
    }

    private static double envelope(int voice, double t, double length) {
        double attack = switch (voice) {
            case 0 -> 0.01;
            case 1 -> 0.08;
            case 2 -> 0.003;
            default -> 0.05;
        };
        double release = voice == 2 ? 0.3 : 0.06;
        double total = voice == 2 ? length * 1.5 : length;
        double a = Math.min(1, t / attack);
        double rel = Math.min(1, Math.max(0, (total - t) / release));
        return a * rel;
    }
}
