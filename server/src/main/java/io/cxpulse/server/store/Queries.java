package io.cxpulse.server.store;

import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.metrics.SurveyScores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The store's SQL, as static methods to run inside {@link Store#read} or {@link Store#transaction}. */
public final class Queries {
    private Queries() {}

    /** Called back with counts at a time, while the store replays the live windows into the metrics. */
    public interface CountsSink {
        void add(String agentId, long atMs, Counts counts);
    }

    /** How many surveys of a survey program version a period holds; null id or version: none named. */
    public record VersionCount(String surveyId, Integer version, long surveys) {}

    /** One rollup row: the counts of a key (a team or an agent) on a local day of the center. */
    public record DayCounts(LocalDate day, String key, Counts counts) {}

    public static void upsertTeam(Connection c, Rows.Team team) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name")) {
            ps.setString(1, team.id());
            ps.setString(2, team.name());
            ps.executeUpdate();
        }
    }

    public static void upsertAgent(Connection c, Rows.Agent a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agents (id, display_name, team_id, token_hash, demo_token) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,"
                        + " team_id = excluded.team_id, token_hash = excluded.token_hash,"
                        + " demo_token = excluded.demo_token")) {
            ps.setString(1, a.id());
            ps.setString(2, a.displayName());
            ps.setString(3, a.team());
            ps.setString(4, a.tokenHash());
            ps.setString(5, a.demoToken());
            ps.executeUpdate();
        }
    }

    public static void upsertUser(Connection c, Rows.User u) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO users (username, password_hash, role, team_id) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,"
                        + " role = excluded.role, team_id = excluded.team_id")) {
            ps.setString(1, u.username());
            ps.setString(2, u.passwordHash());
            ps.setString(3, u.role());
            ps.setString(4, u.team());
            ps.executeUpdate();
        }
    }

    /** Forgets every retrievable demo token, leaving only hashes. */
    public static int clearDemoTokens(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE agents SET demo_token = NULL WHERE demo_token IS NOT NULL")) {
            return ps.executeUpdate();
        }
    }

    public static List<Rows.Team> teams(Connection c) throws SQLException {
        List<Rows.Team> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM teams ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Rows.Team(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    public static List<Rows.Agent> agents(Connection c) throws SQLException {
        List<Rows.Agent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, display_name, team_id, token_hash, demo_token FROM agents ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Rows.Agent(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    public static Optional<Rows.User> user(Connection c, String username) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT username, password_hash, role, team_id FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Rows.User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    public static long countUsers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Replays what the live windows need at {@code nowMs}: today's whole local hours up to the hour before the last
     * one from the hourly rollups (each at its hour's start), the rest (at most two hours) from the raw rows at
     * their own times. Reads a day of rollups and two hours of raw rows, whatever the store's size.
     */
    public static void liveWindows(Connection c, ZoneId zone, long nowMs, CountsSink sink) throws SQLException {
        long todayStart = MetricsBook.startOfDay(nowMs, zone);
        // Raw rows from the start of the hour the last-hour window begins in; whole hours of today before it.
        long rawFrom = Rollups.hour(MetricsBook.lastHourStart(nowMs), zone);
        long hoursTo = Math.max(rawFrom, todayStart);
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, hour_ms, " + Rollups.COUNT_COLUMNS
                + " FROM agent_hour WHERE hour_ms >= ? AND hour_ms < ?")) {
            ps.setLong(1, todayStart);
            ps.setLong(2, hoursTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.add(rs.getString(1), rs.getLong(2), Rollups.counts(rs, 3));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT agent_id, end_ms, talk_ms, mute_ms, survey_offered, ended_by FROM calls WHERE end_ms >= ?")) {
            ps.setLong(1, rawFrom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.add(
                            rs.getString(1),
                            rs.getLong(2),
                            Counts.ofCall(rs.getLong(3), rs.getLong(4), rs.getInt(5) != 0, rs.getString(6)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT agent_id, end_ms, nps, csat, resolved, answered FROM surveys WHERE end_ms >= ?")) {
            ps.setLong(1, rawFrom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.add(
                            rs.getString(1),
                            rs.getLong(2),
                            Counts.ofSurvey(
                                    new SurveyScores(integer(rs, 3), integer(rs, 4), integer(rs, 5), rs.getInt(6))));
                }
            }
        }
    }

    /**
     * Deletes at most {@code limit} raw calls and at most {@code limit} raw surveys that ended before {@code cutoffMs};
     * returns how many rows went.
     */
    static long retireRawEvents(Connection c, long cutoffMs, int limit) throws SQLException {
        long n = 0;
        for (String table : new String[] {"calls", "surveys"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                    + " WHERE event_id IN (SELECT event_id FROM " + table + " WHERE end_ms < ? LIMIT " + limit + ")")) {
                ps.setLong(1, cutoffMs);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /**
     * The ids of the calls and surveys that ended at or after {@code fromEndMs} and were stored at or after {@code
     * receivedSinceMs}: those whose committed-event messages may still be on their way.
     */
    public static Set<String> recentEventIds(Connection c, long fromEndMs, long receivedSinceMs) throws SQLException {
        Set<String> out = new HashSet<>();
        for (String table : new String[] {"calls", "surveys"}) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT event_id FROM " + table + " WHERE end_ms >= ? AND received_ms >= ?")) {
                ps.setLong(1, fromEndMs);
                ps.setLong(2, receivedSinceMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Every team's counts per local day from {@code first} to {@code last}, both included. */
    public static List<DayCounts> teamDays(Connection c, LocalDate first, LocalDate last) throws SQLException {
        return teamDays(c, first, last, SurveyFilter.ALL);
    }

    /** As above, the survey figures of {@code filter}'s version only. */
    public static List<DayCounts> teamDays(Connection c, LocalDate first, LocalDate last, SurveyFilter filter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT day, team_id, " + Rollups.summedColumns(filter)
                + " FROM " + Rollups.matchColumn("team_day", filter)
                + " WHERE day >= ? AND day <= ? GROUP BY day, team_id ORDER BY day, team_id")) {
            int i = Rollups.bindMatch(ps, 1, filter);
            ps.setLong(i++, first.toEpochDay());
            ps.setLong(i, last.toEpochDay());
            return dayCounts(ps);
        }
    }

    /** One agent's counts per local day from {@code first} to {@code last}, whatever team they counted under. */
    public static List<DayCounts> agentDays(Connection c, String agentId, LocalDate first, LocalDate last)
            throws SQLException {
        return agentDays(c, agentId, first, last, SurveyFilter.ALL);
    }

    /** As above, the survey figures of {@code filter}'s version only. */
    public static List<DayCounts> agentDays(
            Connection c, String agentId, LocalDate first, LocalDate last, SurveyFilter filter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT day, agent_id, " + Rollups.summedColumns(filter)
                + " FROM " + Rollups.matchColumn("agent_day", filter)
                + " WHERE agent_id = ? AND day >= ? AND day <= ? GROUP BY day, agent_id ORDER BY day")) {
            int i = Rollups.bindMatch(ps, 1, filter);
            ps.setString(i++, agentId);
            ps.setLong(i++, first.toEpochDay());
            ps.setLong(i, last.toEpochDay());
            return dayCounts(ps);
        }
    }

    /**
     * How many surveys of each survey program version a rollup holds from {@code from} (included) to {@code to}
     * (excluded) in its time column ({@code day} or {@code hour_ms}), of {@code teams} (null: all) or of one agent
     * ({@code agentId} set); versions without surveys are left out. Surveys that name no program or version have a
     * null {@code surveyId} or {@code version}.
     */
    public static List<VersionCount> versions(
            Connection c, String table, String timeColumn, long from, long to, Collection<String> teams, String agentId)
            throws SQLException {
        if (!List.of("team_day", "agent_day", "agent_hour").contains(table)
                || !List.of("day", "hour_ms").contains(timeColumn)) {
            throw new IllegalArgumentException("no rollup " + table + "." + timeColumn);
        }
        StringBuilder sql = new StringBuilder("SELECT survey_id, survey_version, SUM(surveys) FROM " + table + " WHERE "
                + timeColumn + " >= ? AND " + timeColumn + " < ?");
        appendTeams(sql, teams);
        if (agentId != null) {
            sql.append(" AND agent_id = ?");
        }
        sql.append(" GROUP BY survey_id, survey_version HAVING SUM(surveys) > 0 ORDER BY survey_id, survey_version");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            int i = bindTeams(ps, 3, teams);
            if (agentId != null) {
                ps.setString(i, agentId);
            }
            List<VersionCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String surveyId = rs.getString(1);
                    int version = rs.getInt(2);
                    out.add(new VersionCount(
                            Rollups.NO_SURVEY.equals(surveyId) ? null : surveyId,
                            version == Rollups.NO_VERSION ? null : version,
                            rs.getLong(3)));
                }
            }
            return out;
        }
    }

    private static List<DayCounts> dayCounts(PreparedStatement ps) throws SQLException {
        List<DayCounts> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DayCounts(LocalDate.ofEpochDay(rs.getLong(1)), rs.getString(2), Rollups.counts(rs, 3)));
            }
        }
        return out;
    }

    private static final String SURVEY_COLUMNS = "event_id, agent_id, team_id, call_id, language, start_ms, end_ms,"
            + " status, nps, csat, resolved, answered, answers_json, survey_id, survey_version";

    /** An agent's most recent surveys, newest first. */
    public static List<Rows.Survey> surveysOfAgent(Connection c, String agentId, int limit) throws SQLException {
        return surveysOfAgent(c, agentId, null, null, limit);
    }

    /** As above, only those of survey {@code surveyId} (when not null) and its {@code version} (when not null). */
    public static List<Rows.Survey> surveysOfAgent(
            Connection c, String agentId, String surveyId, Integer version, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SURVEY_COLUMNS + " FROM surveys WHERE agent_id = ?"
                + (surveyId == null ? "" : " AND survey_id = ?")
                + (version == null ? "" : " AND survey_version = ?")
                + " ORDER BY end_ms DESC, event_id LIMIT ?")) {
            int i = 1;
            ps.setString(i++, agentId);
            if (surveyId != null) {
                ps.setString(i++, surveyId);
            }
            if (version != null) {
                ps.setInt(i++, version);
            }
            ps.setInt(i, limit);
            return surveys(ps);
        }
    }

    public static Optional<Rows.Survey> survey(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + SURVEY_COLUMNS + " FROM surveys WHERE event_id = ?")) {
            ps.setString(1, eventId);
            List<Rows.Survey> list = surveys(ps);
            return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
        }
    }

    private static List<Rows.Survey> surveys(PreparedStatement ps) throws SQLException {
        List<Rows.Survey> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(survey(rs));
            }
        }
        return out;
    }

    private static Rows.Survey survey(ResultSet rs) throws SQLException {
        return new Rows.Survey(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getString(8),
                integer(rs, 9),
                integer(rs, 10),
                integer(rs, 11),
                rs.getInt(12),
                rs.getString(13),
                rs.getString(14),
                integer(rs, 15));
    }

    /** Narrows a query with {@code WHERE ...} to the given teams (null: all). */
    public static void appendTeams(StringBuilder sql, Collection<String> teams) {
        if (teams != null) {
            sql.append(teams.isEmpty() ? " AND 1 = 0" : " AND team_id IN (" + placeholders(teams.size()) + ")");
        }
    }

    /** Binds the teams {@link #appendTeams} asked for, from parameter {@code from}; returns the next one. */
    public static int bindTeams(PreparedStatement ps, int from, Collection<String> teams) throws SQLException {
        int i = from;
        if (teams != null) {
            for (String t : teams) {
                ps.setString(i++, t);
            }
        }
        return i;
    }

    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** A nullable integer column. */
    public static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
