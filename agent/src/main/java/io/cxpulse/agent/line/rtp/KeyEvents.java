package io.cxpulse.agent.line.rtp;

/**
 * Turns a stream of RFC 4733 telephone-event packets into key presses: one press per event (one RTP timestamp),
 * whatever the retransmissions of its start and end packets (section 2.5.1.4), reported when it starts and once
 * when it ends. An event whose end packets were all lost ends when the next event starts. Not thread-safe.
 */
public final class KeyEvents {
    /** Receives each key press twice: when it starts, and when it ends with its duration in samples. */
    public interface Listener {
        void keyDown(char key);

        void keyUp(char key, int durationSamples);
    }

    private final Listener listener;
    private boolean any;
    private long timestamp;
    private char key;
    private boolean ended;

    public KeyEvents(Listener listener) {
        this.listener = listener;
    }

    /** Takes one telephone-event packet: its RTP timestamp and payload. Non-DTMF events are ignored. */
    public void packet(long rtpTimestamp, TelephoneEvent event) {
        char k = event.key();
        if (k == 0) {
            return;
        }
        if (!any || rtpTimestamp != timestamp) {
            if (any && !ended) {
                listener.keyUp(key, 0);
            }
            any = true;
            timestamp = rtpTimestamp;
            key = k;
            ended = false;
            listener.keyDown(k);
        }
        if (event.end() && !ended) {
            ended = true;
            listener.keyUp(key, event.duration());
        }
    }
}
