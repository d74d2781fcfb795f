package io.cxpulse.agent.dtmf;

/** Receives the keys a {@link DtmfReceiver} finds, in order. Sample positions count from the last reset. */
public interface DtmfListener {

    /**
     * A key press has been recognised (its minimum duration is met); used for barge-in. Under speech the key that
     * {@link #key} reports for the press can differ: the press's key of most valid pairs, where a voice made another one
     * for its first pairs.
     */
    default void keyDown(char key, long startSample) {}

    /** A key press has ended; every press yields exactly one call. */
    void key(DtmfEvent event);
}
