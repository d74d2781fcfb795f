package io.cxpulse.agent.line;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.dtmf.DtmfEvent;
import io.cxpulse.agent.dtmf.DtmfListener;
import io.cxpulse.agent.line.rtp.KeyEvents;
import io.cxpulse.agent.line.rtp.RtpSession;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The caller's leg of a call as a {@link Line}: what the caller says arrives frame by frame from the call's RTP
 * session, what is written is sent to the caller, and the caller's RFC 4733 keys come out through
 * {@link #takeKeys}. While the agent talks, the headset bridge reads and writes it; after the agent's hook-on the
 * survey does, on the same media and the same dialog. Reading is paced by the media clock (20 ms a frame), so the
 * survey runs in real time. Closing it ends the call (the owner's close action sends the BYE).
 */
public final class CallLeg implements Line, RtpSession.Audio, KeyEvents.Listener {
    /** Frames queued toward the caller before {@link #write} waits, like a device buffer: 160 ms. */
    private static final int OUT_FRAMES = 8;
    /** Frames from the caller kept when nobody reads (the oldest are dropped). */
    private static final int IN_FRAMES = 25;

    private final BlockingQueue<short[]> in = new ArrayBlockingQueue<>(IN_FRAMES);
    private final ArrayDeque<short[]> out = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Object> keys = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;

    private volatile boolean released;
    private volatile long position;
    private short[] current;
    private int currentAt;
    private short[] pending = new short[RtpSession.FRAME];
    private int pendingLength;
    private long keyDownAt;

    private record Down(char key, long at) {}

    private record Up(char key, long start, long end) {}

    /** @param onClose what closing the leg does (hang up the call); run once */
    public CallLeg(Runnable onClose) {
        this.onClose = onClose;
    }

    // --- the media side (RTP session's threads)

    @Override
    public void received(short[] frame) {
        while (!in.offer(frame)) {
            in.poll();
        }
    }

    @Override
    public short[] toSend() {
        synchronized (out) {
            short[] f = out.poll();
            out.notifyAll();
            return f;
        }
    }

    @Override
    public void keyDown(char key) {
        keyDownAt = position;
        keys.add(new Down(key, keyDownAt));
    }

    @Override
    public void keyUp(char key, int durationSamples) {
        long end = Math.max(position, keyDownAt + 1);
        long start = Math.max(keyDownAt, end - Math.max(durationSamples, 1));
        keys.add(new Up(key, Math.min(start, keyDownAt), end));
    }

    /** The caller hung up (BYE received): reading ends once the audio so far is read. */
    public void release() {
        released = true;
    }

    /**
     * Forgets audio and keys queued in either direction and restarts the sample clock: the leg is about to change
     * hands (from the headset to the survey).
     */
    public void reset() {
        in.clear();
        synchronized (out) {
            out.clear();
            out.notifyAll();
        }
        keys.clear();
        current = null;
        pendingLength = 0;
        position = 0;
        keyDownAt = 0;
    }

    // --- the Line side (headset bridge or survey thread)

    @Override
    public void write(short[] pcm, int off, int len) {
        for (int i = 0; i < len; ) {
            int n = Math.min(len - i, pending.length - pendingLength);
            System.arraycopy(pcm, off + i, pending, pendingLength, n);
            pendingLength += n;
            i += n;
            if (pendingLength == pending.length) {
                enqueue(pending);
                pending = new short[RtpSession.FRAME];
                pendingLength = 0;
            }
        }
    }

    private void enqueue(short[] frame) {
        synchronized (out) {
            while (out.size() >= OUT_FRAMES && !released && !closed.get()) {
                try {
                    out.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.add(frame);
        }
    }

    @Override
    public void discardQueued() {
        synchronized (out) {
            out.clear();
            out.notifyAll();
        }
        pendingLength = 0;
    }

    @Override
    public int read(short[] pcm, int off, int len) {
        int done = 0;
        while (done < len) {
            if (current == null || currentAt == current.length) {
                short[] next = null;
                while (next == null) {
                    if (closed.get() || (released && in.isEmpty())) {
                        return -1;
                    }
                    try {
                        next = in.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                current = next;
                currentAt = 0;
            }
            int n = Math.min(len - done, current.length - currentAt);
            System.arraycopy(current, currentAt, pcm, off + done, n);
            currentAt += n;
            done += n;
        }
        position += len;
        return len;
    }

    @Override
    public boolean released() {
        return released;
    }

    @Override
    public void takeKeys(DtmfListener to) {
        Object k;
        while ((k = keys.poll()) != null) {
            if (k instanceof Down d) {
                to.keyDown(d.key(), d.at());
            } else if (k instanceof Up u) {
                to.key(new DtmfEvent(u.key(), u.start(), u.end()));
            }
        }
    }

    /** Samples read so far: the leg's sample clock. */
    public long position() {
        return position;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
