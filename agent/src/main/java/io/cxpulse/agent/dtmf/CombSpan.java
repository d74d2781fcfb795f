package io.cxpulse.agent.dtmf;

/**
 * The span test once more, on the audio with the voice under it cancelled by its own period: a key pressed while a
 * voice plays, whose low tone the voice's harmonics corrupt too much for the span test on the audio itself.
 *
 * <p>A voice repeats itself from one pitch period to the next, and a key's tones do not (unless one lies on the voice's
 * harmonic comb). So the pitch period {@code P} is found over the last {@link #SPAN} half-blocks (normalized
 * autocorrelation with the audio before them, refined between lags), then sought again within {@link #REFINE_LAGS} of
 * it on the audio less the span's two strongest tones (which pull the peak off the voice's period). The comb filter
 * {@code d(t) = x(t) - g x(t - P)} (the delay interpolated, {@code g} fitted by least squares) takes the voice out and
 * leaves each tone, turned and scaled by the filter's gain at its frequency, which is known. Over {@code d} the two
 * tones must pass what the span test asks, with the filter's gain taken out of their levels:
 *
 * <ul>
 *   <li>each the strongest of its group with the others 8 dB below, explaining 45 % of {@code d}'s energy;
 *   <li>level and twist as for the pairs; each tone's amplitude within 3 dB and its frequency within 0.6 % from the
 *       span's first two half-blocks to its last two; every half-block carries both tones in phase with the fit;
 *   <li>the filter's gain at each tone at least 0.2 (a tone on the comb is taken out with the voice, and then its
 *       measure would be noise scaled up), and the same tones found, within 6 dB, by the filter at twice the period:
 *       when the autocorrelation picked half of the voice's true period, that filter takes out the voice's odd
 *       harmonics, which the filter at {@code P} doubles;
 *   <li>both tones pure: their second and third harmonics {@link #HARMONIC_DB} below them in the audio, or {@link
 *       #FILTERED_HARMONIC_DB} below them in {@code d}. Held musical notes near a key's frequencies survive the filter as a key's tones do, but carry their
 *       timbre's harmonics in both; a voice's own harmonics there are cancelled in {@code d}.
 * </ul>
 *
 * <p>Not thread-safe: one per receiver, all arrays allocated once.
 */
final class CombSpan {

    /** Half-blocks judged (25.5 ms at 8 kHz): the tone must also sound one pitch period before them. */
    static final int SPAN = 4;
    /** Half-blocks of audio the filters read: the span, and before it twice the longest pitch period (12.5 ms). */
    static final int HISTORY = 8;
    /** Normalized autocorrelation from which the audio is taken as voiced. */
    static final double MIN_CORRELATION = 0.5;
    /** Smallest gain of the comb filters at a tone's frequency: below it the tone's level is filtered noise scaled up. */
    static final double MIN_GAIN = 0.2;
    /**
     * Lags either side of the period found on the audio within which it is sought again without the tones, at 8 kHz
     * (0.25 ms; as many milliseconds at other rates).
     */
    static final int REFINE_LAGS = 2;
    /**
     * How far below each tone its second and third harmonics must stay in the audio: a key's tones are pure, a note's
     * are not.
     */
    static final double HARMONIC_DB = 16;
    /**
     * The same in the filtered span, where a voice's harmonics are cancelled and so cannot make a key impure. Stricter
     * than in the audio: over the talk-off set and its harder variant no comb span passes with 15 and 16 dB, or 15 and 17
     * dB; with 14 and 16 dB three do.
     */
    static final double FILTERED_HARMONIC_DB = 18;
    /** How far below the tones found with the filter at {@code P} those found at {@code 2P} may be. */
    static final double DOUBLE_PERIOD_DB = 6;
    /** Frequency error above which a tone's phase advance from the span's first two half-blocks to its last two fails. */
    static final double MAX_FREQ_ERROR = 0.006;

    private static final double[] FREQS = DtmfReceiver.FREQS;

    private final boolean checkDoublePeriod;
    private final int rate;
    private final int half;
    /** The span's first sample in the history. */
    private final int spanStart;

    private final int minLag;
    private final int maxLag;
    private final int refineLags;
    private final float minTonePower;
    private final float maxNormalTwist;
    private final float maxReverseTwist;
    private final float groupMargin;
    private final float maxStep;
    private final float halfScale;
    private final float doubleBound;
    private final float[] gramSpan = new float[16 * 16];
    /** The receiver's inverse Gram matrices over two half-blocks. */
    private final float[] gramPair;
    /** Rotation e^{-jwjM} of half-block j onto the span's first sample, 8 per j. */
    private final float[] rotCos = new float[SPAN * 8];

    private final float[] rotSin = new float[SPAN * 8];
    private final float[] minPhaseCos = new float[8];
    private final float[] omega = new float[8];

    /** The audio of the last {@link #HISTORY} half-blocks, oldest first; the span is its end. */
    private final float[] audio;
    /** The audio less the span's two strongest tones, fitted over the span and carried over the whole history. */
    private final float[] voice;
    /**
     * cos and sin of w (t - span's first sample) for each bin and each sample of the history: from the span's first
     * sample on, those of a half-block's DFT too.
     */
    private final float[] historyCos;

    private final float[] historySin;
    /** The Hann window over the span, and the Goertzel coefficient of each bin's first three harmonics. */
    private final float[] window;

    private final float[] harmonicCoef = new float[8 * 3];
    private final float harmonicBound;
    private final float filteredHarmonicBound;
    private final boolean checkHarmonics;
    /** The span's audio delayed by the period. */
    private final float[] delayed;

    /** The span filtered: the audio less the delayed audio scaled by the fitted gain. */
    private final float[] filtered;
    /** DFT of each half-block of the filtered span, 8 bins per half-block. */
    private final float[] halfRe = new float[SPAN * 8];

    private final float[] halfIm = new float[SPAN * 8];
    private final float[] spanRe = new float[8];
    private final float[] spanIm = new float[8];
    /** The span's power in each bin. */
    private final float[] power = new float[8];

    private final float[] headRe = new float[8];
    private final float[] headIm = new float[8];
    private final float[] tailRe = new float[8];
    private final float[] tailIm = new float[8];
    private final float[] fitSpan = new float[4];
    private final float[] fitHead = new float[4];
    private final float[] fitTail = new float[4];
    private final float[] fitDouble = new float[4];
    /** Running sums of the audio's squares along each parity: {@code squares[i] = x[i]^2 + squares[i - 2]}. */
    private final double[] squares;
    /** Normalized autocorrelation by lag. */
    private final float[] correlation;

    /** Whether the last valid span's tones explain {@link DtmfReceiver#SPAN_STRONG_PURITY} of the filtered energy. */
    private boolean strong;

    /**
     * A comb span for the receiver's half-blocks of {@code half} samples at {@code sampleRate}, which shares with it its
     * inverse Gram matrices over two half-blocks ({@link DtmfReceiver#invertGrams}) and its bounds of level and twist.
     */
    CombSpan(
            int sampleRate,
            int half,
            float[] gramPair,
            float minTonePower,
            float maxNormalTwist,
            float maxReverseTwist) {
        this(sampleRate, half, gramPair, minTonePower, maxNormalTwist, maxReverseTwist, true, true);
    }

    /**
     * With {@code doublePeriod} or {@code harmonics} false, the check at twice the period or that of the tones'
     * harmonics is left out (for the tests that show their use).
     */
    CombSpan(
            int sampleRate,
            int half,
            float[] gramPair,
            float minTonePower,
            float maxNormalTwist,
            float maxReverseTwist,
            boolean doublePeriod,
            boolean harmonics) {
        this.checkDoublePeriod = doublePeriod;
        this.checkHarmonics = harmonics;
        this.rate = sampleRate;
        this.half = half;
        this.gramPair = gramPair;
        this.minTonePower = minTonePower;
        this.maxNormalTwist = maxNormalTwist;
        this.maxReverseTwist = maxReverseTwist;
        int span = SPAN * half;
        this.minLag = (int) Math.round(sampleRate / 400.0);
        this.refineLags = (int) Math.max(1, Math.round(REFINE_LAGS * sampleRate / 8000.0));
        // The filter at twice the period reads 2P + 2 samples before the span's first one.
        this.maxLag = Math.min((int) Math.round(sampleRate / 80.0), ((HISTORY - SPAN) * half - 3) / 2);
        this.groupMargin = (float) Math.pow(10, -DtmfReceiver.SPAN_GROUP_MARGIN_DB / 10);
        this.maxStep = (float) Math.pow(10, DtmfReceiver.SPAN_MAX_STEP_DB / 10);
        this.halfScale = (float) (DtmfReceiver.SPAN_MIN_HALF_AMPLITUDE * half / 2);
        this.doubleBound = (float) Math.pow(10, -DOUBLE_PERIOD_DB / 10);
        this.audio = new float[HISTORY * half];
        this.voice = new float[HISTORY * half];
        this.historyCos = new float[8 * HISTORY * half];
        this.historySin = new float[8 * HISTORY * half];
        this.window = new float[span];
        this.harmonicBound = (float) Math.pow(10, -HARMONIC_DB / 10);
        this.filteredHarmonicBound = (float) Math.pow(10, -FILTERED_HARMONIC_DB / 10);
        for (int n = 0; n < span; n++) {
            window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (n + 0.5) / span));
        }
        this.spanStart = (HISTORY - SPAN) * half;
        for (int k = 0; k < 8; k++) {
            double w = 2 * Math.PI * FREQS[k] / sampleRate;
            for (int t = 0; t < HISTORY * half; t++) {
                historyCos[k * HISTORY * half + t] = (float) Math.cos(w * (t - spanStart));
                historySin[k * HISTORY * half + t] = (float) Math.sin(w * (t - spanStart));
            }
            for (int m = 1; m <= 3; m++) {
                harmonicCoef[k * 3 + m - 1] = (float) (2 * Math.cos(m * w));
            }
        }
        this.correlation = new float[maxLag + 2];
        this.squares = new double[HISTORY * half];
        this.delayed = new float[span];
        this.filtered = new float[span];
        for (int k = 0; k < 8; k++) {
            double w = 2 * Math.PI * FREQS[k] / sampleRate;
            omega[k] = (float) w;
            for (int j = 0; j < SPAN; j++) {
                rotCos[j * 8 + k] = (float) Math.cos(w * j * half);
                rotSin[j * 8 + k] = (float) Math.sin(w * j * half);
            }
            minPhaseCos[k] = (float) Math.cos(Math.min(Math.PI, w * MAX_FREQ_ERROR * (SPAN - 2) * half));
        }
        DtmfReceiver.invertGrams(sampleRate, span, gramSpan, 0);
    }

    /** Whether the last valid span was strong enough to start a press on its own. */
    boolean strong() {
        return strong;
    }

    /**
     * The key that the last {@link #SPAN} half-blocks of {@code ring} hold once the voice is cancelled, or 0. The ring's
     * {@link #HISTORY} slots are read from {@code oldest} on (wrapping with {@code mask}); each must hold its
     * half-block's samples.
     */
    char judge(float[][] ring, int oldest, int mask) {
        final float[] x = audio;
        for (int j = 0; j < HISTORY; j++) {
            System.arraycopy(ring[(oldest + j) & mask], 0, x, j * half, half);
        }
        final int end = x.length;
        final int from = end - SPAN * half;
        double period = period(x, from, end, minLag, maxLag);
        if (period == 0) {
            return 0;
        }
        // A key's tones pull the autocorrelation's peak off the voice's period: it is sought again, near where it was
        // found, on the audio less the span's two strongest tones.
        removeStrongestTones(from);
        int near = (int) Math.round(period);
        double refined =
                period(voice, from, end, Math.max(minLag, near - refineLags), Math.min(maxLag, near + refineLags));
        if (refined != 0) {
            period = refined;
        }
        double g = delay(period, from, end);
        final float[] d = filtered;
        double energy = 0;
        for (int o = 0; o < d.length; o += half) {
            energy += subtract(x, from + o, delayed, (float) g, d, o, half);
        }
        dft(d, 0);
        // The strongest bin of each group over the span, the others of the group well below it.
        int li = DtmfReceiver.strongest(power, 0);
        int hi = DtmfReceiver.strongest(power, 4);
        if (crowded(0, li) || crowded(4, hi)) {
            return 0;
        }
        int gi = (li * 4 + (hi - 4)) * 16;
        float explained = fit(gramSpan, gi, spanRe, spanIm, li, hi, fitSpan);
        double gl = gain(g, period, li);
        double gh = gain(g, period, hi);
        if (explained < DtmfReceiver.SPAN_MIN_PURITY * energy || gl < MIN_GAIN || gh < MIN_GAIN) {
            return 0;
        }
        float l = (float) (power(fitSpan, 0) / (gl * gl));
        float h = (float) (power(fitSpan, 2) / (gh * gh));
        if (Math.min(l, h) < minTonePower || l > maxNormalTwist * h || h > maxReverseTwist * l) {
            return 0;
        }
        fit(gramPair, gi, headRe, headIm, li, hi, fitHead);
        fit(gramPair, gi, tailRe, tailIm, li, hi, fitTail);
        if (!steady(li, 0) || !steady(hi, 2) || !inEveryHalf(li, 0) || !inEveryHalf(hi, 2)) {
            return 0;
        }
        // Before the check at twice the period, which filters the audio again into the same array.
        if (checkHarmonics && (!pure(li, from, end) || !pure(hi, from, end))) {
            return 0;
        }
        if (checkDoublePeriod && !survivesDoublePeriod(period, from, end, li, hi, gi, l, h)) {
            return 0;
        }
        strong = explained >= DtmfReceiver.SPAN_STRONG_PURITY * energy;
        return DtmfReceiver.key(li, hi);
    }

    /**
     * The pitch period in samples (refined between lags), or 0 when the span is not voiced: the lag of the largest
     * normalized autocorrelation between the span and the audio before it.
     */
    private double period(float[] x, int from, int end, int lo, int hi) {
        final float[] r = correlation;
        // Every second sample of the span against the same samples delayed: half the work of all of them, and still
        // every lag. The delayed samples' energy for each lag comes from running sums of squares along each parity.
        final double[] q = squares;
        q[0] = x[0] * x[0];
        q[1] = x[1] * x[1];
        paritySums(x, q, 2, half);
        for (int o = half; o < x.length; o += half) {
            paritySums(x, q, o, o + half);
        }
        final int last = from + ((end - 1 - from) & ~1);
        double a = q[last] - q[from - 2];
        for (int lag = lo - 1; lag <= hi + 1; lag++) {
            double b = q[last - lag] - q[from - lag - 2];
            r[lag] = (float) (product(x, from, end, lag) / Math.sqrt(a * Math.max(b, 0) + 1e-9));
        }
        double best = MIN_CORRELATION;
        int lag = 0;
        for (int k = lo; k <= hi; k++) {
            if (r[k] > best) {
                best = r[k];
                lag = k;
            }
        }
        if (lag == 0) {
            return 0;
        }
        // The peak of the parabola through the best lag and its neighbours, within half a sample of it.
        double den = r[lag - 1] - 2 * best + r[lag + 1];
        double shift = den < 0 ? 0.5 * (r[lag - 1] - r[lag + 1]) / den : 0;
        return lag + Math.max(-0.5, Math.min(0.5, shift));
    }

    /** {@code q[i] = q[i - 2] + x[i]^2} for {@code i} from {@code from} to {@code to} (exclusive). */
    private static void paritySums(float[] x, double[] q, int from, int to) {
        for (int i = from; i < to; i++) {
            q[i] = q[i - 2] + x[i] * x[i];
        }
    }

    /**
     * The sum of {@code x[t] x[t - lag]} for every second {@code t} from {@code from} to {@code end} (exclusive). A method
     * of its own, called for every lag, so that the JIT compiles it after the first few spans rather than interpreting
     * it.
     */
    private static float product(float[] x, int from, int end, int lag) {
        // Four sums (the JIT's first tier, which compiles this package, does not unroll loops).
        float c0 = 0;
        float c1 = 0;
        float c2 = 0;
        float c3 = 0;
        int t = from;
        int u = from - lag;
        for (; t + 6 < end; t += 8, u += 8) {
            c0 += x[t] * x[u];
            c1 += x[t + 2] * x[u + 2];
            c2 += x[t + 4] * x[u + 4];
            c3 += x[t + 6] * x[u + 6];
        }
        for (; t < end; t += 2, u += 2) {
            c0 += x[t] * x[u];
        }
        return (c0 + c1) + (c2 + c3);
    }

    /**
     * Fills {@link #delayed} with the span delayed by {@code lag} samples (cubic Lagrange interpolation between
     * samples) and returns the gain that best predicts the span from it.
     */
    private double delay(double lag, int from, int end) {
        final float[] x = audio;
        final float[] y = delayed;
        // The delay's whole samples and fraction are the same for every sample: so are the four weights.
        int whole = (int) Math.floor(lag);
        double mu = lag - whole;
        // x(t - lag) = x(i + 1 - mu) with i = t - whole - 1, interpolated through x[i - 1] .. x[i + 2].
        double f = 1 - mu;
        float w0 = (float) (-f * (f - 1) * (f - 2) / 6);
        float w1 = (float) ((f + 1) * (f - 1) * (f - 2) / 2);
        float w2 = (float) (-(f + 1) * f * (f - 2) / 2);
        float w3 = (float) ((f + 1) * f * (f - 1) / 6);
        double yy = 0;
        double yx = 0;
        for (int o = 0; o < y.length; o += half) {
            interpolate(x, from + o - whole - 1, w0, w1, w2, w3, y, o, half);
            yy += dot(y, o, y, o, half);
            yx += dot(y, o, x, from + o, half);
        }
        return yy > 0 ? yx / yy : 0;
    }

    // The loops over samples below run one half-block per call: called several times for each span, the JIT compiles
    // them after the first few spans, where a loop over the whole span would be interpreted for a hundred of them.

    /** {@code y[o + n] = w0 x[i - 1] + w1 x[i] + w2 x[i + 1] + w3 x[i + 2]} for {@code i = at + n}, n below {@code count}. */
    private static void interpolate(
            float[] x, int at, float w0, float w1, float w2, float w3, float[] y, int o, int count) {
        for (int n = 0; n < count; n++) {
            int i = at + n;
            y[o + n] = w0 * x[i - 1] + w1 * x[i] + w2 * x[i + 1] + w3 * x[i + 2];
        }
    }

    /** The sum of {@code a[ai + n] b[bi + n]} for n below {@code count}. */
    private static float dot(float[] a, int ai, float[] b, int bi, int count) {
        float s0 = 0;
        float s1 = 0;
        int n = 0;
        for (; n + 1 < count; n += 2) {
            s0 += a[ai + n] * b[bi + n];
            s1 += a[ai + n + 1] * b[bi + n + 1];
        }
        for (; n < count; n++) {
            s0 += a[ai + n] * b[bi + n];
        }
        return s0 + s1;
    }

    /** {@code d[o + n] = x[xi + n] - g y[o + n]} for n below {@code count}; returns the energy written. */
    private static float subtract(float[] x, int xi, float[] y, float g, float[] d, int o, int count) {
        float e = 0;
        for (int n = 0; n < count; n++) {
            float v = x[xi + n] - g * y[o + n];
            d[o + n] = v;
            e += v * v;
        }
        return e;
    }

    /** The comb filter's gain {@code |1 - g e^{-jwP}|} at bin {@code k}. */
    private double gain(double g, double period, int k) {
        double p = omega[k] * period;
        return Math.hypot(1 - g * Math.cos(p), g * Math.sin(p));
    }

    /**
     * The DFT of each half-block of the span of {@code d} that starts at {@code offset}, and from them those of the
     * span (and its power), of its first two half-blocks and of its last two.
     */
    private void dft(float[] d, int offset) {
        for (int j = 0; j < SPAN; j++) {
            for (int k = 0; k < 8; k++) {
                halfBin(d, offset + j * half, k, j * 8 + k);
            }
        }
        for (int k = 0; k < 8; k++) {
            float re = 0;
            float im = 0;
            for (int j = 0; j < SPAN; j++) {
                float rc = rotCos[j * 8 + k];
                float rs = rotSin[j * 8 + k];
                float xr = halfRe[j * 8 + k];
                float xi = halfIm[j * 8 + k];
                re += rc * xr + rs * xi;
                im += rc * xi - rs * xr;
            }
            spanRe[k] = re;
            spanIm[k] = im;
            power[k] = re * re + im * im;
            float rc = rotCos[8 + k];
            float rs = rotSin[8 + k];
            headRe[k] = halfRe[k] + rc * halfRe[8 + k] + rs * halfIm[8 + k];
            headIm[k] = halfIm[k] + rc * halfIm[8 + k] - rs * halfRe[8 + k];
            int t = (SPAN - 2) * 8;
            tailRe[k] = halfRe[t + k] + rc * halfRe[t + 8 + k] + rs * halfIm[t + 8 + k];
            tailIm[k] = halfIm[t + k] + rc * halfIm[t + 8 + k] - rs * halfRe[t + 8 + k];
        }
    }

    /** The DFT at bin {@code k} of the half-block of {@code d} from {@code o}, into {@code halfRe/Im[at]}. */
    private void halfBin(float[] d, int o, int k, int at) {
        final float[] ct = historyCos;
        final float[] st = historySin;
        final int c = k * audio.length + spanStart - o;
        // Two sums of each (the JIT's first tier does not unroll loops).
        float r0 = 0;
        float r1 = 0;
        float i0 = 0;
        float i1 = 0;
        int n = o;
        final int end = o + half;
        for (; n + 1 < end; n += 2) {
            r0 += d[n] * ct[c + n];
            i0 -= d[n] * st[c + n];
            r1 += d[n + 1] * ct[c + n + 1];
            i1 -= d[n + 1] * st[c + n + 1];
        }
        for (; n < end; n++) {
            r0 += d[n] * ct[c + n];
            i0 -= d[n] * st[c + n];
        }
        halfRe[at] = r0 + r1;
        halfIm[at] = i0 + i1;
    }

    /**
     * Fills {@link #voice} with the audio less the span's strongest tone of each group, as fitted over the span and
     * carried over the whole history.
     */
    private void removeStrongestTones(int from) {
        dft(audio, from);
        int l0 = DtmfReceiver.strongest(power, 0);
        int h0 = DtmfReceiver.strongest(power, 4);
        fit(gramSpan, (l0 * 4 + (h0 - 4)) * 16, spanRe, spanIm, l0, h0, fitSpan);
        final int n = audio.length;
        System.arraycopy(audio, 0, voice, 0, n);
        for (int o = 0; o < n; o += half) {
            removeTone(voice, historyCos, historySin, l0 * n + o, fitSpan[0], fitSpan[1], o, half);
            removeTone(voice, historyCos, historySin, h0 * n + o, fitSpan[2], fitSpan[3], o, half);
        }
    }

    /** {@code y[o + n] -= ar cos[at + n] - ai sin[at + n]} for n below {@code count}. */
    private static void removeTone(float[] y, float[] cos, float[] sin, int at, float ar, float ai, int o, int count) {
        for (int n = 0; n < count; n++) {
            y[o + n] -= ar * cos[at + n] - ai * sin[at + n];
        }
    }

    /**
     * Whether tone {@code k} is pure: its second and third harmonics (those below 95 % of the Nyquist frequency) stay
     * {@link #HARMONIC_DB} below it in the audio (the harmonics read in {@link #voice}, the audio less the span's two
     * strongest tones) or {@link #FILTERED_HARMONIC_DB} below it in the filtered span {@code d}, under a Hann window
     * over the span. A sustained note near a key's frequency carries its timbre's harmonics in both; a key's tone, even
     * after G.711, has none, and a voice's own harmonics at those frequencies, which the audio holds, are cancelled in
     * {@code d}.
     */
    private boolean pure(int k, int from, int end) {
        return harmonicsBelow(k, audio, voice, from, end, harmonicBound)
                || harmonicsBelow(k, filtered, filtered, 0, filtered.length, filteredHarmonicBound);
    }

    /** Whether tone {@code k}'s harmonics in {@code rest} stay below {@code bound} times the tone's power in {@code x}. */
    private boolean harmonicsBelow(int k, float[] x, float[] rest, int from, int end, float bound) {
        float tone = windowedPower(x, from, end, harmonicCoef[k * 3]);
        for (int m = 2; m <= 3; m++) {
            if (m * FREQS[k] < 0.475 * rate
                    && windowedPower(rest, from, end, harmonicCoef[k * 3 + m - 1]) >= bound * tone) {
                return false;
            }
        }
        return true;
    }

    /** The power of {@code x} from {@code from} to {@code end} at the frequency of Goertzel coefficient {@code c}. */
    private float windowedPower(float[] x, int from, int end, float c) {
        float s1 = 0;
        float s2 = 0;
        for (int t = from; t < end; t++) {
            float s0 = x[t] * window[t - from] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    /** Whether another bin of the group comes within the group margin of its strongest, {@code strongest}. */
    private boolean crowded(int first, int strongest) {
        return DtmfReceiver.countAbove(power, first, groupMargin * power[strongest]) > 1;
    }

    private static float fit(float[] gram, int gi, float[] re, float[] im, int li, int hi, float[] out) {
        return DtmfReceiver.fitWith(gram, gi, re, im, li, hi, out);
    }

    private static float power(float[] fit, int at) {
        return fit[at] * fit[at] + fit[at + 1] * fit[at + 1];
    }

    /**
     * Whether tone {@code k} (at {@code at} in the fits) keeps its amplitude within the step bound and advances in
     * phase from the span's first two half-blocks to its last two as its nominal frequency does.
     */
    private boolean steady(int k, int at) {
        float p = power(fitHead, at);
        float c = power(fitTail, at);
        if (p > maxStep * c || c > maxStep * p) {
            return false;
        }
        int r = (SPAN - 2) * 8 + k;
        return DtmfReceiver.advanceMargin(
                        fitHead[at],
                        fitHead[at + 1],
                        fitTail[at],
                        fitTail[at + 1],
                        rotCos[r],
                        rotSin[r],
                        minPhaseCos[k])
                >= 0;
    }

    /** Whether every half-block's projection on tone {@code k}, as fitted over the span, reaches its share. */
    private boolean inEveryHalf(int k, int at) {
        float ar = fitSpan[at];
        float ai = fitSpan[at + 1];
        float p = ar * ar + ai * ai;
        for (int j = 0; j < SPAN; j++) {
            float c = rotCos[j * 8 + k];
            float s = rotSin[j * 8 + k];
            float br = ar * c - ai * s;
            float bi = ar * s + ai * c;
            if (br * halfRe[j * 8 + k] + bi * halfIm[j * 8 + k] < halfScale * p) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the filter at twice the period finds the two tones too (gain-corrected powers {@code l} and {@code h} at
     * the period).
     */
    private boolean survivesDoublePeriod(double period, int from, int end, int li, int hi, int gi, float l, float h) {
        double twice = 2 * period;
        double g = delay(twice, from, end);
        double gl = gain(g, twice, li);
        double gh = gain(g, twice, hi);
        if (gl < MIN_GAIN || gh < MIN_GAIN) {
            return false;
        }
        final float[] d = filtered;
        for (int o = 0; o < d.length; o += half) {
            subtract(audio, from + o, delayed, (float) g, d, o, half);
        }
        dft(d, 0);
        fit(gramSpan, gi, spanRe, spanIm, li, hi, fitDouble);
        double l2 = power(fitDouble, 0) / (gl * gl);
        double h2 = power(fitDouble, 2) / (gh * gh);
        return l2 >= doubleBound * l && h2 >= doubleBound * h;
    }
}
