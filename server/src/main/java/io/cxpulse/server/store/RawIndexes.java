package io.cxpulse.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The secondary indexes of the raw tables ({@code calls}, {@code surveys}) as the migrations leave them. A large
 * import into SQLite drops them and builds them again once at its end, which costs the single writer less than keeping
 * them up to date row by row; an import interrupted in between leaves them missing, and the next open of the store
 * (server or import) builds them again. {@code BulkImportIT} checks this list against the migrated schema.
 */
final class RawIndexes {
    /** An index's name and the statement that creates it. */
    record Index(String name, String ddl) {}

    static final List<Index> ALL = List.of(
            new Index("calls_agent_end", "CREATE INDEX calls_agent_end ON calls(agent_id, end_ms)"),
            new Index("calls_end", "CREATE INDEX calls_end ON calls(end_ms)"),
            new Index(
                    "calls_caller_end",
                    "CREATE INDEX calls_caller_end ON calls(caller_hash, end_ms) WHERE caller_hash IS NOT NULL"),
            new Index("surveys_agent_end", "CREATE INDEX surveys_agent_end ON surveys(agent_id, end_ms)"),
            new Index("surveys_end_id", "CREATE INDEX surveys_end_id ON surveys(end_ms, event_id)"),
            new Index(
                    "surveys_version_end",
                    "CREATE INDEX surveys_version_end ON surveys(survey_id, survey_version, end_ms)"),
            new Index(
                    "surveys_caller_end",
                    "CREATE INDEX surveys_caller_end ON surveys(caller_hash, end_ms) WHERE caller_hash IS NOT NULL"));

    private RawIndexes() {}

    /** SQLite: the names of the raw tables' indexes the store has. */
    static Set<String> present(Connection c) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                        + " AND tbl_name IN ('calls', 'surveys') AND sql IS NOT NULL")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** SQLite: builds, in the caller's transaction, the indexes of the list the store lacks; returns their names. */
    static List<String> buildMissing(Connection c) throws SQLException {
        Set<String> present = present(c);
        List<String> built = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (Index i : ALL) {
                if (!present.contains(i.name())) {
                    st.executeUpdate(i.ddl());
                    built.add(i.name());
                }
            }
        }
        return built;
    }

    /** Drops every index of the list, in the caller's transaction. */
    static void drop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Index i : ALL) {
                st.executeUpdate("DROP INDEX IF EXISTS " + i.name());
            }
        }
    }
}
