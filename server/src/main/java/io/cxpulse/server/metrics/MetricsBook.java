package io.cxpulse.server.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * In-memory per-agent counts in one-minute buckets, enough to answer the live windows ("today" in the center's time
 * zone and the last hour). Rebuilt from the store at start; events older than the retention are ignored here but kept
 * in the store. Not thread-safe: the server touches it from its one event loop only.
 */
public final class MetricsBook {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    private final Map<String, NavigableMap<Long, Counts>> byAgent = new HashMap<>();
    private long version;

    /** Adds an event's counts at the time it happened. */
    public void add(String agentId, long atMs, Counts counts) {
        version++;
        byAgent.computeIfAbsent(agentId, k -> new TreeMap<>()).merge(Math.floorDiv(atMs, MINUTE), counts, Counts::plus);
    }

    /** Takes over the buckets of {@code other}, e.g. one rebuilt from the store. */
    public void replaceWith(MetricsBook other) {
        version++;
        byAgent.clear();
        byAgent.putAll(other.byAgent);
    }

    /** Changes with every change of the counts, so that what was derived from them can tell it is still current. */
    public long version() {
        return version;
    }

    /** An agent's counts of events at or after {@code fromMs}. */
    public Counts since(String agentId, long fromMs) {
        NavigableMap<Long, Counts> buckets = byAgent.get(agentId);
        if (buckets == null) {
            return Counts.ZERO;
        }
        Counts sum = Counts.ZERO;
        for (Counts c : buckets.tailMap(Math.floorDiv(fromMs, MINUTE), true).values()) {
            sum = sum.plus(c);
        }
        return sum;
    }

    /** Forgets buckets that no live window can reach any more. */
    public void prune(long nowMs, ZoneId zone) {
        long keepFrom = Math.floorDiv(retentionStart(nowMs, zone), MINUTE);
        version++;
        for (NavigableMap<Long, Counts> buckets : byAgent.values()) {
            buckets.headMap(keepFrom, false).clear();
        }
    }

    /** The earliest time any live window covers at {@code nowMs}. */
    public static long retentionStart(long nowMs, ZoneId zone) {
        return Math.min(startOfDay(nowMs, zone), nowMs - HOUR);
    }

    /** Midnight of {@code nowMs}'s day in {@code zone}. */
    public static long startOfDay(long nowMs, ZoneId zone) {
        return Instant.ofEpochMilli(nowMs)
                .atZone(zone)
                .toLocalDate()
                .atStartOfDay(zone)
                .toInstant()
                .toEpochMilli();
    }

    /** Start of the last-hour window. */
    public static long lastHourStart(long nowMs) {
        return nowMs - HOUR;
    }
}
