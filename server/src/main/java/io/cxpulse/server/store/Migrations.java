package io.cxpulse.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes, applied in order at start, each in its own transaction and recorded in {@code
 * schema_version}. Append new versions; never edit a released one. The SQL is common to SQLite and PostgreSQL except
 * where {@link Dialect} says otherwise.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** One version's change, run inside its transaction. */
    @FunctionalInterface
    private interface Step {
        void run(Connection c, Dialect dialect, ZoneId zone) throws SQLException;
    }

    private record Migration(int version, String description, Step step) {}

    private static Step sql(String... statements) {
        return (c, dialect, zone) -> {
            try (Statement st = c.createStatement()) {
                for (String s : statements) {
                    st.executeUpdate(s);
                }
            }
        };
    }

    /** How the migration that splits the rollups by survey program version begins its description. */
    static final String VERSIONED_ROLLUPS = "rollups per survey program version";

    private static final String[] ROLLUP_TABLES = {"agent_day", "agent_hour", "team_day"};

    private static final List<Migration> ALL = List.of(
            new Migration(
                    1,
                    "teams, agents, users, calls, surveys, alerts",
                    sql(
                            "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
                            "CREATE TABLE agents (id TEXT PRIMARY KEY, display_name TEXT NOT NULL,"
                                    + " team_id TEXT NOT NULL REFERENCES teams(id), token_hash TEXT NOT NULL,"
                                    + " demo_token TEXT)",
                            "CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
                                    + " role TEXT NOT NULL, team_id TEXT REFERENCES teams(id))",
                            "CREATE TABLE calls (event_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL,"
                                    + " team_id TEXT NOT NULL, call_id TEXT NOT NULL, start_ms BIGINT NOT NULL,"
                                    + " end_ms BIGINT NOT NULL, talk_ms BIGINT NOT NULL, mute_ms BIGINT NOT NULL,"
                                    + " mute_count INTEGER NOT NULL, longest_mute_ms BIGINT NOT NULL,"
                                    + " hold_ms BIGINT NOT NULL, survey_offered INTEGER NOT NULL,"
                                    + " received_ms BIGINT NOT NULL)",
                            "CREATE INDEX calls_agent_end ON calls(agent_id, end_ms)",
                            "CREATE INDEX calls_end ON calls(end_ms)",
                            "CREATE TABLE surveys (event_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL,"
                                    + " team_id TEXT NOT NULL, call_id TEXT NOT NULL, language TEXT NOT NULL,"
                                    + " start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, status TEXT NOT NULL,"
                                    + " nps INTEGER, csat INTEGER, resolved INTEGER, answered INTEGER NOT NULL,"
                                    + " answers_json TEXT NOT NULL, received_ms BIGINT NOT NULL)",
                            "CREATE INDEX surveys_agent_end ON surveys(agent_id, end_ms)",
                            "CREATE INDEX surveys_end ON surveys(end_ms)",
                            "CREATE TABLE alerts (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, team_id TEXT NOT NULL,"
                                    + " call_id TEXT NOT NULL, nps INTEGER, csat INTEGER, state TEXT NOT NULL,"
                                    + " note TEXT, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,"
                                    + " updated_by TEXT)",
                            "CREATE INDEX alerts_state ON alerts(state, created_ms)")),
            new Migration(
                    2,
                    "one event id across types, rollups per agent per day and hour, export order index, settings",
                    Migrations::rollups),
            new Migration(
                    3,
                    "enrolment codes (their hashes), kept across restarts",
                    sql(
                            "CREATE TABLE enrolment_codes (code_hash TEXT PRIMARY KEY, agent_id TEXT NOT NULL,"
                                    + " display_name TEXT NOT NULL, team_id TEXT NOT NULL, created_by TEXT NOT NULL,"
                                    + " created_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL, used_ms BIGINT)",
                            "CREATE INDEX enrolment_codes_expires ON enrolment_codes(expires_ms)")),
            new Migration(
                    4,
                    "alert follow-up: kind, deadline, outcome, escalation, audit trail, follow-up window per team",
                    sql(
                            "ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'detractor'",
                            "ALTER TABLE alerts ADD COLUMN due_ms BIGINT",
                            "UPDATE alerts SET due_ms = created_ms + 86400000",
                            "ALTER TABLE alerts ADD COLUMN outcome TEXT",
                            "ALTER TABLE alerts ADD COLUMN escalated_ms BIGINT",
                            "ALTER TABLE alerts ADD COLUMN first_action_ms BIGINT",
                            "UPDATE alerts SET first_action_ms = updated_ms WHERE updated_by IS NOT NULL",
                            "ALTER TABLE alerts ADD COLUMN closed_ms BIGINT",
                            "UPDATE alerts SET closed_ms = updated_ms WHERE state = 'closed'",
                            // The periodic check for late follow-ups reads the active alerts by due time.
                            "CREATE INDEX alerts_state_due ON alerts(state, due_ms)",
                            "CREATE INDEX alerts_created ON alerts(created_ms)",
                            "CREATE TABLE alert_history (alert_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                                    + " at_ms BIGINT NOT NULL, action TEXT NOT NULL, by_user TEXT, state TEXT,"
                                    + " outcome TEXT, note TEXT, PRIMARY KEY (alert_id, seq))",
                            "INSERT INTO alert_history (alert_id, seq, at_ms, action, state)"
                                    + " SELECT id, 1, created_ms, 'raised', 'open' FROM alerts",
                            "CREATE TABLE alert_windows (team_id TEXT PRIMARY KEY, window_ms BIGINT NOT NULL)")),
            new Migration(
                    5,
                    "trend alerts: their evidence, and each agent's alerts by kind and time",
                    sql(
                            "ALTER TABLE alerts ADD COLUMN evidence TEXT",
                            // Before raising a trend alert the store looks for the agent's latest one.
                            "CREATE INDEX alerts_agent_kind ON alerts(agent_id, kind, created_ms)")),
            new Migration(
                    6,
                    "survey programs: immutable versions, prompts by content hash, the active one per team, which"
                            + " version each agent runs; surveys say which program and version were asked",
                    Migrations::surveyPrograms),
            new Migration(
                    7,
                    "repeat callers: calls and surveys keep the caller's hash, surveys by caller hash and time, the"
                            + " center's caller salt",
                    Migrations::callerHashes),
            new Migration(
                    8,
                    VERSIONED_ROLLUPS + ": the daily and hourly figures can be read for one program version",
                    Migrations::versionedRollups),
            new Migration(
                    9,
                    "repeat contacts: calls by caller hash and end, for the drivers view",
                    // For each surveyed call the drivers view asks whether its caller had an earlier call; only the
                    // calls that carry a caller hash are indexed.
                    sql("CREATE INDEX calls_caller_end ON calls(caller_hash, end_ms) WHERE caller_hash IS NOT NULL")));

    private Migrations() {}

    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /**
     * Version 2. Calls say who ended them ({@code ended_by}: agent, caller, or null when the agent could not tell).
     * Event ids move to a table of their own, so that an id is one event whatever its type and stays
     * claimed after its raw row is retired; the raw tables are copied without their id index. The rollup tables are made
     * empty: the version that splits them by survey program version builds them from the rows stored. An existing store keeps any call and survey that shared an id
     * (they were both counted before), and the log says how many.
     */
    private static void rollups(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        String clustered = dialect == Dialect.SQLITE ? " WITHOUT ROWID" : "";
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE event_ids (event_id TEXT PRIMARY KEY)" + clustered);
            st.executeUpdate("INSERT INTO event_ids (event_id) SELECT event_id FROM calls WHERE 1 = 1"
                    + " ON CONFLICT (event_id) DO NOTHING");
            int surveys = st.executeUpdate("INSERT INTO event_ids (event_id) SELECT event_id FROM surveys WHERE 1 = 1"
                    + " ON CONFLICT (event_id) DO NOTHING");
            long shared = Settings.count(c, "SELECT COUNT(*) FROM surveys") - surveys;
            if (shared > 0) {
                log.warn("{} stored surveys share their event id with a stored call; both stay counted", shared);
            }
            st.executeUpdate("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
            // The rollups as this version made them; the version that splits them by survey program builds them.
            String counts = Arrays.stream(Rollups.COUNT_COLUMNS.split(", "))
                    .map(col -> col + " BIGINT NOT NULL")
                    .reduce((a, b) -> a + ", " + b)
                    .orElseThrow();
            st.executeUpdate("CREATE TABLE agent_day (agent_id TEXT NOT NULL, day INTEGER NOT NULL,"
                    + " team_id TEXT NOT NULL, " + counts + ", PRIMARY KEY (agent_id, day, team_id))" + clustered);
            st.executeUpdate("CREATE TABLE agent_hour (hour_ms BIGINT NOT NULL, agent_id TEXT NOT NULL,"
                    + " team_id TEXT NOT NULL, " + counts + ", PRIMARY KEY (hour_ms, agent_id, team_id))" + clustered);
            st.executeUpdate("CREATE TABLE team_day (day INTEGER NOT NULL, team_id TEXT NOT NULL, " + counts
                    + ", PRIMARY KEY (day, team_id))" + clustered);
        }
        // The raw tables lose their own unique index on event_id: event_ids keeps ids unique, nothing looks a raw row
        // up by id, and a second index on random ids would halve the speed of every write.
        String calls = "event_id, agent_id, team_id, call_id, start_ms, end_ms, talk_ms, mute_ms, mute_count,"
                + " longest_mute_ms, hold_ms, survey_offered, received_ms";
        String surveys = "event_id, agent_id, team_id, call_id, language, start_ms, end_ms, status, nps, csat,"
                + " resolved, answered, answers_json, received_ms";
        sql(
                        "CREATE TABLE calls_v2 (event_id TEXT NOT NULL, agent_id TEXT NOT NULL, team_id TEXT NOT NULL,"
                                + " call_id TEXT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL,"
                                + " talk_ms BIGINT NOT NULL, mute_ms BIGINT NOT NULL, mute_count INTEGER NOT NULL,"
                                + " longest_mute_ms BIGINT NOT NULL, hold_ms BIGINT NOT NULL,"
                                + " survey_offered INTEGER NOT NULL, received_ms BIGINT NOT NULL, ended_by TEXT)",
                        "INSERT INTO calls_v2 (" + calls + ") SELECT " + calls + " FROM calls ORDER BY end_ms",
                        "DROP TABLE calls",
                        "ALTER TABLE calls_v2 RENAME TO calls",
                        "CREATE INDEX calls_agent_end ON calls(agent_id, end_ms)",
                        "CREATE INDEX calls_end ON calls(end_ms)",
                        "CREATE TABLE surveys_v2 (event_id TEXT NOT NULL, agent_id TEXT NOT NULL,"
                                + " team_id TEXT NOT NULL, call_id TEXT NOT NULL, language TEXT NOT NULL,"
                                + " start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, status TEXT NOT NULL,"
                                + " nps INTEGER, csat INTEGER, resolved INTEGER, answered INTEGER NOT NULL,"
                                + " answers_json TEXT NOT NULL, received_ms BIGINT NOT NULL)",
                        "INSERT INTO surveys_v2 (" + surveys + ") SELECT " + surveys + " FROM surveys ORDER BY end_ms",
                        "DROP TABLE surveys",
                        "ALTER TABLE surveys_v2 RENAME TO surveys",
                        "CREATE INDEX surveys_agent_end ON surveys(agent_id, end_ms)",
                        // The export reads surveys in (end, id) order straight from this index, without sorting.
                        "CREATE INDEX surveys_end_id ON surveys(end_ms, event_id)")
                .run(c, dialect, zone);
        Settings.put(c, Settings.TIME_ZONE, zone.getId());
    }

    /**
     * Version 6. A program's versions are rows that are only ever inserted; prompts are WAV files in the line format,
     * keyed by the SHA-256 of their bytes.
     */
    private static void surveyPrograms(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        String bytes = dialect == Dialect.SQLITE ? "BLOB" : "BYTEA";
        sql(
                        "CREATE TABLE programs (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_ms BIGINT NOT NULL,"
                                + " created_by TEXT NOT NULL)",
                        "CREATE TABLE program_versions (program_id TEXT NOT NULL REFERENCES programs(id),"
                                + " version INTEGER NOT NULL, survey_json TEXT NOT NULL, audience_json TEXT NOT NULL,"
                                + " note TEXT, created_ms BIGINT NOT NULL, created_by TEXT NOT NULL,"
                                + " PRIMARY KEY (program_id, version))",
                        "CREATE TABLE prompts (sha256 TEXT PRIMARY KEY, wav " + bytes + " NOT NULL,"
                                + " duration_ms BIGINT NOT NULL, source TEXT NOT NULL, draft INTEGER NOT NULL,"
                                + " created_ms BIGINT NOT NULL, created_by TEXT NOT NULL)",
                        "CREATE TABLE team_programs (team_id TEXT PRIMARY KEY, program_id TEXT NOT NULL,"
                                + " version INTEGER NOT NULL, activated_ms BIGINT NOT NULL, activated_by TEXT NOT NULL,"
                                + " FOREIGN KEY (program_id, version) REFERENCES program_versions(program_id, version))",
                        "CREATE TABLE agent_programs (agent_id TEXT PRIMARY KEY, program_id TEXT NOT NULL,"
                                + " version INTEGER NOT NULL, since_ms BIGINT NOT NULL)",
                        "ALTER TABLE surveys ADD COLUMN survey_id TEXT",
                        "ALTER TABLE surveys ADD COLUMN survey_version INTEGER",
                        "CREATE INDEX surveys_version_end ON surveys(survey_id, survey_version, end_ms)")
                .run(c, dialect, zone);
    }

    /**
     * Version 7. A call or survey whose line knew the caller's number keeps its salted hash (never the number); the
     * question "was this caller surveyed since ..." reads the newest survey of a hash from a partial index that holds
     * only the surveys that have one. The center's salt is made here, once, so that every node of a cluster shares it.
     */
    private static void callerHashes(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        sql(
                        "ALTER TABLE calls ADD COLUMN caller_hash TEXT",
                        "ALTER TABLE surveys ADD COLUMN caller_hash TEXT",
                        "CREATE INDEX surveys_caller_end ON surveys(caller_hash, end_ms) WHERE caller_hash IS NOT NULL")
                .run(c, dialect, zone);
        if (Settings.get(c, CallerHistory.SALT).isEmpty()) {
            Settings.put(c, CallerHistory.SALT, CallerHistory.newSalt());
        }
    }

    /**
     * Version 8. The rollups gain the survey program version (survey id and version) in their keys, so that history
     * and charts can be read for one version without mixing wordings. Rebuilt from the raw rows, in the zone they are
     * kept in; once raw events were retired the old rollups are kept instead, every survey in them unversioned, and
     * the surveys still stored move to their version's buckets.
     */
    private static void versionedRollups(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        ZoneId kept = ZoneId.of(Settings.get(c, Settings.TIME_ZONE).orElseThrow());
        boolean retired = Settings.get(c, Settings.RETIRED_BEFORE).isPresent();
        try (Statement st = c.createStatement()) {
            for (String table : ROLLUP_TABLES) {
                if (retired) {
                    st.executeUpdate("CREATE TABLE " + table + "_unversioned AS SELECT * FROM " + table);
                }
                st.executeUpdate("DROP TABLE " + table);
            }
            for (String table : Rollups.createTables(dialect)) {
                st.executeUpdate(table);
            }
            if (retired) {
                for (String table : ROLLUP_TABLES) {
                    String k = keysOf(table);
                    st.executeUpdate("INSERT INTO " + table + " (" + k + ", survey_id, survey_version, "
                            + Rollups.COUNT_COLUMNS + ") SELECT " + k + ", '" + Rollups.NO_SURVEY + "', "
                            + Rollups.NO_VERSION + ", " + Rollups.COUNT_COLUMNS + " FROM " + table + "_unversioned");
                    st.executeUpdate("DROP TABLE " + table + "_unversioned");
                }
            }
        }
        if (retired) {
            log.info("Raw events were retired: the rollups are kept and split by the surveys still stored");
            Rollups.splitByVersion(c, dialect, kept);
        } else {
            Rollups.rebuild(c, dialect, kept);
        }
    }

    private static String keysOf(String table) {
        return switch (table) {
            case "agent_day" -> "agent_id, day, team_id";
            case "agent_hour" -> "hour_ms, agent_id, team_id";
            default -> "day, team_id";
        };
    }

    /** Brings the schema up to the latest version; returns that version. {@code zone} is the rollups' zone. */
    static int apply(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        return apply(c, dialect, zone, ALL.get(ALL.size() - 1).version());
    }

    /**
     * Every version before the one whose description starts with {@code description}, for tests that need a store as
     * an older server left it.
     */
    static void applyBefore(Connection c, Dialect dialect, ZoneId zone, String description) throws SQLException {
        Migration m = ALL.stream()
                .filter(x -> x.description().startsWith(description))
                .findFirst()
                .orElseThrow();
        apply(c, dialect, zone, m.version() - 1);
    }

    private static int apply(Connection c, Dialect dialect, ZoneId zone, int upTo) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
            c.commit();
        }
        int current;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            current = rs.getInt(1);
        }
        c.commit();
        int latest = ALL.get(ALL.size() - 1).version();
        if (current > latest) {
            throw new SQLException("the database schema is version " + current + ", newer than this server's " + latest
                    + "; upgrade the server");
        }
        for (Migration m : ALL) {
            if (m.version() <= current || m.version() > upTo) {
                continue;
            }
            try {
                log.info("Applying schema migration {}: {}", m.version(), m.description());
                m.step().run(c, dialect, zone);
                try (var ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
                log.info("Applied schema migration {}: {}", m.version(), m.description());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw new SQLException("schema migration " + m.version() + " failed: " + e.getMessage(), e);
            }
        }
        return latest;
    }

    /** Version 1 only, for tests that need a store as an older server left it. */
    static void applyFirstVersionOnly(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
            ALL.get(0).step().run(c, Dialect.SQLITE, ZoneId.of("UTC"));
            st.executeUpdate("INSERT INTO schema_version (version, description, applied_ms) VALUES (1, 'v1', 0)");
        }
        c.commit();
    }
}
