package io.cxpulse.server.alerts;

import io.cxpulse.server.store.Queries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The alerts table's SQL, run inside the store's reads and transactions. */
final class AlertQueries {
    private AlertQueries() {}

    /** Stores a new alert; false when the survey raised one before. */
    static boolean insert(Connection c, Alert a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (id, agent_id, team_id, call_id, nps, csat,"
                + " state, note, created_ms, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
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
            return ps.executeUpdate() == 1;
        }
    }

    private static final String ALERT_COLUMNS =
            "id, agent_id, team_id, call_id, nps, csat, state, note, created_ms, updated_ms, updated_by";

    /** Alerts in the given states (null: all) and teams (null: all), newest first. */
    static List<Alert> list(Connection c, Collection<String> states, Collection<String> teams, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE 1 = 1");
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
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alert(rs));
                }
            }
            return out;
        }
    }

    static Optional<Alert> get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    /** Sets an alert's state and note (a null note keeps the old one); returns the updated alert. */
    static Optional<Alert> update(Connection c, String id, String state, String note, long nowMs, String by)
            throws SQLException {
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
        return get(c, id);
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Queries.integer(rs, 5),
                Queries.integer(rs, 6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getString(11));
    }
}
