package io.cxpulse.agent.survey;

/**
 * Recognises the tones a telephone network plays to a line whose other party has hung up: the busy or reorder
 * tone at 425/450 Hz with a 350 ms on / 350 ms off cadence (China, Europe) and the 480 + 620 Hz busy (500/500 ms)
 * or reorder (250/250 ms) tone of North America. Pure DSP on 8 kHz (or other rate) samples.
 *
 * <p>Audio is cut into 50 ms blocks; a block holds the tone when Goertzel filters find most of its energy at the
 * tone's frequencies. The tone is recognised after two bursts of 150-1100 ms with a gap of the same range in
 * between (about one second of busy tone), or after 2 s of continuous tone. Speech and DTMF keys do not qualify:
 * speech spreads its energy, and DTMF lies above 690 Hz.
 */
public final class HangupToneDetector {
    private static final double[] SINGLE = {425, 450};
    private static final double LOW = 480;
    private static final double HIGH = 620;
    private static final double MIN_RMS = 60; // about -55 dBFS
    private static final double SINGLE_SHARE = 0.6;
    private static final double DUAL_SHARE = 0.6;
    private static final double DUAL_EACH = 0.12;
    private static final int MIN_RUN_MILLIS = 150;
    private static final int MAX_RUN_MILLIS = 1100;
    private static final int CONTINUOUS_MILLIS = 2000;

    private final int sampleRate;
    private final int block;
    private final double[] buffer;
    private int filled;
    private long position;

    private boolean inTone;
    private int runBlocks;
    private boolean lastBurstValid;
    private boolean gapValid;
    private long detectedAt = -1;

    /** A detector for audio at this sample rate. */
    public HangupToneDetector(int sampleRate) {
        if (sampleRate < 4000) {
            throw new IllegalArgumentException("sample rate must be at least 4000 Hz, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.block = sampleRate / 20;
        this.buffer = new double[block];
    }

    /**
     * Feeds the next samples.
     *
     * @return the sample position (since the last reset) where the hang-up tone was recognised, or -1 while it
     *     has not been; once recognised, the same position is returned on every call
     */
    public long process(short[] pcm, int off, int len) {
        for (int i = 0; i < len; i++) {
            buffer[filled++] = pcm[off + i];
            position++;
            if (filled == block) {
                filled = 0;
                if (detectedAt < 0) {
                    blockDone(isToneBlock());
                }
            }
        }
        return detectedAt;
    }

    /** Whether the tone has been recognised since the last reset. */
    public boolean detected() {
        return detectedAt >= 0;
    }

    /** Starts afresh at sample position 0. */
    public void reset() {
        filled = 0;
        position = 0;
        inTone = false;
        runBlocks = 0;
        lastBurstValid = false;
        gapValid = false;
        detectedAt = -1;
    }

    private void blockDone(boolean tone) {
        if (tone == inTone) {
            runBlocks++;
            if (inTone && runBlocks * 50 >= CONTINUOUS_MILLIS) {
                detectedAt = position;
            }
            return;
        }
        int millis = runBlocks * 50;
        boolean valid = millis >= MIN_RUN_MILLIS && millis <= MAX_RUN_MILLIS;
        if (inTone) {
            // a burst just ended
            if (valid && gapValid) {
                detectedAt = position - block;
                return;
            }
            lastBurstValid = valid;
            gapValid = false;
        } else {
            // a gap just ended
            gapValid = lastBurstValid && valid;
        }
        inTone = tone;
        runBlocks = 1;
    }

    private boolean isToneBlock() {
        double energy = 0;
        for (double v : buffer) {
            energy += v * v;
        }
        if (energy / block < MIN_RMS * MIN_RMS) {
            return false;
        }
        for (double f : SINGLE) {
            if (share(f, energy) > SINGLE_SHARE) {
                return true;
            }
        }
        double low = share(LOW, energy);
        double high = share(HIGH, energy);
        return low + high > DUAL_SHARE && low > DUAL_EACH && high > DUAL_EACH;
    }

    /** The share of the block's energy at frequency {@code f}: about 1 for a pure tone at f. */
    private double share(double f, double energy) {
        double coeff = 2 * Math.cos(2 * Math.PI * f / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (double v : buffer) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * power / (block * energy);
    }
}
