package io.cxpulse.agent.line.sip;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts new INVITEs per source address in a sliding window and says when one address sends too many: those are
 * refused at once, statelessly, so a flood costs the agent neither a transaction nor a call slot. Pure: the caller
 * passes the time. Remembers a bounded number of addresses.
 */
final class FloodGuard {
    private static final int ADDRESSES = 1024;

    private final int limit;
    private final long windowMs;
    private final Map<String, ArrayDeque<Long>> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
            return size() > ADDRESSES;
        }
    };

    FloodGuard(int limit, long windowMs) {
        this.limit = limit;
        this.windowMs = windowMs;
    }

    /** Records one INVITE from the address; false when it is over the limit. */
    synchronized boolean allow(String address, long nowMs) {
        ArrayDeque<Long> times = seen.computeIfAbsent(address, a -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= nowMs - windowMs) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return false;
        }
        times.addLast(nowMs);
        return true;
    }
}
