package io.cxpulse.agent.dtmf;

/**
 * Synthesizes DTMF key presses as 16-bit PCM: tone and gap length, level, twist, frequency offset and start phases are
 * configurable so that the same class serves the simulated caller, the line self-test and the receiver's tests.
 *
 * <p>Immutable; each {@code with...} method returns a changed copy. Levels are per tone in dBm0, where a full-scale
 * 16-bit sine is {@value #FULL_SCALE_SINE_DBM0} dBm0. Samples beyond full scale are clipped, as a real line would.
 */
public final class DtmfGenerator {

    /** Level of a full-scale 16-bit sine in dBm0 (ITU-T G.711 convention). */
    public static final double FULL_SCALE_SINE_DBM0 = 3.14;

    /** The keys in keypad order. */
    public static final String KEYS = "123A456B789C*0#D";

    static final double[] LOW = {697, 770, 852, 941};
    static final double[] HIGH = {1209, 1336, 1477, 1633};

    private final int sampleRate;
    private final double toneMs;
    private final double gapMs;
    private final double levelDbm0;
    private final double twistDb;
    private final double lowOffsetPercent;
    private final double highOffsetPercent;
    private final double lowPhase;
    private final double highPhase;

    private DtmfGenerator(
            int sampleRate,
            double toneMs,
            double gapMs,
            double levelDbm0,
            double twistDb,
            double lowOffsetPercent,
            double highOffsetPercent,
            double lowPhase,
            double highPhase) {
        if (sampleRate < 4000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("sample rate must be 4000..384000 Hz, got " + sampleRate);
        }
        if (!(toneMs >= 0 && toneMs <= 60_000)) {
            throw new IllegalArgumentException("tone length must be 0..60000 ms, got " + toneMs);
        }
        if (!(gapMs >= 0 && gapMs <= 60_000)) {
            throw new IllegalArgumentException("gap length must be 0..60000 ms, got " + gapMs);
        }
        if (!(levelDbm0 <= 20 && levelDbm0 >= -120)) {
            throw new IllegalArgumentException("level must be -120..20 dBm0, got " + levelDbm0);
        }
        if (!(Math.abs(twistDb) <= 60)) {
            throw new IllegalArgumentException("twist must be -60..60 dB, got " + twistDb);
        }
        if (!(Math.abs(lowOffsetPercent) <= 50 && Math.abs(highOffsetPercent) <= 50)) {
            throw new IllegalArgumentException("frequency offset must be -50..50 %");
        }
        this.sampleRate = sampleRate;
        this.toneMs = toneMs;
        this.gapMs = gapMs;
        this.levelDbm0 = levelDbm0;
        this.twistDb = twistDb;
        this.lowOffsetPercent = lowOffsetPercent;
        this.highOffsetPercent = highOffsetPercent;
        this.lowPhase = lowPhase;
        this.highPhase = highPhase;
    }

    /** A generator at the given rate with 100 ms tones, 100 ms gaps, -10 dBm0 per tone, no twist, no offset. */
    public DtmfGenerator(int sampleRate) {
        this(sampleRate, 100, 100, -10, 0, 0, 0, 0, 0);
    }

    /** Tone length of each key press in milliseconds. */
    public DtmfGenerator withToneMs(double ms) {
        return new DtmfGenerator(
                sampleRate, ms, gapMs, levelDbm0, twistDb, lowOffsetPercent, highOffsetPercent, lowPhase, highPhase);
    }

    /** Silence after each key press in milliseconds. */
    public DtmfGenerator withGapMs(double ms) {
        return new DtmfGenerator(
                sampleRate, toneMs, ms, levelDbm0, twistDb, lowOffsetPercent, highOffsetPercent, lowPhase, highPhase);
    }

    /** Level of the low-group tone in dBm0; the high-group tone is at this level minus the twist. */
    public DtmfGenerator withLevelDbm0(double dbm0) {
        return new DtmfGenerator(
                sampleRate, toneMs, gapMs, dbm0, twistDb, lowOffsetPercent, highOffsetPercent, lowPhase, highPhase);
    }

    /** Low-group level minus high-group level in dB: positive is normal twist, negative is reverse twist. */
    public DtmfGenerator withTwistDb(double db) {
        return new DtmfGenerator(
                sampleRate, toneMs, gapMs, levelDbm0, db, lowOffsetPercent, highOffsetPercent, lowPhase, highPhase);
    }

    /** Shifts both tones by the same percentage of their nominal frequency. */
    public DtmfGenerator withFrequencyOffsetPercent(double percent) {
        return withFrequencyOffsetPercent(percent, percent);
    }

    /** Shifts the low-group and high-group tones by their own percentage of the nominal frequency. */
    public DtmfGenerator withFrequencyOffsetPercent(double lowPercent, double highPercent) {
        return new DtmfGenerator(
                sampleRate, toneMs, gapMs, levelDbm0, twistDb, lowPercent, highPercent, lowPhase, highPhase);
    }

    /** Start phases of the low-group and high-group tones in radians. */
    public DtmfGenerator withPhases(double lowRadians, double highRadians) {
        return new DtmfGenerator(
                sampleRate,
                toneMs,
                gapMs,
                levelDbm0,
                twistDb,
                lowOffsetPercent,
                highOffsetPercent,
                lowRadians,
                highRadians);
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Peak amplitude in 16-bit units of a sine at the given level in dBm0. */
    public static double amplitude(double dbm0) {
        return 32767.0 * Math.pow(10, (dbm0 - FULL_SCALE_SINE_DBM0) / 20);
    }

    /** Low-group and high-group nominal frequencies of a key. */
    public static double[] frequencies(char key) {
        int i = KEYS.indexOf(Character.toUpperCase(key));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + key + "'");
        }
        return new double[] {LOW[i / 4], HIGH[i % 4]};
    }

    /**
     * The digits as one buffer: each key's tone followed by the gap.
     *
     * @throws IllegalArgumentException naming the position of the first character that is not a key
     */
    public short[] digits(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (KEYS.indexOf(Character.toUpperCase(digits.charAt(i))) < 0) {
                throw new IllegalArgumentException(
                        "not a DTMF key at position " + (i + 1) + ": '" + digits.charAt(i) + "' (use 0-9 * # A-D)");
            }
        }
        int tone = samples(toneMs);
        int gap = samples(gapMs);
        long total = (long) digits.length() * (tone + gap);
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(digits.length() + " keys of " + toneMs + " ms tone and " + gapMs
                    + " ms gap are too long for one buffer");
        }
        short[] out = new short[(int) total];
        for (int i = 0; i < digits.length(); i++) {
            writeTone(digits.charAt(i), out, i * (tone + gap), tone);
        }
        return out;
    }

    /** One key's tone of the configured length, without a gap. */
    public short[] tone(char key) {
        short[] out = new short[samples(toneMs)];
        writeTone(key, out, 0, out.length);
        return out;
    }

    /** Writes {@code length} samples of a key's tone into {@code out} at {@code offset}, adding to what is there. */
    public void writeTone(char key, short[] out, int offset, int length) {
        double[] f = frequencies(key);
        double wl = 2 * Math.PI * f[0] * (1 + lowOffsetPercent / 100) / sampleRate;
        double wh = 2 * Math.PI * f[1] * (1 + highOffsetPercent / 100) / sampleRate;
        double al = amplitude(levelDbm0);
        double ah = amplitude(levelDbm0 - twistDb);
        for (int n = 0; n < length; n++) {
            double v = out[offset + n] + al * Math.sin(wl * n + lowPhase) + ah * Math.sin(wh * n + highPhase);
            out[offset + n] = clip(v);
        }
    }

    /** Number of samples in the given number of milliseconds at this generator's rate. */
    public int samples(double ms) {
        return (int) Math.round(ms * sampleRate / 1000.0);
    }

    static short clip(double v) {
        long r = Math.round(v);
        return (short) Math.max(-32768, Math.min(32767, r));
    }
}
