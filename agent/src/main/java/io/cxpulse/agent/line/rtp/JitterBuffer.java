package io.cxpulse.agent.line.rtp;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders received audio by RTP timestamp and plays it out a fixed delay behind the network, one frame at a time.
 * Playout starts once {@code depth} frames are buffered; a missing frame plays as silence; a packet that arrives
 * after its playout time is dropped; a jump in timestamps (a new talk spurt after silence suppression, or the far
 * end restarting its stream) or a long underrun starts playout afresh. Pure: no clock, no threads; callers
 * synchronise through this object's monitor.
 */
public final class JitterBuffer {
    private final int frame;
    private final int depth;
    private final int capacity;
    private final TreeMap<Long, short[]> packets = new TreeMap<>();

    private boolean haveTimestamp;
    private long lastUnwrapped;
    private boolean playing;
    private long next;
    private int underruns;
    private long late;
    private long missing;

    /**
     * @param frame samples in one playout frame
     * @param depth frames buffered before playout starts (the delay added to absorb jitter)
     * @param capacity most frames kept; a packet further ahead than that restarts playout
     */
    public JitterBuffer(int frame, int depth, int capacity) {
        if (frame <= 0 || depth <= 0 || capacity <= depth) {
            throw new IllegalArgumentException("jitter buffer needs frame > 0 and 0 < depth < capacity");
        }
        this.frame = frame;
        this.depth = depth;
        this.capacity = capacity;
    }

    /** Adds received audio whose first sample has this RTP timestamp (32-bit, wrapping). */
    public synchronized void put(long rtpTimestamp, short[] pcm) {
        if (pcm.length == 0) {
            return;
        }
        long ts = unwrap(rtpTimestamp & 0xFFFF_FFFFL);
        if (playing && ts + pcm.length <= next) {
            late++;
            return;
        }
        if (playing && (ts > next + (long) capacity * frame || ts + (long) capacity * frame < next)) {
            restart();
        }
        packets.put(ts, pcm);
        while (packets.size() > capacity * 4) {
            packets.pollFirstEntry(); // tiny packets from a hostile peer never make the buffer grow unbounded
        }
        if (!playing && bufferedSamples() >= (long) depth * frame) {
            playing = true;
            next = packets.firstKey();
        }
    }

    /** The next frame to play, or null while playout has not started (the caller plays silence). */
    public synchronized short[] poll() {
        if (!playing) {
            return null;
        }
        short[] out = new short[frame];
        long end = next + frame;
        boolean any = false;
        Map.Entry<Long, short[]> floor = packets.floorEntry(next);
        long from = floor != null ? floor.getKey() : next;
        Iterator<Map.Entry<Long, short[]>> it =
                packets.subMap(from, true, end, false).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, short[]> e = it.next();
            long start = e.getKey();
            short[] pcm = e.getValue();
            long a = Math.max(start, next);
            long b = Math.min(start + pcm.length, end);
            if (a < b) {
                System.arraycopy(pcm, (int) (a - start), out, (int) (a - next), (int) (b - a));
                any = true;
            }
            if (start + pcm.length <= end) {
                it.remove();
            }
        }
        next = end;
        if (any) {
            underruns = 0;
        } else {
            missing++;
            if (++underruns > capacity) {
                restart(); // the far end stopped sending: wait for the buffer to fill again
            }
        }
        return out;
    }

    /** Packets that arrived after their playout time. */
    public synchronized long late() {
        return late;
    }

    /** Frames played as silence because nothing had arrived for them. */
    public synchronized long missing() {
        return missing;
    }

    /** Forgets everything buffered (e.g. when the audio's consumer changes). */
    public synchronized void clear() {
        restart();
    }

    private void restart() {
        packets.clear();
        playing = false;
        underruns = 0;
    }

    private long bufferedSamples() {
        Map.Entry<Long, short[]> last = packets.lastEntry();
        return last.getKey() + last.getValue().length - packets.firstKey();
    }

    private long unwrap(long ts) {
        if (!haveTimestamp) {
            haveTimestamp = true;
            lastUnwrapped = ts;
            return ts;
        }
        int delta = (int) (ts - (lastUnwrapped & 0xFFFF_FFFFL));
        long unwrapped = lastUnwrapped + delta;
        if (delta > 0) {
            lastUnwrapped = unwrapped;
        }
        return unwrapped;
    }
}
