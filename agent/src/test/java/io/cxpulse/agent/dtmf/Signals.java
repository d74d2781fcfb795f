package io.cxpulse.agent.dtmf;

import io.cxpulse.agent.audio.Pcm;
import java.util.Random;

/** Builds test signals: silence padding, concatenation, white noise, a held vowel and G.711 round trips. */
final class Signals {

    static final int RATE = 8000;

    private Signals() {}

    static short[] silence(int samples) {
        return new short[samples];
    }

    static short[] concat(short[]... parts) {
        return Pcm.concat(parts);
    }

    /** The signal with {@code lead} samples of silence before and 100 ms after. */
    static short[] padded(short[] pcm, int lead) {
        return concat(silence(lead), pcm, silence(800));
    }

    /**
     * A voiced vowel held steady: harmonics 1 to {@code count} of {@code f0} (below the Nyquist frequency), each at
     * {@code 1/k} of the first, the whole at {@code dbm0}.
     */
    static double[] voice(double f0, int count, double dbm0, int samples, int rate) {
        double[] v = new double[samples];
        double power = 0;
        for (int k = 1; k <= count && k * f0 < rate / 2.0; k++) {
            double a = 1.0 / k;
            double phase = 0.37 * k * k;
            power += a * a / 2;
            for (int n = 0; n < samples; n++) {
                v[n] += a * Math.sin(2 * Math.PI * k * f0 * n / rate + phase);
            }
        }
        double scale = DtmfGenerator.amplitude(dbm0) / Math.sqrt(2) / Math.sqrt(power);
        for (int n = 0; n < samples; n++) {
            v[n] *= scale;
        }
        return v;
    }

    /** {@code pcm} added to {@code x} from sample {@code at}, as 16-bit PCM. */
    static short[] mix(double[] x, short[] pcm, int at) {
        short[] out = new short[x.length];
        for (int n = 0; n < x.length; n++) {
            int t = n - at;
            out[n] = DtmfGenerator.clip(x[n] + (t >= 0 && t < pcm.length ? pcm[t] : 0));
        }
        return out;
    }

    static double power(short[] pcm) {
        double s = 0;
        for (short v : pcm) {
            s += (double) v * v;
        }
        return s / Math.max(1, pcm.length);
    }

    /** Adds white Gaussian noise so that the signal-to-noise ratio over the signal's own samples is {@code snrDb}. */
    static short[] withNoise(short[] pcm, double snrDb, long seed) {
        double sigma = Math.sqrt(power(pcm) / Math.pow(10, snrDb / 10));
        return addNoise(pcm, sigma, seed);
    }

    static short[] addNoise(short[] pcm, double sigma, long seed) {
        Random r = new Random(seed);
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = DtmfGenerator.clip(pcm[i] + sigma * r.nextGaussian());
        }
        return out;
    }

    static String digits(short[] pcm) {
        return DtmfReceiver.decodeDigits(pcm, RATE);
    }
}
