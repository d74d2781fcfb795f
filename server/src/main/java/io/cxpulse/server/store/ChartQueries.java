package io.cxpulse.server.store;

import io.cxpulse.server.metrics.Counts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The SQL behind the dashboard's charts, to run inside {@link Store#read}: hourly rollups and NPS answers by score. */
public final class ChartQueries {
    private ChartQueries() {}

    /** One hourly rollup row: the counts of a key (a team or an agent) in the local hour starting at {@code hourMs}. */
    public record HourCounts(long hourMs, String key, Counts counts) {}

    /**
     * The counts per team and local hour starting in {@code [fromMs, toMs)}, from the hourly rollups: of every team,
     * or of {@code team} alone when it is set.
     */
    public static List<HourCounts> teamHours(Connection c, String team, long fromMs, long toMs) throws SQLException {
        return teamHours(c, team, fromMs, toMs, SurveyFilter.ALL);
    }

    /** As above, the survey figures of {@code filter}'s version only. */
    public static List<HourCounts> teamHours(Connection c, String team, long fromMs, long toMs, SurveyFilter filter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hour_ms, team_id, " + Rollups.summedColumns(filter)
                + " FROM " + Rollups.matchColumn("agent_hour", filter) + " WHERE hour_ms >= ? AND hour_ms < ?"
                + (team == null ? "" : " AND team_id = ?") + " GROUP BY hour_ms, team_id ORDER BY hour_ms, team_id")) {
            int i = Rollups.bindMatch(ps, 1, filter);
            ps.setLong(i++, fromMs);
            ps.setLong(i++, toMs);
            if (team != null) {
                ps.setString(i, team);
            }
            return hourCounts(ps);
        }
    }

    /** One agent's counts per local hour starting in {@code [fromMs, toMs)}, whatever team they counted under. */
    public static List<HourCounts> agentHours(Connection c, String agentId, long fromMs, long toMs)
            throws SQLException {
        return agentHours(c, agentId, fromMs, toMs, SurveyFilter.ALL);
    }

    /** As above, the survey figures of {@code filter}'s version only. */
    public static List<HourCounts> agentHours(Connection c, String agentId, long fromMs, long toMs, SurveyFilter filter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hour_ms, agent_id, " + Rollups.summedColumns(filter)
                + " FROM " + Rollups.matchColumn("agent_hour", filter)
                + " WHERE hour_ms >= ? AND hour_ms < ? AND agent_id = ?"
                + " GROUP BY hour_ms, agent_id ORDER BY hour_ms")) {
            int i = Rollups.bindMatch(ps, 1, filter);
            ps.setLong(i++, fromMs);
            ps.setLong(i++, toMs);
            ps.setString(i, agentId);
            return hourCounts(ps);
        }
    }

    private static List<HourCounts> hourCounts(PreparedStatement ps) throws SQLException {
        List<HourCounts> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new HourCounts(rs.getLong(1), rs.getString(2), Rollups.counts(rs, 3)));
            }
        }
        return out;
    }

    /**
     * How many NPS answers of each score 0-10 the stored surveys that ended in {@code [fromMs, toMs)} hold: of one
     * team ({@code team} set), one agent ({@code agentId} set) or the whole center (neither). Read from the raw
     * surveys, which keep the score itself; see {@link #rawEventsFrom} for how far back they reach.
     */
    public static long[] npsScores(Connection c, String team, String agentId, long fromMs, long toMs)
            throws SQLException {
        return npsScores(c, team, agentId, fromMs, toMs, SurveyFilter.ALL);
    }

    /** As above, of {@code filter}'s survey program version only. */
    public static long[] npsScores(
            Connection c, String team, String agentId, long fromMs, long toMs, SurveyFilter filter)
            throws SQLException {
        String sql = "SELECT nps, COUNT(*) FROM surveys WHERE nps IS NOT NULL AND " + surveysOf(team, agentId)
                + (filter.surveyId() == null ? "" : " AND survey_id = ?")
                + (filter.version() == null ? "" : " AND survey_version = ?") + " GROUP BY nps";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rollups.bindMatch(ps, bindSurveysOf(ps, team, agentId, fromMs, toMs), filter);
            long[] counts = new long[11];
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int score = rs.getInt(1);
                    if (score >= 0 && score <= 10) {
                        counts[score] += rs.getLong(2);
                    }
                }
            }
            return counts;
        }
    }

    /**
     * How many stored surveys of each survey program version ended in {@code [fromMs, toMs)}: of one team ({@code
     * team} set), one agent ({@code agentId} set) or the whole center (neither); null id or version: none named.
     */
    public static List<Queries.VersionCount> surveyVersions(
            Connection c, String team, String agentId, long fromMs, long toMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT survey_id, survey_version, COUNT(*) FROM surveys WHERE "
                + surveysOf(team, agentId) + " GROUP BY survey_id, survey_version")) {
            bindSurveysOf(ps, team, agentId, fromMs, toMs);
            List<Queries.VersionCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queries.VersionCount(rs.getString(1), Queries.integer(rs, 2), rs.getLong(3)));
                }
            }
            // Sorted here, the same way whatever the database does with nulls: unnamed first.
            out.sort(Comparator.comparing(
                            Queries.VersionCount::surveyId, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                    .thenComparing(Queries.VersionCount::version, Comparator.nullsFirst(Comparator.naturalOrder())));
            return out;
        }
    }

    /**
     * The condition on raw surveys that ended in a period, of one team ({@code team} set), one agent ({@code agentId}
     * set) or the whole center (neither); its parameters are bound by {@link #bindSurveysOf}.
     */
    private static String surveysOf(String team, String agentId) {
        return "end_ms >= ? AND end_ms < ?" + (team == null ? "" : " AND team_id = ?")
                + (agentId == null ? "" : " AND agent_id = ?");
    }

    /** Binds {@link #surveysOf}'s parameters from the first; returns the next parameter's index. */
    private static int bindSurveysOf(PreparedStatement ps, String team, String agentId, long fromMs, long toMs)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, fromMs);
        ps.setLong(i++, toMs);
        if (team != null) {
            ps.setString(i++, team);
        }
        if (agentId != null) {
            ps.setString(i++, agentId);
        }
        return i;
    }

    /** The time from which raw events are still stored (they were retired before it), or 0 when none was retired. */
    public static long rawEventsFrom(Connection c) throws SQLException {
        return Settings.get(c, Settings.RETIRED_BEFORE).map(Long::parseLong).orElse(0L);
    }
}
