package io.cxpulse.server.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per calendar day (in the center's time zone) and per key (a team or an agent), plus the whole center's
 * counts per day, the prior of each day's fair score. Pure: fed event by event or rollup by rollup.
 */
public final class DailyHistory {
    private final ZoneId zone;
    private final Map<LocalDate, Map<String, Counts>> byDay = new TreeMap<>();
    private final Map<LocalDate, Counts> center = new TreeMap<>();

    public DailyHistory(ZoneId zone) {
        this.zone = zone;
    }

    /** Adds one event's counts under {@code key}, on the day it ended. */
    public void add(String key, long endMs, Counts counts) {
        add(key, Instant.ofEpochMilli(endMs).atZone(zone).toLocalDate(), counts);
    }

    /** Adds counts under {@code key} on {@code day}, e.g. a day's rollup. */
    public void add(String key, LocalDate day, Counts counts) {
        byDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(key, counts, Counts::plus);
        center.merge(day, counts, Counts::plus);
    }

    /** A key's counts on a day; zero when nothing happened. */
    public Counts counts(LocalDate day, String key) {
        return byDay.getOrDefault(day, Map.of()).getOrDefault(key, Counts.ZERO);
    }

    /** Everything counted on a day. */
    public Counts center(LocalDate day) {
        return center.getOrDefault(day, Counts.ZERO);
    }

    /** Midnight starting {@code day} in the center's zone. */
    public long startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
