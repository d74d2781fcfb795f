package io.cxpulse.server.store;

import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.SurveyScores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The store's SQL, as static methods to run inside {@link Store#read} or {@link Store#transaction}. */
public final class Queries {
    private Queries() {}

    /** Called back for each stored call or survey while the store replays history into the metrics. */
    public interface HistorySink {
        /** {@code endedBy}: {@code agent}, {@code caller}, or null when the call's record did not say. */
        void call(String agentId, long endMs, long talkMs, long muteMs, boolean surveyOffered, String endedBy);

        void survey(String agentId, long endMs, Integer nps, Integer csat, Integer resolved, int answered);
    }

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

    /** Replays every call and survey that ended at or after {@code fromMs}. */
    public static void history(Connection c, long fromMs, HistorySink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT agent_id, end_ms, talk_ms, mute_ms, survey_offered, ended_by FROM calls WHERE end_ms >= ?")) {
            ps.setLong(1, fromMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.call(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getInt(5) != 0,
                            rs.getString(6));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT agent_id, end_ms, nps, csat, resolved, answered FROM surveys WHERE end_ms >= ?")) {
            ps.setLong(1, fromMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.survey(
                            rs.getString(1),
                            rs.getLong(2),
                            integer(rs, 3),
                            integer(rs, 4),
                            integer(rs, 5),
                            rs.getInt(6));
                }
            }
        }
    }

    /** One stored event's contribution to the metrics, with the team it was recorded under. */
    public record Contribution(String agentId, String team, long endMs, Counts counts) {}

    /**
     * Every call and survey that ended in {@code [fromMs, toMs)}, of the given teams (null: all) and agent (null:
     * all), as metric contributions.
     */
    public static List<Contribution> contributions(
            Connection c, long fromMs, long toMs, Collection<String> teams, String agentId) throws SQLException {
        List<Contribution> out = new ArrayList<>();
        addContributions(
                c,
                "SELECT agent_id, team_id, end_ms, talk_ms, mute_ms, survey_offered, ended_by FROM calls",
                fromMs,
                toMs,
                teams,
                agentId,
                rs -> Counts.ofCall(rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0, rs.getString(7)),
                out);
        addContributions(
                c,
                "SELECT agent_id, team_id, end_ms, nps, csat, resolved, answered FROM surveys",
                fromMs,
                toMs,
                teams,
                agentId,
                rs -> Counts.ofSurvey(new SurveyScores(integer(rs, 4), integer(rs, 5), integer(rs, 6), rs.getInt(7))),
                out);
        return out;
    }

    /** What a row adds to the counts, read from its columns after agent, team and end time. */
    private interface RowCounts {
        Counts of(ResultSet rs) throws SQLException;
    }

    /**
     * Adds one table's rows to {@code out}: {@code select} names agent, team and end time first, then what
     * {@code counts} reads.
     */
    private static void addContributions(
            Connection c,
            String select,
            long fromMs,
            long toMs,
            Collection<String> teams,
            String agentId,
            RowCounts counts,
            List<Contribution> out)
            throws SQLException {
        StringBuilder sql = new StringBuilder(select).append(" WHERE end_ms >= ? AND end_ms < ?");
        appendTeams(sql, teams);
        if (agentId != null) {
            sql.append(" AND agent_id = ?");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, fromMs);
            ps.setLong(2, toMs);
            int i = bindTeams(ps, 3, teams);
            if (agentId != null) {
                ps.setString(i, agentId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Contribution(rs.getString(1), rs.getString(2), rs.getLong(3), counts.of(rs)));
                }
            }
        }
    }

    private static final String SURVEY_COLUMNS = "event_id, agent_id, team_id, call_id, language, start_ms, end_ms,"
            + " status, nps, csat, resolved, answered, answers_json";

    /** An agent's most recent surveys, newest first. */
    public static List<Rows.Survey> surveysOfAgent(Connection c, String agentId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SURVEY_COLUMNS
                + " FROM surveys WHERE agent_id = ? ORDER BY end_ms DESC, event_id LIMIT ?")) {
            ps.setString(1, agentId);
            ps.setInt(2, limit);
            return surveys(ps);
        }
    }

    /** Surveys that ended in {@code [fromMs, toMs)}, of the given teams (null: all), oldest first. */
    public static List<Rows.Survey> surveysBetween(Connection c, long fromMs, long toMs, Collection<String> teams)
            throws SQLException {
        StringBuilder sql =
                new StringBuilder("SELECT " + SURVEY_COLUMNS + " FROM surveys WHERE end_ms >= ? AND end_ms < ?");
        appendTeams(sql, teams);
        sql.append(" ORDER BY end_ms, event_id");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, fromMs);
            ps.setLong(2, toMs);
            bindTeams(ps, 3, teams);
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

    static void insertAlert(Connection c, Rows.Alert a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, agent_id, team_id, call_id, nps, csat,"
                + " state, note, created_ms, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, a.id());
            ps.setString(2, a.agentId());
            ps.setString(3, a.team());
            ps.setString(4, a.callId());
            ps.setObject(5, a.nps(), java.sql.Types.INTEGER);
            ps.setObject(6, a.csat(), java.sql.Types.INTEGER);
            ps.setString(7, a.state());
            ps.setString(8, a.note());
            ps.setLong(9, a.createdMs());
            ps.setLong(10, a.updatedMs());
            ps.setString(11, a.updatedBy());
            ps.executeUpdate();
        }
    }

    private static final String ALERT_COLUMNS =
            "id, agent_id, team_id, call_id, nps, csat, state, note, created_ms, updated_ms, updated_by";

    /** Alerts in the given states (null: all) and teams (null: all), newest first. */
    public static List<Rows.Alert> alerts(Connection c, Collection<String> states, Collection<String> teams, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE 1 = 1");
        if (states != null) {
            sql.append(" AND state IN (").append(placeholders(states.size())).append(')');
        }
        appendTeams(sql, teams);
        sql.append(" ORDER BY created_ms DESC, id LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (states != null) {
                for (String s : states) {
                    ps.setString(i++, s);
                }
            }
            i = bindTeams(ps, i, teams);
            ps.setInt(i, limit);
            List<Rows.Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alert(rs));
                }
            }
            return out;
        }
    }

    public static Optional<Rows.Alert> alert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    /** Sets an alert's state and note (a null note keeps the old one); returns the updated alert. */
    public static Optional<Rows.Alert> updateAlert(
            Connection c, String id, String state, String note, long nowMs, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET state = ?, note = COALESCE(?, note),"
                + " updated_ms = ?, updated_by = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, note);
            ps.setLong(3, nowMs);
            ps.setString(4, by);
            ps.setString(5, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        return alert(c, id);
    }

    private static Rows.Alert alert(ResultSet rs) throws SQLException {
        return new Rows.Alert(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                integer(rs, 5),
                integer(rs, 6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getString(11));
    }

    private static List<Rows.Survey> surveys(PreparedStatement ps) throws SQLException {
        List<Rows.Survey> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Rows.Survey(
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
                        rs.getString(13)));
            }
        }
        return out;
    }

    private static void appendTeams(StringBuilder sql, Collection<String> teams) {
        if (teams != null) {
            sql.append(teams.isEmpty() ? " AND 1 = 0" : " AND team_id IN (" + placeholders(teams.size()) + ")");
        }
    }

    private static int bindTeams(PreparedStatement ps, int from, Collection<String> teams) throws SQLException {
        int i = from;
        if (teams != null) {
            for (String t : teams) {
                ps.setString(i++, t);
            }
        }
        return i;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
