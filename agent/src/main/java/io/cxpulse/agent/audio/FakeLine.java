package io.cxpulse.agent.audio;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A line in memory: the caller side is given audio (then silence), and everything played to the caller is kept.
 * Nothing waits on a real clock, so a survey runs through it as fast as the CPU allows, and always the same way.
 * Optionally the line signals a hang-up once a given number of caller samples has been read, and carries line hiss
 * (a caller who stays on the line is never digital silence, which the survey takes for a dead line).
 */
public final class FakeLine implements Line {
    private final short[] caller;
    private final long releaseAt;
    private final double noiseRms;
    private final Random noise;
    private long readPosition;
    private short[] heard = new short[8000];
    private int heardLength;
    private long discarded;

    /** A line whose caller side is {@code callerAudio} followed by silence, without a hang-up signal. */
    public FakeLine(short[] callerAudio) {
        this(callerAudio, -1);
    }

    /**
     * A line whose caller side is {@code callerAudio} followed by silence.
     *
     * @param releaseAtSample the line signals a hang-up once this many caller samples have been read; -1 for never
     */
    public FakeLine(short[] callerAudio, long releaseAtSample) {
        this(callerAudio, releaseAtSample, 0, 0);
    }

    /**
     * A line whose caller side is {@code callerAudio} followed by silence, with line hiss added throughout.
     *
     * @param releaseAtSample the line signals a hang-up once this many caller samples have been read; -1 for never
     * @param noiseRms RMS of the white noise added to the caller side (e.g. 50, about -56 dBFS); 0 for none
     * @param seed seed of the noise, so that the same arguments always give the same audio
     */
    public FakeLine(short[] callerAudio, long releaseAtSample, double noiseRms, long seed) {
        if (!(noiseRms >= 0 && noiseRms <= 10_000)) {
            throw new IllegalArgumentException("noise RMS must be 0..10000, got " + noiseRms);
        }
        this.caller = Objects.requireNonNull(callerAudio, "callerAudio").clone();
        this.releaseAt = releaseAtSample;
        this.noiseRms = noiseRms;
        this.noise = new Random(seed);
    }

    @Override
    public void write(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        if (heardLength + len > heard.length) {
            heard = Arrays.copyOf(heard, Math.max(heard.length * 2, heardLength + len));
        }
        System.arraycopy(pcm, off, heard, heardLength, len);
        heardLength += len;
    }

    /** Nothing is ever queued: audio is "played" as it is written. Counts the calls, for tests. */
    @Override
    public void discardQueued() {
        discarded++;
    }

    @Override
    public int read(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        if (released()) {
            return -1;
        }
        int fromCaller = (int) Math.max(0, Math.min(len, caller.length - readPosition));
        if (fromCaller > 0) {
            System.arraycopy(caller, (int) readPosition, pcm, off, fromCaller);
        }
        Arrays.fill(pcm, off + fromCaller, off + len, (short) 0);
        if (noiseRms > 0) {
            for (int i = off; i < off + len; i++) {
                long v = pcm[i] + Math.round(noise.nextGaussian() * noiseRms);
                pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
        }
        readPosition += len;
        return len;
    }

    @Override
    public boolean released() {
        return releaseAt >= 0 && readPosition >= releaseAt;
    }

    /** Everything played to the caller so far. */
    public short[] heardByCaller() {
        return Arrays.copyOf(heard, heardLength);
    }

    /** Caller samples read so far: the line's clock. */
    public long samplesRead() {
        return readPosition;
    }

    /** How many times queued audio was dropped for barge-in. */
    public long discards() {
        return discarded;
    }

    @Override
    public void close() {}
}
