package io.cxpulse.server.store;

/** The SQL databases the store runs on; the schema and statements are shared, only connection set-up differs. */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "unsupported database URL " + jdbcUrl + "; expected jdbc:sqlite:... or jdbc:postgresql://...");
    }

    /**
     * Rows fetched per round trip by a streaming query. PostgreSQL reads a whole result into memory unless a fetch
     * size is set and the connection is in a transaction; SQLite steps through rows anyway.
     */
    int fetchSize() {
        return this == POSTGRESQL ? 2_000 : 0;
    }
}
