package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.testkit.Requirements;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database a test runs against: a SQLite file under a temporary directory, or a PostgreSQL schema of its own
 * (from {@code -Dcx.pgUrl} or {@code CX_PG_URL}, skipped on a laptop without one, failing under CI), dropped after.
 */
public final class StoreTarget implements AutoCloseable {
    private final Path dir;
    private final String pgBase;
    private final String schema;

    private StoreTarget(Path dir, String pgBase, String schema) {
        this.dir = dir;
        this.pgBase = pgBase;
        this.schema = schema;
    }

    public static StoreTarget sqlite(Path dir) {
        return new StoreTarget(dir, null, null);
    }

    public static StoreTarget postgres(Path dir) throws SQLException {
        String base = System.getProperty("cx.pgUrl", System.getenv("CX_PG_URL"));
        if (base == null || base.isBlank()) {
            Requirements.missing("no PostgreSQL: set -Dcx.pgUrl or CX_PG_URL to a jdbc:postgresql:// URL");
        }
        String schema = "cx_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return new StoreTarget(dir, base, schema);
    }

    /** The database a parameterized test names: {@code sqlite} or {@code postgresql}. */
    public static StoreTarget of(String kind, Path dir) throws SQLException {
        return switch (kind) {
            case "sqlite" -> sqlite(dir);
            case "postgresql" -> postgres(dir);
            default -> throw new IllegalArgumentException("no database kind " + kind);
        };
    }

    public boolean isPostgres() {
        return pgBase != null;
    }

    public String url() {
        if (pgBase == null) {
            return "jdbc:sqlite:" + dir.resolve("cx.db").toAbsolutePath();
        }
        return pgBase + (pgBase.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A server configuration on this database. */
    public ServerConfig config() {
        ServerConfig c = ServerConfig.loopback(dir);
        return pgBase == null ? c : c.withDatabase(url(), null, null);
    }

    /** The command-line options that name this database, as {@code cx-server import} takes them. */
    public String[] options() {
        return pgBase == null ? new String[] {"--data-dir", dir.toString()} : new String[] {"--db-url", url()};
    }

    public long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** As {@link #count}, for conditions that cannot throw. */
    public long countQuietly(String sql) {
        try {
            return count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** Closes {@code server} and then {@code target}, each only if the test got as far as making it. */
    public static void shutDown(CxServer server, StoreTarget target) throws SQLException {
        if (server != null) {
            await(server.close());
        }
        if (target != null) {
            target.close();
        }
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(pgBase);
                    Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
