package io.cxpulse.server.alerts;

import io.cxpulse.server.store.Queries;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The alerts tables' SQL, run inside the store's reads and transactions. */
final class AlertQueries {
    private AlertQueries() {}

    /** One entry of an alert's audit trail. */
    record Change(
            String alertId, int seq, long atMs, String action, String by, String state, String outcome, String note) {}

    /**
     * Stores a new alert, due after its team's follow-up window, and the first entry of its trail; empty when the
     * survey raised one before.
     */
    static Optional<Alert> insert(Connection c, Alert raised) throws SQLException {
        return insert(c, raised, null);
    }

    /**
     * Stores a new trend alert as {@link #insert} does, unless the agent has a trend alert raised at or after {@code
     * slideFromMs} (when the slide's first survey was stored): the condition is in the INSERT itself, so that of two
     * nodes raising at once only one does. Empty when it was not stored.
     */
    static Optional<Alert> insertTrend(Connection c, Alert raised, long slideFromMs) throws SQLException {
        return insert(c, raised, slideFromMs);
    }

    private static Optional<Alert> insert(Connection c, Alert raised, Long trendFromMs) throws SQLException {
        long due = raised.createdMs() + window(c, raised.team());
        Alert a = new Alert(
                raised.id(),
                raised.kind(),
                raised.agentId(),
                raised.team(),
                raised.callId(),
                raised.nps(),
                raised.csat(),
                raised.state(),
                raised.note(),
                raised.outcome(),
                raised.createdMs(),
                raised.updatedMs(),
                raised.updatedBy(),
                due,
                null,
                null,
                null,
                raised.evidence());
        String guard = trendFromMs == null
                ? "1 = 1"
                : "NOT EXISTS (SELECT 1 FROM alerts p WHERE p.agent_id = ? AND p.kind = ? AND p.created_ms >= ?)";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, agent_id, team_id, call_id, nps, csat,"
                + " state, note, created_ms, updated_ms, updated_by, kind, due_ms, evidence) SELECT ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ? WHERE " + guard + " ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, a.id());
            ps.setString(2, a.agentId());
            ps.setString(3, a.team());
            ps.setString(4, a.callId());
            ps.setObject(5, a.nps(), Types.INTEGER);
            ps.setObject(6, a.csat(), Types.INTEGER);
            ps.setString(7, a.state());
            ps.setString(8, a.note());
            ps.setLong(9, a.createdMs());
            ps.setLong(10, a.updatedMs());
            ps.setString(11, a.updatedBy());
            ps.setString(12, a.kind());
            ps.setLong(13, a.dueMs());
            ps.setString(14, a.evidence() == null ? null : a.evidence().encode());
            if (trendFromMs != null) {
                ps.setString(15, a.agentId());
                ps.setString(16, Alert.TREND);
                ps.setLong(17, trendFromMs);
            }
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        record(c, a.id(), a.createdMs(), "raised", null, a.state(), null, null);
        return Optional.of(a);
    }

    /**
     * Whether the agent has a trend alert raised at or after {@code sinceMs}: a slide whose first survey was stored
     * then has been alerted already.
     */
    static boolean trendRaisedSince(Connection c, String agentId, long sinceMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM alerts WHERE agent_id = ? AND kind = ? AND created_ms >= ? LIMIT 1")) {
            ps.setString(1, agentId);
            ps.setString(2, Alert.TREND);
            ps.setLong(3, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The surveys that ended at or after {@code endedFromMs} and were stored before {@code storedBeforeMs} and have no
     * alert, in the shape of their {@code SURVEY_COMMITTED} payload plus {@code receivedMs}, oldest first.
     */
    static List<JsonObject> surveysWithoutAlert(Connection c, long endedFromMs, long storedBeforeMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.event_id, s.agent_id, s.team_id, s.call_id, s.nps,"
                + " s.csat, s.resolved, s.received_ms FROM surveys s WHERE s.end_ms >= ? AND s.received_ms < ?"
                + " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = s.event_id) ORDER BY s.end_ms, s.event_id")) {
            ps.setLong(1, endedFromMs);
            ps.setLong(2, storedBeforeMs);
            List<JsonObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject()
                            .put("eventId", rs.getString(1))
                            .put("agentId", rs.getString(2))
                            .put("team", rs.getString(3))
                            .put("callId", rs.getString(4))
                            .put("nps", rs.getObject(5) == null ? null : rs.getInt(5))
                            .put("csat", rs.getObject(6) == null ? null : rs.getInt(6))
                            .put("resolved", rs.getObject(7) == null ? null : rs.getInt(7))
                            .put("receivedMs", rs.getLong(8)));
                }
            }
            return out;
        }
    }

    private static final String ALERT_COLUMNS = "id, kind, agent_id, team_id, call_id, nps, csat, state, note, outcome,"
            + " created_ms, updated_ms, updated_by, due_ms, escalated_ms, first_action_ms, closed_ms, evidence";

    /**
     * Alerts in the given states (null: all) and teams (null: all), only the escalated ones when {@code escalated},
     * newest first.
     */
    static List<Alert> list(
            Connection c, Collection<String> states, Collection<String> teams, boolean escalated, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE 1 = 1");
        if (escalated) {
            sql.append(" AND escalated_ms IS NOT NULL");
        }
        if (states != null) {
            sql.append(" AND state IN (")
                    .append(Queries.placeholders(states.size()))
                    .append(')');
        }
        Queries.appendTeams(sql, teams);
        sql.append(" ORDER BY created_ms DESC, id LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (states != null) {
                for (String s : states) {
                    ps.setString(i++, s);
                }
            }
            i = Queries.bindTeams(ps, i, teams);
            ps.setInt(i, limit);
            return alerts(ps);
        }
    }

    /** The alerts of {@code teams} (null: all) raised at or after {@code sinceMs}. */
    static List<Alert> raisedSince(Connection c, long sinceMs, Collection<String> teams) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE created_ms >= ?");
        Queries.appendTeams(sql, teams);
        sql.append(" ORDER BY created_ms, id");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, sinceMs);
            Queries.bindTeams(ps, 2, teams);
            return alerts(ps);
        }
    }

    /** Active alerts past their due time and not yet escalated (read through the index on state and due time). */
    static List<Alert> lateUnescalated(Connection c, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE state IN (?, ?)"
                + " AND due_ms < ? AND escalated_ms IS NULL ORDER BY due_ms, id")) {
            ps.setString(1, Alert.OPEN);
            ps.setString(2, Alert.ACKNOWLEDGED);
            ps.setLong(3, nowMs);
            return alerts(ps);
        }
    }

    /**
     * Marks an alert escalated if it still is late and not escalated: the condition is in the UPDATE itself, so that
     * of two nodes checking at once only one escalates it. Returns whether this call did.
     */
    static boolean escalate(Connection c, String id, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET escalated_ms = ? WHERE id = ?"
                + " AND escalated_ms IS NULL AND state <> ? AND due_ms < ?")) {
            ps.setLong(1, nowMs);
            ps.setString(2, id);
            ps.setString(3, Alert.CLOSED);
            ps.setLong(4, nowMs);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        record(c, id, nowMs, "escalated", null, null, null, null);
        return true;
    }

    static Optional<Alert> get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            List<Alert> found = alerts(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /**
     * Sets an alert's state, note (null keeps the old one) and outcome (null keeps the old one) as a person's action
     * {@code action}, and records it in the trail; returns the updated alert.
     */
    static Optional<Alert> update(
            Connection c, String id, String action, String state, String note, String outcome, long nowMs, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET state = ?, note = COALESCE(?, note),"
                + " outcome = COALESCE(?, outcome), updated_ms = ?, updated_by = ?,"
                + " first_action_ms = COALESCE(first_action_ms, ?),"
                + " closed_ms = CASE WHEN ? = 'closed' THEN COALESCE(closed_ms, ?) ELSE closed_ms END WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, note);
            ps.setString(3, outcome);
            ps.setLong(4, nowMs);
            ps.setString(5, by);
            ps.setLong(6, nowMs);
            ps.setString(7, state);
            ps.setLong(8, nowMs);
            ps.setString(9, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        record(c, id, nowMs, action, by, state, outcome, note);
        return get(c, id);
    }

    /** Appends an entry to an alert's trail. */
    static void record(
            Connection c, String id, long atMs, String action, String by, String state, String outcome, String note)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_history (alert_id, seq, at_ms, action,"
                + " by_user, state, outcome, note) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?"
                + " FROM alert_history WHERE alert_id = ?")) {
            ps.setString(1, id);
            ps.setLong(2, atMs);
            ps.setString(3, action);
            ps.setString(4, by);
            ps.setString(5, state);
            ps.setString(6, outcome);
            ps.setString(7, note);
            ps.setString(8, id);
            ps.executeUpdate();
        }
    }

    /** An alert's trail, oldest first. */
    static List<Change> history(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, seq, at_ms, action, by_user, state, outcome,"
                + " note FROM alert_history WHERE alert_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            List<Change> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)));
                }
            }
            return out;
        }
    }

    /** A team's follow-up window in milliseconds: its own, or the default. */
    static long window(Connection c, String team) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT window_ms FROM alert_windows WHERE team_id = ?")) {
            ps.setString(1, team);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Alerts.DEFAULT_WINDOW_MS;
            }
        }
    }

    /** Sets a team's follow-up window for the alerts raised from now on. */
    static void setWindow(Connection c, String team, long windowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_windows (team_id, window_ms) VALUES (?, ?)"
                + " ON CONFLICT (team_id) DO UPDATE SET window_ms = excluded.window_ms")) {
            ps.setString(1, team);
            ps.setLong(2, windowMs);
            ps.executeUpdate();
        }
    }

    private static List<Alert> alerts(PreparedStatement ps) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Alert(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        Queries.integer(rs, 6),
                        Queries.integer(rs, 7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getLong(11),
                        rs.getLong(12),
                        rs.getString(13),
                        rs.getLong(14),
                        nullableLong(rs, 15),
                        nullableLong(rs, 16),
                        nullableLong(rs, 17),
                        rs.getString(18) == null ? null : new JsonObject(rs.getString(18))));
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
