package io.cxpulse.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The enrolment codes' SQL. A code is kept only as its hash; using one marks it used in the same statement that
 * checks it is unused and unexpired, so a code enrols once even when two desks type it at the same moment.
 */
public final class EnrolmentCodes {
    /** How long used and expired codes are kept (for the record) before they are deleted. */
    public static final long KEEP_MS = 7L * 24 * 3_600_000;

    private EnrolmentCodes() {}

    /** A code as stored: whom it enrols, who made it and when, until when it is valid, and when it was used. */
    public record Code(
            String agentId,
            String displayName,
            String team,
            String createdBy,
            long createdMs,
            long expiresMs,
            Long usedMs) {}

    /** Stores a new code's hash; deletes codes used or expired more than {@link #KEEP_MS} ago. */
    public static void insert(Connection c, String codeHash, Code code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM enrolment_codes WHERE expires_ms < ?")) {
            ps.setLong(1, code.createdMs() - KEEP_MS);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO enrolment_codes (code_hash, agent_id, display_name,"
                + " team_id, created_by, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, codeHash);
            ps.setString(2, code.agentId());
            ps.setString(3, code.displayName());
            ps.setString(4, code.team());
            ps.setString(5, code.createdBy());
            ps.setLong(6, code.createdMs());
            ps.setLong(7, code.expiresMs());
            ps.executeUpdate();
        }
    }

    /**
     * Uses the code with hash {@code codeHash} at {@code nowMs}: the code, or empty when there is none, it was used
     * already or it has expired.
     */
    public static Optional<Code> use(Connection c, String codeHash, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE enrolment_codes SET used_ms = ?"
                + " WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?")) {
            ps.setLong(1, nowMs);
            ps.setString(2, codeHash);
            ps.setLong(3, nowMs);
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM enrolment_codes WHERE code_hash = ?")) {
            ps.setString(1, codeHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(code(rs)) : Optional.empty();
            }
        }
    }

    /** The codes not used and not expired at {@code nowMs}, newest first (at most 500). */
    public static List<Code> pending(Connection c, long nowMs) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM enrolment_codes WHERE used_ms IS NULL AND expires_ms > ?"
                + " ORDER BY created_ms DESC, agent_id LIMIT 500";
        List<Code> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(code(rs));
                }
            }
        }
        return out;
    }

    private static final String COLUMNS =
            "agent_id, display_name, team_id, created_by, created_ms, expires_ms, used_ms";

    private static Code code(ResultSet rs) throws SQLException {
        long used = rs.getLong(7);
        return new Code(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.wasNull() ? null : used);
    }
}
