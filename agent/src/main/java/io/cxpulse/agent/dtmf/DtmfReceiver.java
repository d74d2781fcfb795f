package io.cxpulse.agent.dtmf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Streaming DTMF receiver meeting ITU-T Q.24: feed PCM in blocks of any size, keys come out through a {@link
 * DtmfListener} with their start and end sample.
 *
 * <p>The signal is cut into half-blocks of 6.375 ms (51 samples at 8 kHz). Each half-block runs eight Goertzel
 * filters; two consecutive halves form a 12.75 ms window whose DFT picks the strongest tone of each group (at that
 * length the neighbouring tones of a group fall near the window's spectral nulls). For a candidate key both halves are
 * then fitted by least squares with the two nominal tones, which gives each tone's amplitude exactly, whatever the
 * phases and despite the leakage between the two tones, so twist and level are judged at their true values. A pair of
 * halves counts as the key only if the two tones explain nearly all of the energy in each half, keep their amplitude
 * from one half to the next, and advance in phase as their nominal frequencies do (which bounds the frequency error).
 * Three such pairs (about 25 ms of tone, up to three failing pairs among them forgiven) start a press; five failing
 * pairs in a row end it, so a 10 ms dropout does not split a press while a 40 ms gap always separates two. The end is
 * final once the press's tones are seen to stop in their own bins; until then the same key recognised again continues
 * the press, which speech under a long press would otherwise split into two keys.
 *
 * <p>A key pressed while speech plays fails the pairs: the speech holds much of each half's energy. Where no pair
 * holds a key, the last five half-blocks (31.9 ms) are judged as one span, whose DFT resolves the tones far better: the
 * two tones fitted over the span must explain 45 % of its energy (not 80 %), every half-block must carry both tones in
 * phase with the fit, and each tone must keep its amplitude within 3 dB and its frequency within 0.4 % across the span.
 * A valid span counts as two valid pairs, or as three (a press on its own) when its tones explain 65 % of its energy;
 * such a span is also allowed 0.6 % of frequency error, and 5 dB of amplitude step while no press sounds.
 * Where a span of five has a candidate key, the last six and seven half-blocks are judged too, with the frequency held
 * within 0.2 %: a valid one of those (38 ms of steady tone or more) starts a press on its own. Over five half-blocks a
 * voice's harmonic may come within 8 dB of a tone of the same group, provided it is not itself a steady tone at the
 * nominal frequency it sits on.
 *
 * <p>Where a span of five is refused but its high tone is steady and holds 13 % of its energy, the span is judged once
 * more with the voice under it cancelled by its own pitch period ({@link CombSpan}): a valid comb span counts as a valid
 * span does.
 *
 * <p>Not thread-safe; one instance per audio stream. No allocation per block once constructed.
 */
public final class DtmfReceiver {

    /** The eight DTMF frequencies in Hz: the low group, then the high group. */
    static final double[] FREQS = {697, 770, 852, 941, 1209, 1336, 1477, 1633};

    private static final char[][] KEYMAP = {
        {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}
    };
    /** Each key's low-group bin (0-3) and high-group bin (4-7), indexed by the key's character. */
    private static final int[] LOW_OF = new int[128];

    private static final int[] HIGH_OF = new int[128];

    static {
        for (int l = 0; l < 4; l++) {
            for (int h = 0; h < 4; h++) {
                LOW_OF[KEYMAP[l][h]] = l;
                HIGH_OF[KEYMAP[l][h]] = 4 + h;
            }
        }
    }

    /** Consecutive valid pairs needed to recognise a press. */
    static final int PAIRS_TO_START = 3;
    /** Failing pairs forgiven among the valid ones that start a press. */
    static final int HOLES_FORGIVEN = 3;
    /** Consecutive failing pairs that end a press. */
    static final int PAIRS_TO_END = 5;
    /**
     * Half-blocks in a row in which a press's tones must be gone for its end to be final: below the energy gate, or
     * either tone {@link #TONE_GONE_DB} below its level in the press (the mean, in dB, of its bin's power in the
     * half-blocks where the press's pairs and spans were valid). Until then a press ended by failing pairs is held,
     * and the same key recognised again continues it: under speech the pairs and spans fail for stretches of a long
     * press, which would otherwise count as two.
     */
    static final int HALVES_GONE = 3;
    /** How far below its level in the press a tone must fall in a half-block to count as gone. */
    static final double TONE_GONE_DB = 10;
    /**
     * Half-blocks (31.9 ms at 8 kHz) from the end of a press's last valid pair within which another key's first valid
     * pair must start to be taken for a voice under the press: a voice makes it during the press or just after its
     * pairs fail, a key pressed next comes after a gap.
     */
    static final int JOIN_HALVES = 5;
    /**
     * How far below its level in the press a pressed key's own tone (one the other key lacks) may be, over the last
     * {@link #HALVES_GONE} half-blocks, for another key recognised meanwhile to be taken for a voice under the press.
     */
    static final double TONE_STILL_DB = 2;
    /** Half-blocks (204 ms at 8 kHz) after which a held press is reported though its tones were not seen to stop. */
    static final int MAX_HOLD_HALVES = 32;

    // Thresholds. Levels per tone in dBm0, ratios in dB unless named otherwise.
    static final double MIN_TONE_DBM0 = -42;
    static final double MAX_NORMAL_TWIST_DB = 9.0;
    static final double MAX_REVERSE_TWIST_DB = 6.5;
    /** Fraction of each half-block's energy the two fitted tones must explain. */
    static final double MIN_PURITY = 0.80;
    /** Loose version of the purity test on the pair's DFT, to skip the fit for most non-tone audio. */
    static final double MIN_PRE_PURITY = 0.45;
    /** Other tones of a group must be this far below the group's strongest tone. */
    static final double MIN_GROUP_MARGIN_DB = 5;
    /** Largest change of a tone's amplitude from one half-block to the next. */
    static final double MAX_STEP_DB = 2.0;
    /**
     * Smallest share, {@code (2/M)|X|^2 / energy}, of a half-block's energy that its strongest low-group DFT bin can
     * have in a valid pair. A valid low tone holds at least 0.8 / (1 + 10^0.65) = 14.6 % of the energy, i.e. a share of
     * 0.29 for a lone tone; leakage from a stronger high tone over 51 samples and noise lower it. The smallest share
     * seen in valid pairs over 20,000 random presses at the twist (-6.4 to +8.9 dB), frequency (±2 %) and noise (15 dB
     * SNR) limits was 0.069, so this bound keeps a margin of 2.
     */
    static final double MIN_LOW_SHARE = 0.035;

    /** Frequency error, relative to nominal, above which a tone's phase advance is refused. */
    static final double MAX_FREQ_ERROR = 0.02;

    // The span test: keys under speech, judged over five half-blocks (31.9 ms at 8 kHz).
    /** Half-blocks in a span. */
    static final int SPAN = 5;
    /** Half-blocks in the longest span (44.6 ms at 8 kHz); spans of six half-blocks are judged too. */
    static final int LONG_SPAN = 7;
    /** Slots in the ring of half-blocks: a power of two of at least {@link #LONG_SPAN}. */
    private static final int RING = 8;

    private static final int RING_MASK = RING - 1;
    /** Fraction of the span's energy the two tones, fitted over the whole span, must explain. */
    static final double SPAN_MIN_PURITY = 0.45;
    /** Other tones of each group must be this far below the group's strongest tone over the span. */
    static final double SPAN_GROUP_MARGIN_DB = 8;
    /** Largest change of a tone's amplitude between the span's first and last two half-blocks. */
    static final double SPAN_MAX_STEP_DB = 3;
    /** Frequency error above which a tone's phase advance across the span is refused. */
    static final double SPAN_MAX_FREQ_ERROR = 0.004;
    /**
     * Frequency error above which a tone's phase advance across a span of six or seven half-blocks is refused. Over the
     * longer baseline a steady tone's phase is measured more precisely, and the speech under it has had longer to drift.
     */
    static final double LONG_SPAN_MAX_FREQ_ERROR = 0.002;
    /**
     * Frequency error allowed over five half-blocks when the two tones explain {@link #SPAN_STRONG_PURITY} of the span's
     * energy: the speech under such a span is weaker, yet can still turn the weak tone's phase by more than 0.4 %.
     */
    static final double STRONG_SPAN_MAX_FREQ_ERROR = 0.006;
    /**
     * Largest change of a tone's amplitude across a span of five half-blocks whose tones explain {@link
     * #SPAN_STRONG_PURITY} of its energy, while no press sounds (so that a press's end is judged as before).
     */
    static final double STRONG_SPAN_MAX_STEP_DB = 5;
    /**
     * Reverse twist allowed in a span whose tones explain {@link #SPAN_STRONG_PURITY} of its energy: a key sent at 6 dB
     * of reverse twist measures up to 7 dB under speech after G.711. Weaker spans are held to {@link
     * #WEAK_SPAN_MAX_REVERSE_TWIST_DB}, the pairs to {@link #MAX_REVERSE_TWIST_DB}.
     */
    static final double STRONG_SPAN_MAX_REVERSE_TWIST_DB = 8;
    /**
     * Reverse twist allowed in a span whose tones explain less than {@link #SPAN_STRONG_PURITY} of its energy: the
     * corpus's 6 dB. Music made a 3 from two such spans at 6.2 and 6.4 dB; no key of the fast keys needs more.
     */
    static final double WEAK_SPAN_MAX_REVERSE_TWIST_DB = 6;
    /**
     * Smallest share, {@code (2/N)|X|^2 / energy}, of a span's energy that its strongest low-group DFT bin can have in a
     * valid span: the two tones explain at least 45 % of it with the high tone at most 6 dB stronger, or 65 % with it
     * at most 8 dB stronger, so the low tone holds at least 8.9 %; this bound keeps a margin of 2. Spans below it skip
     * the high-group filters.
     */
    static final double SPAN_MIN_LOW_SHARE = 0.04;
    /** Each half-block's projection on each fitted tone must reach this fraction of the tone's amplitude. */
    static final double SPAN_MIN_HALF_AMPLITUDE = 0.35;
    /**
     * Fraction of the span's energy the two tones must explain for a valid span to start a press on its own (as three
     * valid pairs). The most of it that speech or music explained in a span passing every other test (with up to 8 dB
     * of reverse twist) was 57 %, over 4.7 hours of talk-off audio (the talk-off set as made, 10 dB louder and after
     * µ-law, and its harder variant) and the speech of a 4-hour day of calls.
     */
    static final double SPAN_STRONG_PURITY = 0.65;
    /**
     * Purity down to which a span that passes every other span test is still judged, by the voice test ({@link
     * #voiceSpares}): the rest of its energy must be a voice that does not make the two tones.
     */
    static final double SPAN_VOICE_PURITY = 0.25;
    /** How far above the rest of the span each tone must stand within {@link #VOICE_NEAR_HZ} of its frequency. */
    static final double VOICE_NEAR_DB = 24;
    /** The neighbourhood of a tone judged by {@link #VOICE_NEAR_DB}. */
    static final double VOICE_NEAR_HZ = 100;
    /** Normalized autocorrelation from which the rest of a span is taken as voiced. */
    static final double VOICED_CORRELATION = 0.5;
    /** How far above a voice's harmonics next to it a tone on that voice's comb must stand. */
    static final double VOICE_COMB_DB = 10;

    // The comb span: a span of five refused whose high tone is steady is judged again with the voice cancelled.
    /** Largest change of the high tone's amplitude over a refused span of five for the comb span to be tried. */
    static final double COMB_TRY_STEP_DB = 4;
    /** Smallest share of the high tone's amplitude in each half-block for the comb span to be tried. */
    static final double COMB_TRY_HALF_AMPLITUDE = 0.3;
    /**
     * Smallest share of a refused span of five's energy that its high tone must hold for the comb span to be tried. With
     * the other bounds (and the high tone's frequency within the span's 0.4 %), the comb span is judged about 800 times
     * in the speech of a 4-hour day of calls.
     */
    static final double COMB_TRY_HIGH_SHARE = 0.13;
    /**
     * Smallest share, {@code (2/N)|X|^2 / energy}, of a span's energy that its strongest high-group bin must hold before
     * the high tone of a span refused for a rival low tone is fitted: below {@link #COMB_TRY_HIGH_SHARE}, which the
     * fitted tone must then reach.
     */
    static final double COMB_TRY_HIGH_BIN_SHARE = 0.10;
    /**
     * Smallest share, {@code (2/M)|X|^2 / energy}, of the first and of the last half-block's energy that its strongest
     * high-group bin must hold before a span refused for a rival low tone is looked at further: of the spans whose high
     * tone then passes the conditions of the comb span, it keeps 145 of 161 in the day of calls and every one that
     * gives a key in the fast keys.
     */
    static final double COMB_TRY_HIGH_HALF_SHARE = 0.08;

    private final DtmfListener listener;
    private final int half;
    /**
     * The last {@link #RING} half-blocks (a span needs {@link #SPAN}): samples, DFT (relative to each half's first sample),
     * energy, and whether its high-group filters have run (they run late, only when a test needs them).
     */
    private final float[][] ringSamples;

    private final float[][] ringRe;
    private final float[][] ringIm;
    private final float[] ringEnergy = new float[RING];
    private final boolean[] ringHigh = new boolean[RING];
    /**
     * Consecutive half-blocks, up to the current one, that passed the energy gate and whose strongest low-group bin holds
     * the share of their energy that a pair needs ({@link #MIN_LOW_SHARE}).
     */
    private int possibleRun;
    /**
     * Ring slot of the half-block being filled (its samples are {@code ringSamples[slot]}). The ring's rows are reached
     * through slot numbers rather than fields that point at them: a reference stored in a field costs the garbage
     * collector's write barriers, once per half-block.
     */
    private int slot;
    /** Whether the last half-block measured by {@link #load} passed the energy gate. */
    private boolean loud;

    private int fill;

    // Goertzel and DFT constants per bin.
    private final float[] coef = new float[8];
    private final float[] s1Re = new float[8];
    private final float[] s2Re = new float[8];
    private final float[] s1Im = new float[8];
    private final float[] s2Im = new float[8];
    private final float[] shiftCos = new float[8];
    private final float[] shiftSin = new float[8];
    private final float[] minPhaseCos = new float[8];
    /** Inverse Gram matrices of the least-squares fit of each key over one half-block, 16 floats per key. */
    private final float[] gramInv = new float[16 * 16];

    private final float minEnergy;
    private final float minTonePower;
    private final float maxNormalTwist;
    private final float maxReverseTwist;
    private final float groupMargin;
    private final float maxStep;
    private final float preScale;
    private final float minHalfEnergy;
    private final float lowShareScale;
    private boolean prevPossible;
    private boolean curPossible;

    /** Ring slot of the previous half-block. */
    private int prevSlot;

    // Span test constants and scratch.
    /** Rotation e^{-jwjM} of half-block j's DFT onto the span's first sample, 8 per j. */
    private final float[] rotCos = new float[LONG_SPAN * 8];

    private final float[] rotSin = new float[LONG_SPAN * 8];
    /** Inverse Gram matrices of the two-tone fit over two half-blocks and over a span. */
    private final float[] gramPair = new float[16 * 16];

    private final float[] gramSpan = new float[(LONG_SPAN - SPAN + 1) * 16 * 16];
    private final float[] minSpanPhaseCos = new float[(LONG_SPAN - SPAN + 1) * 8];
    /** Like {@link #minSpanPhaseCos}, for spans whose tones explain {@link #SPAN_STRONG_PURITY} of their energy. */
    private final float[] minStrongPhaseCos = new float[(LONG_SPAN - SPAN + 1) * 8];
    /** The two, indexed by whether the span is strong (an index rather than a branch). */
    private final float[][] phaseBounds = {minSpanPhaseCos, minStrongPhaseCos};

    private final float spanGroupMargin;
    private final float spanMaxStep;
    /** {@link #SPAN_MAX_STEP_DB} and {@link #STRONG_SPAN_MAX_STEP_DB} as power ratios, indexed without a branch. */
    private final float[] stepBounds = new float[2];
    /** Reverse twist allowed in a span, as a power ratio: [0] for any span, [1] for a strong one. */
    private final float[] reverseTwistBounds = new float[2];

    private final float spanHalfScale;
    private final float[] spanLowShareScale = new float[LONG_SPAN - SPAN + 1];
    /** Whether the last span judged had a candidate key: it passed the group tests and was fitted. */
    private boolean spanCandidate;
    /** Length in half-blocks of the valid span that the current half-block completes (read only with a span). */
    private int spanLength = SPAN;
    /** 1 when the last valid span explains {@link #SPAN_STRONG_PURITY} of its energy, else 0 (read only with a span). */
    private int spanStrong;

    /**
     * DFT of the pair of half-blocks that ends at each ring slot (relative to the pair's first sample). The low
     * group's bins are computed for every pair of two half-blocks that pass the low-group bound (the pair test needs
     * them), so a span finds those of its first two and its last two half-blocks there; the high group's bins are
     * written by the span test itself for the span being judged.
     */
    private final float[][] pairRe;

    private final float[][] pairIm;
    private final float[] spanRe = new float[8];
    private final float[] spanIm = new float[8];
    private final float[] fitHead = new float[4];
    private final float[] fitTail = new float[4];
    private final float[] fitSpan = new float[4];
    private float prevEnergy;
    private float curEnergy;
    private final float[] pairPower = new float[8];
    private final float[] fitPrev = new float[4];
    private final float[] fitCur = new float[4];
    /** The span's samples less its two fitted tones, for {@link #voiceSpares}. */
    private final float[] residual;
    /** {@link #residual} under a Hann window, and the window's sum. */
    private final float[] windowed;

    private double windowSum;

    private final CombSpan combSpan;
    private final float combTryStep;
    private final float combTryHalf;
    private final float combTryShareScale;
    private final float combTryBinScale;
    private final float combTryHalfScale;
    private final double logToneGone;
    private final double logToneStill;
    /** Whether the span of five just refused has a steady high tone, so that the comb span is worth judging. */
    private boolean combWorth;

    private final int rate;
    private final float voiceNear;
    private final float voiceComb;

    private long halvesDone;
    private char chainKey;
    private int chainLength;
    /** Failing pairs forgiven in the chain so far (at most {@link #HOLES_FORGIVEN}). */
    private int chainHoles;

    private long chainStart;
    private char pressKey;
    private long pressStart;
    private long pressEnd;
    private int misses;
    /**
     * For each key of the press (low-group bin times 4 plus high-group bin): its valid pairs (spans counting as theirs),
     * and over the half-blocks where it was valid, how many and the sums of the logarithms of its two bins' powers.
     */
    private final int[] pressVotes = new int[16];

    private final int[] levelCount = new int[16];
    private final double[] lowLevel = new double[16];
    private final double[] highLevel = new double[16];
    /** The index of the press's first key. */
    private int pressFirst;
    /** Half-blocks in a row, since the press's last valid pair, in which its tones were gone. */
    private int goneRun;
    /** A press ended by failing pairs whose tones were not seen to stop, not yet reported, or 0. */
    private char heldKey;

    private int heldHalves;

    /**
     * A receiver for PCM at the given rate (8000 Hz is the native rate; other rates use filters computed for that rate).
     */
    public DtmfReceiver(int sampleRate, DtmfListener listener) {
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate must be 8000..192000 Hz, got " + sampleRate);
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener is required");
        }
        this.listener = listener;
        this.half = (int) Math.round(51.0 * sampleRate / 8000);
        this.rate = sampleRate;
        this.residual = new float[LONG_SPAN * half];
        this.windowed = new float[LONG_SPAN * half];
        this.voiceNear = (float) Math.pow(10, VOICE_NEAR_DB / 10);
        this.voiceComb = (float) Math.pow(10, VOICE_COMB_DB / 10);
        this.ringSamples = new float[RING][half];
        this.ringRe = new float[RING][8];
        this.ringIm = new float[RING][8];
        this.pairRe = new float[RING][8];
        this.pairIm = new float[RING][8];
        for (int k = 0; k < 8; k++) {
            double w = 2 * Math.PI * FREQS[k] / sampleRate;
            coef[k] = (float) (2 * Math.cos(w));
            // X = sum x[n] e^{-jwn} = e^{-jw(M-1)} s1 - e^{-jwM} s2 for Goertzel states s1 = s[M-1], s2 = s[M-2].
            s1Re[k] = (float) Math.cos(w * (half - 1));
            s1Im[k] = (float) -Math.sin(w * (half - 1));
            s2Re[k] = (float) -Math.cos(w * half);
            s2Im[k] = (float) Math.sin(w * half);
            shiftCos[k] = (float) Math.cos(w * half);
            shiftSin[k] = (float) Math.sin(w * half);
            double maxPhase = Math.min(Math.PI, 2 * Math.PI * FREQS[k] * MAX_FREQ_ERROR * half / sampleRate);
            minPhaseCos[k] = (float) Math.cos(maxPhase);
        }
        invertGrams(sampleRate, half, gramInv, 0);
        invertGrams(sampleRate, 2 * half, gramPair, 0);
        for (int len = SPAN; len <= LONG_SPAN; len++) {
            invertGrams(sampleRate, len * half, gramSpan, (len - SPAN) * 256);
        }
        for (int k = 0; k < 8; k++) {
            double w = 2 * Math.PI * FREQS[k] / sampleRate;
            for (int j = 0; j < LONG_SPAN; j++) {
                rotCos[j * 8 + k] = (float) Math.cos(w * j * half);
                rotSin[j * 8 + k] = (float) Math.sin(w * j * half);
            }
            for (int len = SPAN; len <= LONG_SPAN; len++) {
                double error = len == SPAN ? SPAN_MAX_FREQ_ERROR : LONG_SPAN_MAX_FREQ_ERROR;
                double maxPhase = Math.min(Math.PI, w * error * (len - 2) * half);
                minSpanPhaseCos[(len - SPAN) * 8 + k] = (float) Math.cos(maxPhase);
                double strongError = len == SPAN ? STRONG_SPAN_MAX_FREQ_ERROR : LONG_SPAN_MAX_FREQ_ERROR;
                double strongPhase = Math.min(Math.PI, w * strongError * (len - 2) * half);
                minStrongPhaseCos[(len - SPAN) * 8 + k] = (float) Math.cos(strongPhase);
            }
        }
        spanGroupMargin = (float) Math.pow(10, -SPAN_GROUP_MARGIN_DB / 10);
        spanMaxStep = (float) Math.pow(10, SPAN_MAX_STEP_DB / 10);
        stepBounds[0] = spanMaxStep;
        stepBounds[1] = (float) Math.pow(10, STRONG_SPAN_MAX_STEP_DB / 10);
        reverseTwistBounds[0] = (float) Math.pow(10, WEAK_SPAN_MAX_REVERSE_TWIST_DB / 10);
        reverseTwistBounds[1] = (float) Math.pow(10, STRONG_SPAN_MAX_REVERSE_TWIST_DB / 10);
        spanHalfScale = (float) (SPAN_MIN_HALF_AMPLITUDE * half / 2);
        for (int len = SPAN; len <= LONG_SPAN; len++) {
            spanLowShareScale[len - SPAN] = (float) (2.0 / (len * half) / SPAN_MIN_LOW_SHARE);
        }
        double minAmp = DtmfGenerator.amplitude(MIN_TONE_DBM0);
        minTonePower = (float) (minAmp * minAmp);
        minEnergy = (float) (2 * half * minAmp * minAmp / 2);
        maxNormalTwist = (float) Math.pow(10, MAX_NORMAL_TWIST_DB / 10);
        maxReverseTwist = (float) Math.pow(10, MAX_REVERSE_TWIST_DB / 10);
        groupMargin = (float) Math.pow(10, -MIN_GROUP_MARGIN_DB / 10);
        maxStep = (float) Math.pow(10, MAX_STEP_DB / 10);
        preScale = (float) (2.0 / (2 * half));
        // A valid half holds two tones of at least the minimum amplitude: energy >= M * minAmp^2; keep a factor 4.
        minHalfEnergy = (float) (0.25 * half * minAmp * minAmp);
        lowShareScale = (float) (2.0 / half / MIN_LOW_SHARE);
        combSpan = new CombSpan(sampleRate, half, gramPair, minTonePower, maxNormalTwist, maxReverseTwist);
        combTryStep = (float) Math.pow(10, COMB_TRY_STEP_DB / 10);
        combTryHalf = (float) ((COMB_TRY_HALF_AMPLITUDE - SPAN_MIN_HALF_AMPLITUDE) * half / 2);
        // A tone of squared amplitude h holds h N / 2 of a span of N samples.
        combTryShareScale = (float) (SPAN * half / 2.0 / COMB_TRY_HIGH_SHARE);
        combTryBinScale = (float) (2.0 / (SPAN * half) / COMB_TRY_HIGH_BIN_SHARE);
        combTryHalfScale = (float) (2.0 / half / COMB_TRY_HIGH_HALF_SHARE);
        logToneGone = -TONE_GONE_DB / 10 * Math.log(10);
        logToneStill = -TONE_STILL_DB / 10 * Math.log(10);
        reset();
    }

    /** Decodes a whole buffer and returns the presses found, including one still sounding at its end. */
    public static List<DtmfEvent> decode(short[] pcm, int sampleRate) {
        List<DtmfEvent> events = new ArrayList<>();
        DtmfReceiver receiver = new DtmfReceiver(sampleRate, events::add);
        receiver.process(pcm, 0, pcm.length);
        receiver.flush();
        return events;
    }

    /** The keys of {@link #decode} as a string, e.g. {@code "10#"}. */
    public static String decodeDigits(short[] pcm, int sampleRate) {
        StringBuilder sb = new StringBuilder();
        for (DtmfEvent e : decode(pcm, sampleRate)) {
            sb.append(e.key());
        }
        return sb.toString();
    }

    /** Forgets all state; sample positions count from zero again. Call between calls. */
    public void reset() {
        fill = 0;
        halvesDone = 0;
        prevEnergy = 0;
        curEnergy = 0;
        prevPossible = false;
        curPossible = false;
        for (int j = 0; j < RING; j++) {
            Arrays.fill(ringRe[j], 0);
            Arrays.fill(ringIm[j], 0);
            ringEnergy[j] = 0;
            ringHigh[j] = false;
        }
        possibleRun = 0;
        loud = false;
        slot = 0;
        prevSlot = RING - 1;
        chainKey = 0;
        chainLength = 0;
        chainHoles = 0;
        spanStrong = 0;
        pressKey = 0;
        misses = 0;
        heldKey = 0;
        goneRun = 0;
    }

    /**
     * Ends the stream: analyses what is buffered (padded with silence) and reports a press still sounding, then resets.
     */
    public void flush() {
        long streamEnd = halvesDone * half + fill;
        if (fill > 0) {
            for (int i = fill; i < half; i++) {
                ringSamples[slot][i] = 0;
            }
            fill = 0;
            analyseHalf(energy(ringSamples[slot]));
        }
        if (heldKey != 0) {
            reportHeld();
        }
        if (pressKey != 0) {
            // The padding is not audio: a press ends with the stream at the latest.
            pressEnd = Math.min(pressEnd, streamEnd);
            endPress();
        }
        reset();
    }

    /** Feeds {@code length} samples of 16-bit PCM starting at {@code offset}. */
    public void process(short[] pcm, int offset, int length) {
        Objects.requireNonNull(pcm, "pcm");
        if (offset < 0 || length < 0 || offset > pcm.length - length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + " length " + length + " outside buffer of " + pcm.length);
        }
        int end = offset + length;
        int i = offset;
        final int m = half;
        while (i < end) {
            if (fill == 0 && end - i >= m) {
                // A whole half-block in the caller's buffer: converted and measured in one pass.
                analyseHalf(load(pcm, i));
                i += m;
                continue;
            }
            int n = Math.min(m - fill, end - i);
            float[] b = ringSamples[slot];
            int f = fill;
            for (int k = 0; k < n; k++) {
                b[f + k] = pcm[i + k];
            }
            fill = f + n;
            i += n;
            if (fill == m) {
                fill = 0;
                analyseHalf(energy(b));
            }
        }
    }

    /**
     * Converts the half-block starting at {@code pcm[at]} into the ring and returns its energy. The energy is summed
     * exactly, in integers: each square fits in an {@code int}, and the integer additions do not wait on one another as
     * floating-point ones do. Only a half-block that passes the energy gate needs its samples in the ring (no filter
     * reads the others): after a half-block below the gate (silence, an idle line, a pause), the next one is measured
     * first and converted only if it passes; after one above it, both are done in one pass.
     */
    private float load(short[] pcm, int at) {
        if (!loud) {
            float energy = energyOf(pcm, at);
            if (energy >= minHalfEnergy) {
                loud = true;
                convert(pcm, at);
            }
            return energy;
        }
        final float[] x = ringSamples[slot];
        final int m = x.length;
        long sum = 0;
        int n = 0;
        int i = at;
        // Eight samples a step: the JIT's first tier does not unroll loops.
        for (; n + 7 < m; n += 8, i += 8) {
            int v0 = pcm[i];
            int v1 = pcm[i + 1];
            int v2 = pcm[i + 2];
            int v3 = pcm[i + 3];
            int v4 = pcm[i + 4];
            int v5 = pcm[i + 5];
            int v6 = pcm[i + 6];
            int v7 = pcm[i + 7];
            x[n] = v0;
            x[n + 1] = v1;
            x[n + 2] = v2;
            x[n + 3] = v3;
            x[n + 4] = v4;
            x[n + 5] = v5;
            x[n + 6] = v6;
            x[n + 7] = v7;
            sum += (((long) v0 * v0 + v1 * v1) + ((long) v2 * v2 + v3 * v3))
                    + (((long) v4 * v4 + v5 * v5) + ((long) v6 * v6 + v7 * v7));
        }
        for (; n < m; n++, i++) {
            int v = pcm[i];
            x[n] = v;
            sum += v * v;
        }
        float energy = sum;
        loud = energy >= minHalfEnergy;
        return energy;
    }

    /** Energy of the half-block starting at {@code pcm[at]}, summed as {@link #load} sums it. */
    private float energyOf(short[] pcm, int at) {
        final int end = at + half;
        long sum = 0;
        int i = at;
        for (; i + 7 < end; i += 8) {
            int v0 = pcm[i];
            int v1 = pcm[i + 1];
            int v2 = pcm[i + 2];
            int v3 = pcm[i + 3];
            int v4 = pcm[i + 4];
            int v5 = pcm[i + 5];
            int v6 = pcm[i + 6];
            int v7 = pcm[i + 7];
            sum += (((long) v0 * v0 + v1 * v1) + ((long) v2 * v2 + v3 * v3))
                    + (((long) v4 * v4 + v5 * v5) + ((long) v6 * v6 + v7 * v7));
        }
        for (; i < end; i++) {
            int v = pcm[i];
            sum += v * v;
        }
        return sum;
    }

    /** Converts the half-block starting at {@code pcm[at]} into the ring. */
    private void convert(short[] pcm, int at) {
        final float[] x = ringSamples[slot];
        final int m = x.length;
        int n = 0;
        int i = at;
        for (; n + 7 < m; n += 8, i += 8) {
            x[n] = pcm[i];
            x[n + 1] = pcm[i + 1];
            x[n + 2] = pcm[i + 2];
            x[n + 3] = pcm[i + 3];
            x[n + 4] = pcm[i + 4];
            x[n + 5] = pcm[i + 5];
            x[n + 6] = pcm[i + 6];
            x[n + 7] = pcm[i + 7];
        }
        for (; n < m; n++, i++) {
            x[n] = pcm[i];
        }
    }

    /** Energy of a half-block already in the ring (integer samples), summed as {@link #load} sums it. */
    private static float energy(float[] x) {
        long sum = 0;
        for (int n = 0; n < x.length; n++) {
            int v = (int) x[n];
            sum += v * v;
        }
        return sum;
    }

    private void analyseHalf(float energy) {
        // The current half becomes the previous one: the pair window needs its DFT.
        final int s = slot;
        prevSlot = (s - 1) & RING_MASK;
        prevEnergy = curEnergy;
        prevPossible = curPossible;
        ringHigh[s] = false;
        // This method is kept above the JIT's inlining size for hot methods, so that C2 compiles it once on its own
        // rather than again inside every compilation of process (on a 4-hour file that saved about a third of the
        // process's CPU time).
        curEnergy = energy;
        // Silence and faint noise cannot hold a valid tone: no filter needs to run.
        curPossible = curEnergy >= minHalfEnergy;
        ringEnergy[s] = curEnergy;
        if (curPossible) {
            // Whether this half-block can belong to a valid pair, judged from its low-group DFT alone (the largest
            // power of its four bins), so that speech or music without a strong low-group tone skips the high-group
            // filters and the pair tests. Like the energy gate, this bound sits well below what the least-squares
            // tests accept (see MIN_LOW_SHARE), so it changes no decision.
            float max = goertzel(ringSamples[s], 0, ringRe[s], ringIm[s]);
            curPossible = max * lowShareScale >= energy;
        }
        possibleRun = curPossible ? possibleRun + 1 : 0;
        halvesDone++;
        if (!curPossible && halvesDone >= 2) {
            // Neither a pair nor a span ending here can hold a key (this half-block is below the low-group bound): the
            // chain takes a failing pair, and the span's fields what the full path below would leave in them.
            spanCandidate = false;
            spanLength = LONG_SPAN;
            spanStrong = 1;
            judgePair((char) 0, (char) 0, 1);
        } else if (halvesDone >= 2) {
            char key = prevPossible ? evaluatePair() : 0;
            // The span counts only where no pair holds a key: (key - 1) >>> 31 is 1 for no key, 0 otherwise.
            spanCandidate = false;
            combWorth = false;
            char span5 = possibleRun >= SPAN ? evaluateSpan(SPAN) : 0;
            int strong5 = spanStrong;
            // The longer spans are judged only where the span of five has a candidate key (it reached the fit).
            boolean longer = spanCandidate;
            char span6 = longer && possibleRun >= SPAN + 1 ? evaluateSpan(SPAN + 1) : 0;
            char span7 = longer && possibleRun >= LONG_SPAN ? evaluateSpan(LONG_SPAN) : 0;
            // The first valid span of five, six or seven half-blocks, without a branch: (k - 1) >>> 31 is 1 for no key.
            int no5 = (span5 - 1) >>> 31;
            int no6 = (span6 - 1) >>> 31;
            char spanKey = (char) (span5 | span6 * no5 | span7 * (no5 & no6));
            spanLength = SPAN + no5 + (no5 & no6);
            // A valid span of six or seven half-blocks (38 ms of steady tone or more) starts a press on its own.
            spanStrong = strong5 | no5;
            // A valid span counts where no pair holds a key, or where the pair holds the same key (then it adds its
            // length to the chain, not its earlier start): (k - 1) >>> 31 is 1 for k = 0.
            int noPair = (key - 1) >>> 31;
            spanKey = (char) (spanKey * (noPair | (((key ^ spanKey) - 1) >>> 31)));
            // Combined without a branch on the span's result: a valid span is rare, and the first one hours into the
            // audio would make the JIT compiler throw this method's code away and compile it again.
            if ((key | spanKey) == 0 && combWorth && ringLoud()) {
                // A refused span of five with a steady high tone, in voiced audio: judged again with the voice
                // cancelled. Rare enough (about 800 of the 2.3 million half-blocks of a day of calls) for a branch.
                char comb = combSpan.judge(ringSamples, (s + 1) & RING_MASK, RING_MASK);
                if (comb != 0) {
                    spanKey = comb;
                    spanLength = CombSpan.SPAN;
                    spanStrong = combSpan.strong() ? 1 : 0;
                }
            }
            judgePair((char) (key | spanKey), spanKey, noPair);
        }
        // The next half-block overwrites the oldest of the ring.
        slot = (s + 1) & RING_MASK;
    }

    /**
     * Runs four Goertzel filters (bins {@code first..first+3}) over the half-block {@code x} into its DFT, and returns
     * the largest power of the four bins.
     */
    private float goertzel(float[] x, int first, float[] re, float[] im) {
        final int m = half;
        final float c0 = coef[first], c1 = coef[first + 1], c2 = coef[first + 2], c3 = coef[first + 3];
        float a1 = 0, a2 = 0, b1 = 0, b2 = 0, d1 = 0, d2 = 0, e1 = 0, e2 = 0;
        int n = 0;
        // Four samples a step (the JIT's first tier does not unroll loops), in two steps of two with the state
        // variables swapping roles, so that no register moves are needed.
        for (; n + 3 < m; n += 4) {
            float u = x[n];
            float v = x[n + 1];
            a2 = Math.fma(c0, a1, u - a2);
            b2 = Math.fma(c1, b1, u - b2);
            d2 = Math.fma(c2, d1, u - d2);
            e2 = Math.fma(c3, e1, u - e2);
            a1 = Math.fma(c0, a2, v - a1);
            b1 = Math.fma(c1, b2, v - b1);
            d1 = Math.fma(c2, d2, v - d1);
            e1 = Math.fma(c3, e2, v - e1);
            u = x[n + 2];
            v = x[n + 3];
            a2 = Math.fma(c0, a1, u - a2);
            b2 = Math.fma(c1, b1, u - b2);
            d2 = Math.fma(c2, d1, u - d2);
            e2 = Math.fma(c3, e1, u - e2);
            a1 = Math.fma(c0, a2, v - a1);
            b1 = Math.fma(c1, b2, v - b1);
            d1 = Math.fma(c2, d2, v - d1);
            e1 = Math.fma(c3, e2, v - e1);
        }
        if (n + 1 < m) {
            float u = x[n];
            float v = x[n + 1];
            a2 = Math.fma(c0, a1, u - a2);
            b2 = Math.fma(c1, b1, u - b2);
            d2 = Math.fma(c2, d1, u - d2);
            e2 = Math.fma(c3, e1, u - e2);
            a1 = Math.fma(c0, a2, v - a1);
            b1 = Math.fma(c1, b2, v - b1);
            d1 = Math.fma(c2, d2, v - d1);
            e1 = Math.fma(c3, e2, v - e1);
            n += 2;
        }
        if (n < m) {
            float u = x[n];
            float a0 = Math.fma(c0, a1, u - a2);
            float b0 = Math.fma(c1, b1, u - b2);
            float d0 = Math.fma(c2, d1, u - d2);
            float e0 = Math.fma(c3, e1, u - e2);
            a2 = a1;
            a1 = a0;
            b2 = b1;
            b1 = b0;
            d2 = d1;
            d1 = d0;
            e2 = e1;
            e1 = e0;
        }
        // The DFT from the last two states, written out: a call per bin costs as much as the rest when the JIT's first
        // tier runs this (it inlines only very small methods).
        final float[] r1 = s1Re, r2 = s2Re, i1 = s1Im, i2 = s2Im;
        final float ar = r1[first] * a1 + r2[first] * a2;
        final float ai = i1[first] * a1 + i2[first] * a2;
        final float br = r1[first + 1] * b1 + r2[first + 1] * b2;
        final float bi = i1[first + 1] * b1 + i2[first + 1] * b2;
        final float dr = r1[first + 2] * d1 + r2[first + 2] * d2;
        final float di = i1[first + 2] * d1 + i2[first + 2] * d2;
        final float er = r1[first + 3] * e1 + r2[first + 3] * e2;
        final float ei = i1[first + 3] * e1 + i2[first + 3] * e2;
        re[first] = ar;
        im[first] = ai;
        re[first + 1] = br;
        im[first + 1] = bi;
        re[first + 2] = dr;
        im[first + 2] = di;
        re[first + 3] = er;
        im[first + 3] = ei;
        return larger(larger(ar * ar + ai * ai, br * br + bi * bi), larger(dr * dr + di * di, er * er + ei * ei));
    }

    /**
     * The larger of two powers (not negative, so they order as their bit patterns do): without a branch once compiled
     * by C2, and inlined by the JIT's first tier, where {@code Math.max} on floats is a call.
     */
    private static float larger(float a, float b) {
        return Float.intBitsToFloat(Math.max(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b)));
    }

    /** The key the last two half-blocks carry, or 0. */
    private char evaluatePair() {
        // The pair's low-group DFT first, even when its energy refuses it: the span test reads it.
        final float[] pw = pairPower;
        final float[] prevRe = ringRe[prevSlot], prevIm = ringIm[prevSlot], curRe = ringRe[slot], curIm = ringIm[slot];
        final float[] pr = pairRe[slot], pi = pairIm[slot];
        final float[] sc = shiftCos, ss = shiftSin;
        // Written out for the four bins (the JIT's first tier neither unrolls loops nor inlines the method).
        float r0 = prevRe[0] + sc[0] * curRe[0] + ss[0] * curIm[0];
        float i0 = prevIm[0] + sc[0] * curIm[0] - ss[0] * curRe[0];
        float r1 = prevRe[1] + sc[1] * curRe[1] + ss[1] * curIm[1];
        float i1 = prevIm[1] + sc[1] * curIm[1] - ss[1] * curRe[1];
        float r2 = prevRe[2] + sc[2] * curRe[2] + ss[2] * curIm[2];
        float i2 = prevIm[2] + sc[2] * curIm[2] - ss[2] * curRe[2];
        float r3 = prevRe[3] + sc[3] * curRe[3] + ss[3] * curIm[3];
        float i3 = prevIm[3] + sc[3] * curIm[3] - ss[3] * curRe[3];
        pr[0] = r0;
        pi[0] = i0;
        pr[1] = r1;
        pi[1] = i1;
        pr[2] = r2;
        pi[2] = i2;
        pr[3] = r3;
        pi[3] = i3;
        float p0 = r0 * r0 + i0 * i0;
        float p1 = r1 * r1 + i1 * i1;
        float p2 = r2 * r2 + i2 * i2;
        float p3 = r3 * r3 + i3 * i3;
        pw[0] = p0;
        pw[1] = p1;
        pw[2] = p2;
        pw[3] = p3;
        float energy = prevEnergy + curEnergy;
        if (energy < minEnergy) {
            return 0;
        }
        // The low group alone can already refuse the pair (another low tone within 5 dB of the strongest): then the
        // high-group filters of the two halves need not run. The tests only refuse, so their order changes nothing.
        float lMax = larger(larger(p0, p1), larger(p2, p3));
        int t = Float.floatToRawIntBits(groupMargin * lMax);
        if (((t - Float.floatToRawIntBits(p0)) >>> 31)
                        + ((t - Float.floatToRawIntBits(p1)) >>> 31)
                        + ((t - Float.floatToRawIntBits(p2)) >>> 31)
                        + ((t - Float.floatToRawIntBits(p3)) >>> 31)
                > 1) {
            return 0;
        }
        if (!ringHigh[prevSlot]) {
            highGroup(prevSlot);
        }
        if (!ringHigh[slot]) {
            highGroup(slot);
        }
        pairWindow(4);
        float hMax = larger(larger(pw[4], pw[5]), larger(pw[6], pw[7]));
        if ((lMax + hMax) * preScale < MIN_PRE_PURITY * energy) {
            return 0;
        }
        if (countAbove(pw, 4, groupMargin * hMax) > 1) {
            return 0;
        }
        int li = strongest(pw, 0);
        int hi = strongest(pw, 4);
        return tonesFit(li, hi) ? KEYMAP[li][hi - 4] : 0;
    }

    /**
     * Whether the two nominal tones of the candidate key, fitted to each half, explain the pair: purity, level, steady
     * amplitude, twist and phase advance. Each test is a margin that must not be negative (the sign of a float
     * difference is exact, so each is the plain comparison), and the margins are combined without branches: which test
     * fails depends on the audio, and a branch that hours of audio never took would make the JIT compiler recompile the
     * receiver the first time it is taken.
     */
    private boolean tonesFit(int li, int hi) {
        int g = ((li * 4) + (hi - 4)) * 16;
        float explainedPrev = fit(g, ringRe[prevSlot], ringIm[prevSlot], li, hi, fitPrev);
        float explainedCur = fit(g, ringRe[slot], ringIm[slot], li, hi, fitCur);
        float lp = fitPrev[0] * fitPrev[0] + fitPrev[1] * fitPrev[1];
        float hp = fitPrev[2] * fitPrev[2] + fitPrev[3] * fitPrev[3];
        float lc = fitCur[0] * fitCur[0] + fitCur[1] * fitCur[1];
        float hc = fitCur[2] * fitCur[2] + fitCur[3] * fitCur[3];
        float l = lp + lc;
        float h = hp + hc;
        double purity = Math.min(explainedPrev - MIN_PURITY * prevEnergy, explainedCur - MIN_PURITY * curEnergy);
        float level = Math.min(Math.min(lp, hp), Math.min(lc, hc)) - minTonePower;
        float step = Math.min(
                Math.min(maxStep * lp - lc, maxStep * lc - lp), Math.min(maxStep * hp - hc, maxStep * hc - hp));
        float twist = Math.min(maxNormalTwist * h - l, maxReverseTwist * l - h);
        float phase = Math.min(
                phaseMargin(li, fitPrev[0], fitPrev[1], fitCur[0], fitCur[1]),
                phaseMargin(hi, fitPrev[2], fitPrev[3], fitCur[2], fitCur[3]));
        return Math.min(purity, Math.min(Math.min(level, step), Math.min(twist, phase))) >= 0;
    }

    /**
     * Power of bins {@code first..first+3} over the pair window: previous half plus current half shifted by one half.
     * The DFT itself is kept in {@code pairRe/Im[slot]}.
     */
    private void pairWindow(int first) {
        final float[] pw = pairPower;
        final float[] prevRe = ringRe[prevSlot], prevIm = ringIm[prevSlot], curRe = ringRe[slot], curIm = ringIm[slot];
        final float[] pr = pairRe[slot], pi = pairIm[slot];
        for (int k = first; k < first + 4; k++) {
            float re = prevRe[k] + shiftCos[k] * curRe[k] + shiftSin[k] * curIm[k];
            float im = prevIm[k] + shiftCos[k] * curIm[k] - shiftSin[k] * curRe[k];
            pr[k] = re;
            pi[k] = im;
            pw[k] = re * re + im * im;
        }
    }

    /** The strongest of bins {@code first..first+3} (the first of them if two are equal). */
    static int strongest(float[] pw, int first) {
        int best = first;
        for (int k = first + 1; k < first + 4; k++) {
            if (pw[k] > pw[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * How many of bins {@code first..first+3} exceed {@code t}. With {@code t} a fraction below 1 of the group's
     * strongest power, more than one means that another bin is within that margin of the strongest. Powers and {@code
     * t} are not negative, so they order as their bit patterns do: no loop and no branch.
     */
    static int countAbove(float[] pw, int first, float t) {
        int b = Float.floatToRawIntBits(t);
        return ((b - Float.floatToRawIntBits(pw[first])) >>> 31)
                + ((b - Float.floatToRawIntBits(pw[first + 1])) >>> 31)
                + ((b - Float.floatToRawIntBits(pw[first + 2])) >>> 31)
                + ((b - Float.floatToRawIntBits(pw[first + 3])) >>> 31);
    }

    /**
     * Least-squares fit of the two nominal tones to one half-block from its DFT. Writes the complex amplitudes (low re,
     * im, high re, im) and returns the energy the fit explains.
     */
    private float fit(int g, float[] re, float[] im, int li, int hi, float[] out) {
        return fitWith(gramInv, g, re, im, li, hi, out);
    }

    /** {@link #fit} with the inverse Gram matrices {@code m} of another window length. */
    static float fitWith(float[] m, int g, float[] re, float[] im, int li, int hi, float[] out) {
        // Correlations with cos and sin: sum x cos = Re X, sum x sin = -Im X.
        float r0 = re[li], r1 = -im[li], r2 = re[hi], r3 = -im[hi];
        float c0 = m[g] * r0 + m[g + 1] * r1 + m[g + 2] * r2 + m[g + 3] * r3;
        float c1 = m[g + 4] * r0 + m[g + 5] * r1 + m[g + 6] * r2 + m[g + 7] * r3;
        float c2 = m[g + 8] * r0 + m[g + 9] * r1 + m[g + 10] * r2 + m[g + 11] * r3;
        float c3 = m[g + 12] * r0 + m[g + 13] * r1 + m[g + 14] * r2 + m[g + 15] * r3;
        // x ~ c cos + s sin = Re((c - js) e^{jwn}).
        out[0] = c0;
        out[1] = -c1;
        out[2] = c2;
        out[3] = -c3;
        return c0 * r0 + c1 * r1 + c2 * r2 + c3 * r3;
    }

    /**
     * A nominal tone advances by w*M over one half-block; a frequency error shows as extra rotation. Not negative when the
     * rotation is within the bound.
     */
    private float phaseMargin(int k, float pRe, float pIm, float cRe, float cIm) {
        // z = cur * conj(prev) * e^{-jwM}
        float zr0 = cRe * pRe + cIm * pIm;
        float zi0 = cIm * pRe - cRe * pIm;
        float zr = zr0 * shiftCos[k] + zi0 * shiftSin[k];
        float zi = zi0 * shiftCos[k] - zr0 * shiftSin[k];
        float c = minPhaseCos[k];
        if (c <= -1f) {
            return 1;
        }
        // zr >= c * |z|, without the square root
        float bound = c * c * (zr * zr + zi * zi);
        if (c >= 0) {
            return Math.min(zr, zr * zr - bound);
        }
        return Math.max(zr, bound - zr * zr);
    }

    /** Runs the high-group filters of a ring slot unless they have run. */
    private void highGroup(int s) {
        if (!ringHigh[s]) {
            goertzel(ringSamples[s], 4, ringRe[s], ringIm[s]);
            ringHigh[s] = true;
        }
    }

    /**
     * The key the last {@code len} half-blocks carry as a whole, or 0: the test for keys under speech, where the
     * half-block pairs fail because the speech holds much of each half's energy. Over the span (31.9 ms and more) the DFT
     * resolves the tones far better than over a pair, so the tones are judged against the span's energy with a lower
     * purity bound, but more strictly in every other respect: each tone must advance in phase from the span's first two
     * half-blocks to its last two as its nominal frequency does (within 0.4 % over five half-blocks, 0.2 % over six or
     * seven), and every half-block of the span must carry
     * both tones in phase with the fit (which also refuses tones shorter than the span).
     */
    private char evaluateSpan(int len) {
        final int first = (slot - (len - 1)) & RING_MASK;
        final float[] e = ringEnergy;
        // Summed from the span's first half-block on, as a loop would.
        float energy = e[first]
                + e[(first + 1) & RING_MASK]
                + e[(first + 2) & RING_MASK]
                + e[(first + 3) & RING_MASK]
                + e[(first + 4) & RING_MASK];
        for (int j = SPAN; j < len; j++) {
            energy += e[(first + j) & RING_MASK];
        }
        final float[] pw = pairPower;
        spanLow(first, len);
        float lMax = larger(larger(pw[0], pw[1]), larger(pw[2], pw[3]));
        // The tests only refuse, so their order changes nothing: the cheapest first (most spans of speech fail here).
        if (lMax * spanLowShareScale[len - SPAN] < energy) {
            return 0;
        }
        // The strongest low bin (the first of them if two are equal, as strongest() finds it), without a call.
        int li = pw[0] == lMax ? 0 : pw[1] == lMax ? 1 : pw[2] == lMax ? 2 : 3;
        // Over five half-blocks another low-group tone within the group margin (a voice's harmonic near the tone) is
        // allowed when it is not a steady tone at its nominal frequency: its phase, from the span's first two
        // half-blocks to its last two, does not advance as that frequency does within 0.4 %. The longer spans keep the
        // margin.
        if (countAbove(pw, 0, spanGroupMargin * lMax) > 1 && (len > SPAN || rivalRefuses(first, li, len))) {
            if (len == SPAN) {
                combWorth = highSteadyUnderRival(first, li, energy);
            }
            return 0;
        }
        for (int j = 0; j < len; j++) {
            int r = (first + j) & RING_MASK;
            if (!ringHigh[r]) {
                highGroup(r);
            }
        }
        spanHigh(first, len);
        float hMax = larger(larger(pw[4], pw[5]), larger(pw[6], pw[7]));
        if (countAbove(pw, 4, spanGroupMargin * hMax) > 1) {
            return 0;
        }
        int hi = strongest(pw, 4);
        spanCandidate = true;
        float margin = judgeSpan(first, len, li, hi, energy);
        if (len == SPAN && margin < 0) {
            combWorth = highSteady(first, li, hi, energy);
        }
        // The key if no margin is negative, without a branch (the sign bit of the smallest margin masks the key).
        return (char) (KEYMAP[li][hi - 4] & ~(Float.floatToRawIntBits(margin) >> 31));
    }

    /**
     * Whether the low group's other tone within the margin refuses a span whose strongest low bin is {@code li}: when
     * the strongest bin is not a steady tone at its nominal frequency, or when the other tone is. (Under speech the
     * strongest bin is mostly not steady, so it is judged first.)
     */
    private boolean rivalRefuses(int first, int li, int len) {
        final float[] headRe = pairRe[(first + 1) & RING_MASK], headIm = pairIm[(first + 1) & RING_MASK];
        final float[] tailRe = pairRe[slot], tailIm = pairIm[slot];
        if (spanPhaseMargin(li, len, headRe[li], headIm[li], tailRe[li], tailIm[li], minSpanPhaseCos) < 0) {
            return true;
        }
        int rival = secondIndex(pairPower, 0, li);
        return spanPhaseMargin(rival, len, headRe[rival], headIm[rival], tailRe[rival], tailIm[rival], minSpanPhaseCos)
                >= 0;
    }

    /** The key of low-group bin {@code li} and high-group bin {@code hi}. */
    static char key(int li, int hi) {
        return KEYMAP[li][hi - 4];
    }

    /** The strongest of bins {@code first..first+3} other than {@code strongest}. */
    private static int secondIndex(float[] pw, int first, int strongest) {
        int best = strongest == first ? first + 1 : first;
        for (int k = first; k < first + 4; k++) {
            if (k != strongest && pw[k] > pw[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The span tests for the key of tones {@code li} and {@code hi} over the last {@code len} half-blocks (whose DFTs
     * {@link #spanLow} and {@link #spanHigh} have computed): the smallest margin, not negative when every test passes,
     * or -1 as soon as one fails. Also sets {@link #spanStrong} for a span that passes the first tests.
     */
    private float judgeSpan(int first, int len, int li, int hi, float energy) {
        int g = ((li * 4) + (hi - 4)) * 16;
        float explained = fitWith(gramSpan, (len - SPAN) * 256 + g, spanRe, spanIm, li, hi, fitSpan);
        float l = fitSpan[0] * fitSpan[0] + fitSpan[1] * fitSpan[1];
        float h = fitSpan[2] * fitSpan[2] + fitSpan[3] * fitSpan[3];
        double purity = explained - SPAN_MIN_PURITY * energy;
        float level = Math.min(l, h) - minTonePower;
        // Whether the span is strong enough to start a press on its own (its tones explain 65 % of its energy), without
        // a branch: 1 when that margin is not negative (its sign bit clear). A strong span of five half-blocks is
        // allowed 0.6 % of frequency error rather than 0.4 %, and while no press sounds, 5 dB of amplitude step rather
        // than 3 dB ((x - 1) >>> 31 is 1 for x = 0). A strong span of any length is allowed 8 dB of reverse twist.
        int strong = ~Float.floatToRawIntBits((float) (explained - SPAN_STRONG_PURITY * energy)) >>> 31;
        float twist = Math.min(maxNormalTwist * h - l, reverseTwistBounds[strong] * l - h);
        // Most candidates under speech already fail one of these: a negative margin makes the smallest one negative, so
        // the span is refused without the rest (every span test is such a margin; none has a side effect that counts
        // for a refused span). A span below the purity bound but above SPAN_VOICE_PURITY goes on to the voice test.
        boolean voiced = purity < 0;
        if ((voiced && explained < SPAN_VOICE_PURITY * energy) || level < 0 || twist < 0) {
            return -1;
        }
        final int head = (first + 1) & RING_MASK;
        fitWith(gramPair, g, pairRe[head], pairIm[head], li, hi, fitHead);
        fitWith(gramPair, g, pairRe[slot], pairIm[slot], li, hi, fitTail);
        float lp = fitHead[0] * fitHead[0] + fitHead[1] * fitHead[1];
        float hp = fitHead[2] * fitHead[2] + fitHead[3] * fitHead[3];
        float lc = fitTail[0] * fitTail[0] + fitTail[1] * fitTail[1];
        float hc = fitTail[2] * fitTail[2] + fitTail[3] * fitTail[3];
        spanStrong = strong;
        float maxStep = stepBounds[strong & ((len - SPAN - 1) >>> 31) & ((pressKey - 1) >>> 31)];
        float step = Math.min(
                Math.min(maxStep * lp - lc, maxStep * lc - lp), Math.min(maxStep * hp - hc, maxStep * hc - hp));
        float[] bound = phaseBounds[strong];
        float phase = Math.min(
                spanPhaseMargin(li, len, fitHead[0], fitHead[1], fitTail[0], fitTail[1], bound),
                spanPhaseMargin(hi, len, fitHead[2], fitHead[3], fitTail[2], fitTail[3], bound));
        if (step < 0 || phase < 0) {
            return -1;
        }
        float halves = Math.min(
                halfMargin(first, len, li, fitSpan[0], fitSpan[1], l),
                halfMargin(first, len, hi, fitSpan[2], fitSpan[3], h));
        float rest = Math.min(Math.min(level, twist), Math.min(Math.min(step, phase), halves));
        if (voiced) {
            return rest >= 0 && voiceSpares(first, len, li, hi, l, h) ? rest : -1;
        }
        return (float) Math.min(purity, rest);
    }

    /**
     * Whether the high tone of the span of five just refused (fitted over the span by {@link #judgeSpan}) is steady:
     * amplitude, frequency and every half-block within the bounds that make the comb span worth judging.
     */
    private boolean highSteady(int first, int li, int hi, float energy) {
        float h = fitSpan[2] * fitSpan[2] + fitSpan[3] * fitSpan[3];
        if (h * combTryShareScale < energy) {
            return false;
        }
        int g = ((li * 4) + (hi - 4)) * 16;
        final int head = (first + 1) & RING_MASK;
        fitWith(gramPair, g, pairRe[head], pairIm[head], li, hi, fitHead);
        fitWith(gramPair, g, pairRe[slot], pairIm[slot], li, hi, fitTail);
        float hp = fitHead[2] * fitHead[2] + fitHead[3] * fitHead[3];
        float hc = fitTail[2] * fitTail[2] + fitTail[3] * fitTail[3];
        return hp <= combTryStep * hc
                && hc <= combTryStep * hp
                && spanPhaseMargin(hi, SPAN, fitHead[2], fitHead[3], fitTail[2], fitTail[3], minSpanPhaseCos) >= 0
                && halfMargin(first, SPAN, hi, fitSpan[2], fitSpan[3], h) >= combTryHalf * h;
    }

    /**
     * Whether the span of five refused for a rival low tone has a high tone steady enough for the comb span: the high
     * group's margin, then {@link #highSteady} with the two tones fitted over the span.
     */
    private boolean highSteadyUnderRival(int first, int li, float energy) {
        // About 100,000 spans of five a day of calls are refused for a rival low tone: the span's first and last
        // half-blocks first (their high-group DFT mostly computed already), which leaves a fifth of them.
        if (!highHalfShare(first) || !highHalfShare(slot)) {
            return false;
        }
        for (int j = 0; j < SPAN; j++) {
            highGroup((first + j) & RING_MASK);
        }
        spanHigh(first, SPAN);
        final float[] pw = pairPower;
        float hMax = larger(larger(pw[4], pw[5]), larger(pw[6], pw[7]));
        if (hMax * combTryBinScale < energy || countAbove(pw, 4, spanGroupMargin * hMax) > 1) {
            return false;
        }
        int hi = strongest(pw, 4);
        fitWith(gramSpan, ((li * 4) + (hi - 4)) * 16, spanRe, spanIm, li, hi, fitSpan);
        return highSteady(first, li, hi, energy);
    }

    /**
     * Whether the strongest high-group bin of ring slot {@code r} (a half-block of a span, so above the energy gate)
     * holds {@link #COMB_TRY_HIGH_HALF_SHARE} of its energy.
     */
    private boolean highHalfShare(int r) {
        highGroup(r);
        float max = larger(larger(binPower(r, 4), binPower(r, 5)), larger(binPower(r, 6), binPower(r, 7)));
        return max * combTryHalfScale >= ringEnergy[r];
    }

    /** Whether every half-block in the ring passed the energy gate (only those are sure to hold their samples). */
    private boolean ringLoud() {
        for (int j = 0; j < RING; j++) {
            if (ringEnergy[j] < minHalfEnergy) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the rest of a span whose tones {@code li} and {@code hi} (fitted powers {@code l} and {@code h}) explain
     * too little of it is a voice that does not make them: each tone stands {@link #VOICE_NEAR_DB} above the rest within
     * {@link #VOICE_NEAR_HZ}, and where the rest is voiced, a tone on its harmonic comb stands {@link #VOICE_COMB_DB}
     * above the harmonics next to it.
     */
    private boolean voiceSpares(int first, int len, int li, int hi, float l, float h) {
        final int n = len * half;
        final float[] r = residual;
        final double wl = 2 * Math.PI * FREQS[li] / rate;
        final double wh = 2 * Math.PI * FREQS[hi] / rate;
        final float[] f = fitSpan;
        for (int j = 0; j < len; j++) {
            final float[] x = ringSamples[(first + j) & RING_MASK];
            for (int i = 0; i < half; i++) {
                int t = j * half + i;
                r[t] = (float) (x[i]
                        - (f[0] * StrictMath.cos(wl * t)
                                - f[1] * StrictMath.sin(wl * t)
                                + f[2] * StrictMath.cos(wh * t)
                                - f[3] * StrictMath.sin(wh * t)));
            }
        }
        double sum = 0;
        for (int t = 0; t < n; t++) {
            double win = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * (t + 0.5) / n);
            windowed[t] = (float) (win * r[t]);
            sum += win;
        }
        windowSum = sum;
        double f0 = pitch(n);
        return toneStands(n, FREQS[li], l, f0) && toneStands(n, FREQS[hi], h, f0);
    }

    /** The fundamental of the voiced {@link #residual} (80 to 400 Hz), or 0 when it is not voiced. */
    private double pitch(int n) {
        final float[] r = residual;
        int minLag = (int) Math.round(rate / 400.0);
        int maxLag = Math.min(n / 2, (int) Math.round(rate / 80.0));
        double best = VOICED_CORRELATION;
        int bestLag = 0;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double c = 0;
            double a = 0;
            double b = 0;
            for (int t = 0; t + lag < n; t++) {
                c += r[t] * r[t + lag];
                a += r[t] * r[t];
                b += r[t + lag] * r[t + lag];
            }
            double rho = c / Math.sqrt(a * b + 1e-9);
            if (rho > best) {
                best = rho;
                bestLag = lag;
            }
        }
        return bestLag == 0 ? 0 : (double) rate / bestLag;
    }

    /** Whether a tone of frequency {@code ft} and power {@code p} stands out of the {@link #residual}'s spectrum. */
    private boolean toneStands(int n, double ft, float p, double f0) {
        for (double fr = ft - VOICE_NEAR_HZ; fr <= ft + VOICE_NEAR_HZ; fr += 10) {
            if (residualPower(n, fr) * voiceNear > p) {
                return false;
            }
        }
        if (f0 > 0) {
            long harmonic = Math.round(ft / f0);
            if (harmonic >= 1 && Math.abs(ft - harmonic * f0) <= 0.25 * f0) {
                double below = residualPower(n, (harmonic - 1) * f0);
                double above = residualPower(n, (harmonic + 1) * f0);
                if (Math.max(below, above) * voiceComb > p) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Power of the {@link #residual} at {@code fr} Hz under a Hann window (a Goertzel filter over {@link #windowed}), as a
     * sinusoid's squared amplitude.
     */
    private double residualPower(int n, double fr) {
        if (fr <= 0) {
            return 0;
        }
        final float[] x = windowed;
        double c = 2 * StrictMath.cos(2 * Math.PI * fr / rate);
        double s1 = 0;
        double s2 = 0;
        for (int t = 0; t < n; t++) {
            double s0 = x[t] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return 4 * (s1 * s1 + s2 * s2 - c * s1 * s2) / (windowSum * windowSum);
    }

    /**
     * DFT of the low group's bins over the span of {@code len} half-blocks starting at ring slot {@code first} (and
     * ending at the current one), into {@code spanRe/Im} and the power into {@code pairPower}: the DFTs of its first
     * two half-blocks and of its last two (kept by the pair test, each relative to its own first sample), and of each
     * half-block between them, each turned onto the span's first sample.
     */
    private void spanLow(int first, int len) {
        final float[] pw = pairPower;
        final int head = (first + 1) & RING_MASK;
        final float[] hRe = pairRe[head], hIm = pairIm[head], tRe = pairRe[slot], tIm = pairIm[slot];
        final float[] mRe = ringRe[(first + 2) & RING_MASK], mIm = ringIm[(first + 2) & RING_MASK];
        final float[] rc = rotCos, rs = rotSin;
        final int t = (len - 2) * 8;
        // Written out for the four bins (the JIT's first tier does not unroll loops): the first two half-blocks, plus
        // the last two turned onto the span's first sample, plus the third half-block.
        float re0 = hRe[0] + rc[t] * tRe[0] + rs[t] * tIm[0];
        float im0 = hIm[0] + rc[t] * tIm[0] - rs[t] * tRe[0];
        float re1 = hRe[1] + rc[t + 1] * tRe[1] + rs[t + 1] * tIm[1];
        float im1 = hIm[1] + rc[t + 1] * tIm[1] - rs[t + 1] * tRe[1];
        float re2 = hRe[2] + rc[t + 2] * tRe[2] + rs[t + 2] * tIm[2];
        float im2 = hIm[2] + rc[t + 2] * tIm[2] - rs[t + 2] * tRe[2];
        float re3 = hRe[3] + rc[t + 3] * tRe[3] + rs[t + 3] * tIm[3];
        float im3 = hIm[3] + rc[t + 3] * tIm[3] - rs[t + 3] * tRe[3];
        re0 += rc[16] * mRe[0] + rs[16] * mIm[0];
        im0 += rc[16] * mIm[0] - rs[16] * mRe[0];
        re1 += rc[17] * mRe[1] + rs[17] * mIm[1];
        im1 += rc[17] * mIm[1] - rs[17] * mRe[1];
        re2 += rc[18] * mRe[2] + rs[18] * mIm[2];
        im2 += rc[18] * mIm[2] - rs[18] * mRe[2];
        re3 += rc[19] * mRe[3] + rs[19] * mIm[3];
        im3 += rc[19] * mIm[3] - rs[19] * mRe[3];
        // The other half-blocks between (spans of six and seven), in order.
        for (int j = 3; j < len - 2; j++) {
            final float[] xr = ringRe[(first + j) & RING_MASK], xi = ringIm[(first + j) & RING_MASK];
            final int o = j * 8;
            re0 += rc[o] * xr[0] + rs[o] * xi[0];
            im0 += rc[o] * xi[0] - rs[o] * xr[0];
            re1 += rc[o + 1] * xr[1] + rs[o + 1] * xi[1];
            im1 += rc[o + 1] * xi[1] - rs[o + 1] * xr[1];
            re2 += rc[o + 2] * xr[2] + rs[o + 2] * xi[2];
            im2 += rc[o + 2] * xi[2] - rs[o + 2] * xr[2];
            re3 += rc[o + 3] * xr[3] + rs[o + 3] * xi[3];
            im3 += rc[o + 3] * xi[3] - rs[o + 3] * xr[3];
        }
        final float[] sr = spanRe, si = spanIm;
        sr[0] = re0;
        si[0] = im0;
        sr[1] = re1;
        si[1] = im1;
        sr[2] = re2;
        si[2] = im2;
        sr[3] = re3;
        si[3] = im3;
        pw[0] = re0 * re0 + im0 * im0;
        pw[1] = re1 * re1 + im1 * im1;
        pw[2] = re2 * re2 + im2 * im2;
        pw[3] = re3 * re3 + im3 * im3;
    }

    /**
     * Like {@link #spanLow}, for the high group's bins (whose filters have run for every half-block of the span); the
     * DFTs of the span's first two and last two half-blocks are computed here, into the pair DFTs of their slots.
     */
    private void spanHigh(int first, int len) {
        final float[] pw = pairPower;
        final int head = (first + 1) & RING_MASK;
        final float[] ar = ringRe[first], ai = ringIm[first];
        final float[] br = ringRe[head], bi = ringIm[head];
        final float[] dr = ringRe[prevSlot], di = ringIm[prevSlot];
        final float[] er = ringRe[slot], ei = ringIm[slot];
        final float[] hRe = pairRe[head], hIm = pairIm[head], tRe = pairRe[slot], tIm = pairIm[slot];
        for (int k = 4; k < 8; k++) {
            float c1 = rotCos[8 + k];
            float s1 = rotSin[8 + k];
            float hr = ar[k] + c1 * br[k] + s1 * bi[k];
            float hi = ai[k] + c1 * bi[k] - s1 * br[k];
            float tr = dr[k] + c1 * er[k] + s1 * ei[k];
            float ti = di[k] + c1 * ei[k] - s1 * er[k];
            float c3 = rotCos[(len - 2) * 8 + k];
            float s3 = rotSin[(len - 2) * 8 + k];
            float re = hr + c3 * tr + s3 * ti;
            float im = hi + c3 * ti - s3 * tr;
            for (int j = 2; j < len - 2; j++) {
                int r = (first + j) & RING_MASK;
                float c = rotCos[j * 8 + k];
                float s = rotSin[j * 8 + k];
                re += c * ringRe[r][k] + s * ringIm[r][k];
                im += c * ringIm[r][k] - s * ringRe[r][k];
            }
            hRe[k] = hr;
            hIm[k] = hi;
            tRe[k] = tr;
            tIm[k] = ti;
            spanRe[k] = re;
            spanIm[k] = im;
            pw[k] = re * re + im * im;
        }
    }

    /**
     * Not negative when every half-block of the span, projected on tone {@code k} as fitted over the span (complex
     * amplitude {@code aRe + j aIm} at the span's first sample, power {@code p}), reaches the set fraction of its
     * amplitude.
     */
    private float halfMargin(int first, int len, int k, float aRe, float aIm, float p) {
        float margin = Float.MAX_VALUE;
        for (int j = 0; j < len; j++) {
            int r = (first + j) & RING_MASK;
            // The tone at half j: A e^{jwjM}; its projection is Re(A e^{jwjM} conj(X_j)).
            float c = rotCos[j * 8 + k];
            float s = rotSin[j * 8 + k];
            float br = aRe * c - aIm * s;
            float bi = aRe * s + aIm * c;
            float proj = br * ringRe[r][k] + bi * ringIm[r][k];
            margin = Math.min(margin, proj - spanHalfScale * p);
        }
        return margin;
    }

    /** Like {@link #phaseMargin}, over the span: from its first two half-blocks to its last two. */
    private float spanPhaseMargin(int k, int len, float pRe, float pIm, float cRe, float cIm, float[] bound) {
        return advanceMargin(
                pRe, pIm, cRe, cIm, rotCos[(len - 2) * 8 + k], rotSin[(len - 2) * 8 + k], bound[(len - SPAN) * 8 + k]);
    }

    /**
     * Not negative when the complex amplitude {@code c} is {@code p} turned by the rotation of cosine {@code sc} and sine
     * {@code ss} (a tone's advance at its nominal frequency) to within the angle whose cosine {@code bound} is (not
     * negative): with {@code z = c conj(p) e^{-j rotation}}, {@code Re z >= bound |z|}, without the square root.
     */
    static float advanceMargin(float pRe, float pIm, float cRe, float cIm, float sc, float ss, float bound) {
        float zr0 = cRe * pRe + cIm * pIm;
        float zi0 = cIm * pRe - cRe * pIm;
        float zr = zr0 * sc + zi0 * ss;
        float zi = zi0 * sc - zr0 * ss;
        float b = bound * bound * (zr * zr + zi * zi);
        return Math.min(zr, zr * zr - b);
    }

    /**
     * Judges the pair (or span) that ends at the current half-block: {@code spanKey} is non-zero when a span holds it,
     * {@code noPair} is 1 when no pair does (only then does the span move the chain's start back to its own).
     */
    private void judgePair(char key, char spanKey, int noPair) {
        long pairEnd = halvesDone * half;
        long pairStart = pairEnd - 2L * half;
        if ((pressKey | heldKey) != 0) {
            // Rare (a key sounds or was just held): whether its tones are still there.
            followTones(key);
        }
        if (key == 0) {
            if (chainLength > 0 && chainHoles < HOLES_FORGIVEN) {
                // Up to three failing pairs among those that start a press are forgiven: speech under a short press
                // breaks single pairs and spans. A 20 ms tone still never gives three valid pairs (nor a valid span).
                chainHoles++;
            } else {
                chainKey = 0;
                chainLength = 0;
                chainHoles = 0;
            }
            if (pressKey != 0 && ++misses >= PAIRS_TO_END) {
                endOrHold();
            }
            return;
        }
        if (key == chainKey) {
            chainLength++;
        } else {
            chainKey = key;
            chainLength = 1;
            chainHoles = 0;
            chainStart = pairStart;
        }
        // A span holds two pairs and more of tone: it counts as two valid pairs, from its start, and as three when its
        // tones explain most of its energy (without branches).
        int span = Integer.signum(spanKey);
        chainLength = Math.max(chainLength, (PAIRS_TO_START - 1 + spanStrong) * span);
        chainStart =
                Math.min(chainStart, pairEnd - (long) spanLength * half + (1 - span * noPair) * (Long.MAX_VALUE / 2));
        if (pressKey == key) {
            pressEnd = pairEnd;
            misses = 0;
            pressVotes[index(key)]++;
            addLevels();
            return;
        }
        if (pressKey != 0) {
            // Another key without the separating gap: the old press is over only once the new one is established.
            if (chainLength < PAIRS_TO_START) {
                if (++misses >= PAIRS_TO_END) {
                    endOrHold();
                }
                return;
            }
            if (goneRun < HALVES_GONE && joins(key)) {
                // The pressed key's own tone is still there: the same press, in which a voice made another key for a
                // while.
                follow(key, pairEnd);
                return;
            }
            endPress();
        }
        if (chainLength >= PAIRS_TO_START) {
            if (heldKey != 0) {
                if (key == heldKey || joins(key)) {
                    // The held press's tones were never seen to stop (followTones reports it when they do): the same
                    // press, not reported twice.
                    heldKey = 0;
                    follow(key, pairEnd);
                    return;
                }
                reportHeld();
            }
            pressStart = chainStart;
            pressFirst = index(key);
            Arrays.fill(pressVotes, 0);
            Arrays.fill(levelCount, 0);
            Arrays.fill(lowLevel, 0);
            Arrays.fill(highLevel, 0);
            follow(key, pairEnd);
            listener.keyDown(key, pressStart);
        }
    }

    /**
     * Whether {@code key}, another key than the one pressed (or held), is part of the same press: it was already
     * recognised in the press (it comes back after a voice made another key for a while), or it started within {@link
     * #JOIN_HALVES} half-blocks of the press's last valid pair (a key pressed after the press follows a gap of 40 ms or
     * more) while the tones of the press's leading key that it lacks still sound.
     */
    private boolean joins(char key) {
        return pressVotes[index(key)] > 0 || (chainStart - pressEnd < (long) JOIN_HALVES * half && stillSounds(key));
    }

    /**
     * Whether the tones of the press's leading key that {@code key} does not have still sound over the last {@link
     * #HALVES_GONE} half-blocks, within {@link #TONE_STILL_DB} of their level in the press: then {@code key} was made by
     * a voice under the press, not pressed after it.
     */
    private boolean stillSounds(char key) {
        int l = lead();
        double mean = 1.0 / levelCount[l];
        return (l / 4 == LOW_OF[key] || recentLogPower(l / 4) >= mean * lowLevel[l] + logToneStill)
                && (4 + l % 4 == HIGH_OF[key] || recentLogPower(4 + l % 4) >= mean * highLevel[l] + logToneStill);
    }

    /** The press's leading key: the index of the key of most valid pairs in it (its first key on a tie). */
    private int lead() {
        int best = pressFirst;
        for (int k = 0; k < 16; k++) {
            if (pressVotes[k] > pressVotes[best]) {
                best = k;
            }
        }
        return best;
    }

    /** A key's index in the press's tallies: its low-group bin times 4 plus its high-group bin. */
    private static int index(char key) {
        return LOW_OF[key] * 4 + HIGH_OF[key] - 4;
    }

    /** The logarithm of the mean power of bin {@code k} over the last {@link #HALVES_GONE} half-blocks. */
    private double recentLogPower(int k) {
        double sum = 0;
        for (int j = 0; j < HALVES_GONE; j++) {
            int r = (slot - j) & RING_MASK;
            if (ringEnergy[r] >= minHalfEnergy) {
                highGroup(r);
                sum += binPower(r, k);
            }
        }
        return Math.log(Math.max(1, sum / HALVES_GONE));
    }

    /** The press goes on with {@code key} established up to {@code pairEnd}, its tones followed from here. */
    private void follow(char key, long pairEnd) {
        pressKey = key;
        pressEnd = pairEnd;
        misses = 0;
        pressVotes[index(key)] += chainLength;
        addLevels();
    }

    /**
     * Follows the press's tones in the current half-block: a valid pair or span of the key pressed (or held) shows them;
     * otherwise the tones of the press's leading key are gone when the half-block is below the energy gate or either
     * tone's bin power is {@link #TONE_GONE_DB} below its level in the press. A held press is reported once its tones
     * are gone for {@link #HALVES_GONE} half-blocks, or after {@link #MAX_HOLD_HALVES}.
     */
    private void followTones(char key) {
        if (key == (pressKey != 0 ? pressKey : heldKey)) {
            goneRun = 0;
        } else {
            final int s = slot;
            boolean gone = ringEnergy[s] < minHalfEnergy;
            if (!gone) {
                highGroup(s);
                int l = lead();
                double mean = 1.0 / levelCount[l];
                gone = logPower(s, l / 4) < mean * lowLevel[l] + logToneGone
                        || logPower(s, 4 + l % 4) < mean * highLevel[l] + logToneGone;
            }
            goneRun = gone ? goneRun + 1 : 0;
        }
        if (heldKey != 0 && (goneRun >= HALVES_GONE || ++heldHalves > MAX_HOLD_HALVES)) {
            reportHeld();
        }
    }

    /**
     * Adds the current half-block's bin powers at the pressed key's two tones (in dB, as logarithms) to that key's
     * levels.
     */
    private void addLevels() {
        highGroup(slot);
        int k = index(pressKey);
        lowLevel[k] += logPower(slot, k / 4);
        highLevel[k] += logPower(slot, 4 + k % 4);
        levelCount[k]++;
        goneRun = 0;
    }

    /** The natural logarithm of the power of bin {@code k} of ring slot {@code s}'s DFT (at least 1). */
    private double logPower(int s, int k) {
        return Math.log(Math.max(1f, binPower(s, k)));
    }

    /** The power of bin {@code k} of ring slot {@code s}'s DFT. */
    private float binPower(int s, int k) {
        return ringRe[s][k] * ringRe[s][k] + ringIm[s][k] * ringIm[s][k];
    }

    /**
     * A press ended by failing pairs: reported at once when its tones are gone, otherwise held until they are, or until
     * a key is recognised again (then it is the same press).
     */
    private void endOrHold() {
        if (goneRun >= HALVES_GONE) {
            endPress();
            return;
        }
        heldKey = pressKey;
        heldHalves = 0;
        pressKey = 0;
        misses = 0;
    }

    private void reportHeld() {
        heldKey = 0;
        report();
    }

    private void endPress() {
        pressKey = 0;
        misses = 0;
        report();
    }

    /**
     * Reports the press: the key of most valid pairs in it (its first key on a tie), where a voice made another key for
     * a while.
     */
    private void report() {
        int best = lead();
        listener.key(new DtmfEvent(key(best / 4, 4 + best % 4), pressStart, pressEnd));
    }

    /**
     * The inverse Gram matrices of the two-tone fit over {@code m} samples for the 16 keys, 16 floats per key (low
     * group's bin times 4 plus high group's), into {@code out} from {@code at}.
     */
    static void invertGrams(int rate, int m, float[] out, int at) {
        for (int l = 0; l < 4; l++) {
            for (int h = 0; h < 4; h++) {
                invertGram(FREQS[l], FREQS[4 + h], rate, m, out, at + (l * 4 + h) * 16);
            }
        }
    }

    private static void invertGram(double fl, double fh, int rate, int m, float[] out, int at) {
        double[][] basis = new double[4][m];
        double wl = 2 * Math.PI * fl / rate;
        double wh = 2 * Math.PI * fh / rate;
        for (int n = 0; n < m; n++) {
            basis[0][n] = Math.cos(wl * n);
            basis[1][n] = Math.sin(wl * n);
            basis[2][n] = Math.cos(wh * n);
            basis[3][n] = Math.sin(wh * n);
        }
        double[][] a = new double[4][8];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int n = 0; n < m; n++) {
                    s += basis[i][n] * basis[j][n];
                }
                a[i][j] = s;
            }
            a[i][4 + i] = 1;
        }
        // Gauss-Jordan with partial pivoting; the Gram matrix is well conditioned for the DTMF pairs.
        for (int c = 0; c < 4; c++) {
            int p = c;
            for (int r = c + 1; r < 4; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[p];
            a[p] = tmp;
            double d = a[c][c];
            for (int j = 0; j < 8; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < 4; r++) {
                if (r != c) {
                    double f = a[r][c];
                    for (int j = 0; j < 8; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[at + i * 4 + j] = (float) a[i][4 + j];
            }
        }
    }
}
