package io.cxpulse.server.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * Counts by local weekday and hour of the day (seven by twenty-four cells), in the center's time zone: for the map of
 * when detractors come. Pure: fed hourly rollups, each under the local hour it started.
 */
public final class WeekHours {
    private final ZoneId zone;
    private final Counts[][] cells = new Counts[7][24];

    public WeekHours(ZoneId zone) {
        this.zone = zone;
        for (Counts[] day : cells) {
            Arrays.fill(day, Counts.ZERO);
        }
    }

    /** Adds the counts of the local hour that starts at {@code hourMs}. */
    public void add(long hourMs, Counts counts) {
        ZonedDateTime t = Instant.ofEpochMilli(hourMs).atZone(zone);
        int d = t.getDayOfWeek().getValue() - 1;
        cells[d][t.getHour()] = cells[d][t.getHour()].plus(counts);
    }

    /** The counts of a weekday (1 Monday to 7 Sunday) and hour (0-23). */
    public Counts counts(int weekday, int hour) {
        return cells[weekday - 1][hour];
    }
}
