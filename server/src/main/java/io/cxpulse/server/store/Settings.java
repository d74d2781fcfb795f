package io.cxpulse.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** The store's own named settings, such as the time zone its rollups are kept in. */
final class Settings {
    /** The zone id the day and hour rollups were built in. */
    static final String TIME_ZONE = "time_zone";
    /** Epoch milliseconds before which raw calls and surveys were retired; only rollups remain of them. */
    static final String RETIRED_BEFORE = "retired_before_ms";

    private Settings() {}

    static Optional<String> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
