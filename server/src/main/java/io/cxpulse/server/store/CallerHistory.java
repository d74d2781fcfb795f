package io.cxpulse.server.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the store knows of a caller, by the salted hash of the caller's number that agents send (never the number):
 * whether any agent's survey of that caller is stored since a time, and the center's salt the agents hash with.
 */
public final class CallerHistory {
    /** The settings row holding the center's salt: 32 random bytes as 64 lower-case hex digits. */
    static final String SALT = "caller_salt";

    private static final SecureRandom RANDOM = new SecureRandom();

    private CallerHistory() {}

    static String newSalt() {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    /** The center's salt for caller hashes; empty only before the store's schema has it. Blocking: a worker thread. */
    public static Optional<String> salt(Connection c) throws SQLException {
        return Settings.get(c, SALT);
    }

    /**
     * Whether a survey of the caller with this hash, by any agent and whatever its outcome, is stored with an end at
     * or after {@code sinceMs}. One probe of the surveys' caller index. Blocking: a worker thread.
     */
    public static boolean surveyedSince(Connection c, String callerHash, long sinceMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM surveys WHERE caller_hash = ? AND end_ms >= ? ORDER BY end_ms DESC LIMIT 1")) {
            ps.setString(1, callerHash);
            ps.setLong(2, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
