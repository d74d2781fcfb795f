package io.cxpulse.agent.dtmf;

import io.cxpulse.agent.audio.Pcm;
import java.util.Random;

/** Builds test signals: silence padding, concatenation, white noise and G.711 round trips. */
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
