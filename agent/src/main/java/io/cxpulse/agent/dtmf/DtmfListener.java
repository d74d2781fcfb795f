package io.cxpulse.agent.dtmf;

/** Receives the keys a {@link DtmfReceiver} finds, in order. Sample positions count from the last reset. */
public interface DtmfListener {

    /** A key press has been recognised (its minimum duration is met); used for barge-in. */
    default void keyDown(char key, long startSample) {}

    /** A key press has ended; every press yields exactly one call. */
    void key(DtmfEvent event);
}
