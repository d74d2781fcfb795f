package io.cxpulse.agent.audio;

import java.util.Arrays;

/**
 * Sample-rate conversion by band-limited interpolation: a Kaiser-windowed sinc low-pass evaluated at the exact
 * fractional position of each output sample, for any pair of rates. Streams: feed blocks with {@link #process}, end
 * with {@link #finish}; the state is a few hundred samples whatever the length of the signal.
 *
 * <p>When the two rates have a small ratio (8 kHz from 16, 44.1 or 48 kHz, and the like), the filter is tabulated once
 * per output phase (a polyphase filter), so each output sample costs one dot product.
 */
public final class Resampler {

    private static final int PHASES = 512;
    /** Zero crossings of the sinc on each side, at the lower of the two rates. */
    private static final int ZERO_CROSSINGS = 48;

    private static final double KAISER_BETA = 9.0;
    /** Pass band edge as a fraction of the lower Nyquist frequency. */
    private static final double CUTOFF = 0.95;
    /** Largest polyphase table, in coefficients, built instead of interpolating the kernel per tap. */
    private static final int MAX_TABLE = 1 << 22;

    private static final float[] TABLE = table();

    private final int up;
    private final int down;
    private final int reach;
    private final int taps;
    private final double scale;
    /** Coefficients per output phase ({@code taps} each), or null when computed per output sample. */
    private final float[] polyphase;

    /** Input samples from absolute index {@code x0}; indices below 0 are the silence before the signal. */
    private float[] x;

    private long x0;
    private int xn;
    /** Input index of the next output's centre, and its phase in units of 1/up input samples. */
    private long center;

    private int phase;
    private long inputCount;
    private long outputCount;
    private float[] out = new float[0];
    private int outN;

    /** A converter from {@code fromRate} to {@code toRate} (Hz). */
    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
        }
        int g = gcd(fromRate, toRate);
        up = toRate / g;
        down = fromRate / g;
        // Downsampling stretches the filter over more input samples to lower its cut-off below the new Nyquist.
        scale = Math.min(1.0, (double) toRate / fromRate) * CUTOFF;
        reach = (int) Math.ceil(ZERO_CROSSINGS / scale);
        taps = 2 * reach;
        if ((long) up * taps <= MAX_TABLE) {
            polyphase = new float[up * taps];
            for (int p = 0; p < up; p++) {
                double frac = (double) p / up;
                for (int i = 0; i < taps; i++) {
                    polyphase[p * taps + i] = (float) (kernel((frac + reach - 1 - i) * scale) * scale);
                }
            }
        } else {
            polyphase = null;
        }
        x = new float[taps + 4096];
        x0 = -(reach - 1);
        xn = reach - 1;
    }

    /**
     * Converts {@code in} at {@code fromRate} to {@code toRate}; output length is {@code round(len * to / from)}.
     */
    public static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate == toRate && fromRate > 0) {
            return in.clone();
        }
        Resampler r = new Resampler(fromRate, toRate);
        float[] first = r.process(in, in.length);
        int n = r.outputCount();
        float[] first2 = Arrays.copyOf(first, n);
        float[] rest = r.finish();
        float[] all = Arrays.copyOf(first2, n + rest.length);
        System.arraycopy(rest, 0, all, n, rest.length);
        return all;
    }

    /**
     * Feeds {@code n} input samples; returns a buffer whose first {@link #outputCount()} samples are the output they
     * completed (the buffer is reused by the next call).
     */
    public float[] process(float[] in, int n) {
        append(in, n);
        inputCount += n;
        produce(Long.MAX_VALUE);
        return out;
    }

    /** Samples made by the last {@link #process} call. */
    public int outputCount() {
        return outN;
    }

    /** Ends the signal (as if followed by silence) and returns the last output samples; the converter is then spent. */
    public float[] finish() {
        long total = Math.round((double) inputCount * up / down);
        float[] zeros = new float[reach + 1];
        append(zeros, zeros.length);
        produce(total - outputCount);
        return Arrays.copyOf(out, outN);
    }

    private void append(float[] in, int n) {
        if (xn + n > x.length) {
            x = Arrays.copyOf(x, Math.max(2 * x.length, xn + n));
        }
        System.arraycopy(in, 0, x, xn, n);
        xn += n;
    }

    private void produce(long limit) {
        long available = x0 + xn; // first input index not yet received
        long possible = 0;
        if (center + reach < available) {
            // outputs j with centre(j) + reach < available; centres advance by down/up per output
            possible = ((available - reach - center) * up - phase + down - 1) / down;
        }
        int count = (int) Math.min(limit, Math.max(0, possible));
        if (out.length < count) {
            out = new float[count + 16];
        }
        for (int j = 0; j < count; j++) {
            int base = (int) (center - reach + 1 - x0);
            out[j] = polyphase != null ? dot(base, phase * taps) : direct(base);
            phase += down;
            center += phase / up;
            phase %= up;
        }
        outN = count;
        outputCount += count;
        // Keep only the inputs the next output still needs.
        long keepFrom = center - reach + 1;
        int drop = (int) Math.max(0, Math.min(xn, keepFrom - x0));
        if (drop > 0) {
            System.arraycopy(x, drop, x, 0, xn - drop);
            xn -= drop;
            x0 += drop;
        }
    }

    private float dot(int base, int c) {
        final float[] s = x;
        final float[] k = polyphase;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < taps; i += 4) {
            a0 = Math.fma(s[base + i], k[c + i], a0);
            a1 = Math.fma(s[base + i + 1], k[c + i + 1], a1);
            a2 = Math.fma(s[base + i + 2], k[c + i + 2], a2);
            a3 = Math.fma(s[base + i + 3], k[c + i + 3], a3);
        }
        for (; i < taps; i++) {
            a0 = Math.fma(s[base + i], k[c + i], a0);
        }
        return (a0 + a1) + (a2 + a3);
    }

    private float direct(int base) {
        double frac = (double) phase / up;
        double acc = 0;
        for (int i = 0; i < taps; i++) {
            acc += x[base + i] * kernel((frac + reach - 1 - i) * scale);
        }
        return (float) (acc * scale);
    }

    /** The windowed sinc at {@code x} zero crossings from its centre. */
    private static double kernel(double x) {
        double pos = Math.abs(x) * PHASES;
        int idx = (int) pos;
        if (idx >= TABLE.length - 1) {
            return 0;
        }
        double frac = pos - idx;
        return TABLE[idx] + frac * (TABLE[idx + 1] - TABLE[idx]);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static float[] table() {
        int n = ZERO_CROSSINGS * PHASES + 2;
        float[] t = new float[n];
        double i0Beta = besselI0(KAISER_BETA);
        for (int i = 0; i < n; i++) {
            double x = (double) i / PHASES;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = x / ZERO_CROSSINGS;
            double w = r >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
            t[i] = (float) (sinc * w);
        }
        return t;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
