package io.cxpulse.agent.audio;

/**
 * Sample-rate conversion by band-limited interpolation: a Kaiser-windowed sinc low-pass, evaluated at the exact
 * fractional position of each output sample (tabulated finely and interpolated), for any pair of rates.
 */
public final class Resampler {

    private static final int PHASES = 512;
    /** Zero crossings of the sinc on each side, at the lower of the two rates. */
    private static final int ZERO_CROSSINGS = 48;

    private static final double KAISER_BETA = 9.0;
    /** Pass band edge as a fraction of the lower Nyquist frequency. */
    private static final double CUTOFF = 0.95;

    private static final float[] TABLE = table();

    private Resampler() {}

    /** Converts {@code in} at {@code fromRate} to {@code toRate}; output length is {@code round(len * to / from)}. */
    public static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return in.clone();
        }
        int outLength = (int) Math.round((double) in.length * toRate / fromRate);
        float[] out = new float[outLength];
        double step = (double) fromRate / toRate;
        // Downsampling stretches the filter over more input samples to lower its cut-off below the new Nyquist.
        double scale = Math.min(1.0, (double) toRate / fromRate) * CUTOFF;
        int reach = (int) Math.ceil(ZERO_CROSSINGS / scale);
        for (int i = 0; i < outLength; i++) {
            double t = i * step;
            int center = (int) Math.floor(t);
            double acc = 0;
            int lo = Math.max(0, center - reach + 1);
            int hi = Math.min(in.length - 1, center + reach);
            for (int k = lo; k <= hi; k++) {
                acc += in[k] * kernel((t - k) * scale);
            }
            out[i] = (float) (acc * scale);
        }
        return out;
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
