package io.cxpulse.testsupport;

import io.cxpulse.agent.audio.Pcm;
import java.util.Random;

/** Builds 8 kHz test audio in memory: silence, line noise, call-progress tones, and joins. */
public final class TestAudio {
    public static final int RATE = 8000;

    private TestAudio() {}

    public static short[] silence(double seconds) {
        return new short[samples(seconds)];
    }

    /** White noise at about {@code rms} (line hiss: a caller who is there but silent). */
    public static short[] noise(double seconds, double rms, long seed) {
        Random r = new Random(seed);
        short[] out = new short[samples(seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(r.nextGaussian() * rms);
        }
        return out;
    }

    /** A tone of the given frequencies (each at {@code amplitude}), on and off with the given cadence. */
    public static short[] cadencedTone(double seconds, int onMillis, int offMillis, double amplitude, double... hz) {
        return Pcm.cadencedTone(RATE, seconds, onMillis, offMillis, amplitude, hz);
    }

    /** Busy tone as in China and Europe: 450 Hz, 350 ms on, 350 ms off. */
    public static short[] busy450(double seconds) {
        return cadencedTone(seconds, 350, 350, 6000, 450);
    }

    /** North American busy: 480 + 620 Hz, 500 ms on, 500 ms off. */
    public static short[] busyNorthAmerica(double seconds) {
        return cadencedTone(seconds, 500, 500, 4000, 480, 620);
    }

    /** North American reorder (fast busy): 480 + 620 Hz, 250 ms on, 250 ms off. */
    public static short[] reorderNorthAmerica(double seconds) {
        return cadencedTone(seconds, 250, 250, 4000, 480, 620);
    }

    /** The parts one after the other. */
    public static short[] concat(short[]... parts) {
        return Pcm.concat(parts);
    }

    /** {@code a} with {@code b} added sample by sample (clipped); the result has the longer length. */
    public static short[] mix(short[] a, short[] b) {
        short[] out = new short[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            int v = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    public static int samples(double seconds) {
        return (int) Math.round(seconds * RATE);
    }
}
