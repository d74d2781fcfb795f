package io.cxpulse.agent.line;

import io.cxpulse.agent.audio.Line;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a call's audio between the caller's leg and the headset's own USB audio device while the agent talks:
 * what the caller says to the earpiece, the microphone to the caller (silence while muted or held). Runs on its own
 * thread; {@link #stop()} cuts the headset off at once by closing its device.
 */
public final class HeadsetBridge {
    private static final Logger log = LoggerFactory.getLogger(HeadsetBridge.class);

    private final CallLeg leg;
    private final Line headset;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean muted;

    private HeadsetBridge(CallLeg leg, Line headset, String name) {
        this.leg = Objects.requireNonNull(leg);
        this.headset = Objects.requireNonNull(headset);
        this.thread = new Thread(this::run, "cx-headset-audio-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts carrying audio between the leg and the headset's device. */
    public static HeadsetBridge start(CallLeg leg, Line headset, String name) {
        HeadsetBridge b = new HeadsetBridge(leg, headset, name);
        b.thread.start();
        return b;
    }

    /** Mutes (or unmutes) the microphone toward the caller; also used for hold. */
    public void muted(boolean on) {
        this.muted = on;
    }

    private void run() {
        short[] fromCaller = new short[160];
        short[] fromMic = new short[160];
        short[] silence = new short[160];
        try {
            while (running) {
                if (leg.read(fromCaller, 0, fromCaller.length) < 0) {
                    return;
                }
                headset.write(fromCaller, 0, fromCaller.length);
                if (headset.read(fromMic, 0, fromMic.length) < 0) {
                    return;
                }
                if (running) {
                    leg.write(muted ? silence : fromMic, 0, fromMic.length);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.warn("headset audio stopped: {}", e.toString());
            }
        }
    }

    /** Cuts the headset off the call: its device is closed at once, and nothing more reaches the caller from it. */
    public void stop() {
        running = false;
        try {
            headset.close();
        } catch (RuntimeException e) {
            log.debug("closing the headset's audio: {}", e.toString());
        }
        try {
            thread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
