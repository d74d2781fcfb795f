package io.cxpulse.agent.audio;

import io.cxpulse.agent.dtmf.DtmfListener;

/**
 * A telephone line as the survey sees it: audio out to the caller, audio in from the caller, and the line's own
 * release (hang-up) signal where it has one. Audio is 8 kHz, 16-bit, mono. Reading paces the caller side: the
 * number of samples read so far is the line's sample clock.
 */
public interface Line extends AutoCloseable {
    /** Samples per second on every line. */
    int SAMPLE_RATE = 8000;

    /** Queues audio for the caller; may block while the device's buffer is full. */
    void write(short[] pcm, int off, int len);

    /** Drops audio queued for the caller but not yet played (barge-in). */
    void discardQueued();

    /**
     * Reads the next {@code len} samples heard from the caller, blocking until they are there.
     *
     * @return {@code len}, or -1 once the line is released and no audio remains
     */
    int read(short[] pcm, int off, int len);

    /** Whether the line has signalled that the caller hung up. Lines without such a signal always say false. */
    boolean released();

    /**
     * Hands over the keys the line signalled out of band (RFC 4733 telephone-events) since the last call, in order,
     * on the calling thread, with sample positions on this line's sample clock. The survey takes them alongside the
     * keys it decodes from the audio, so one key-pressed interface serves both. Lines without such signals have none.
     */
    default void takeKeys(DtmfListener to) {}

    /** Releases the devices. */
    @Override
    void close();
}
