package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.SurveyScores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mergeable counts per agent per day and per agent per hour (and per team per day, what history reads), in the
 * center's time zone, each split by the survey program version the surveys were asked in. The writer adds each
 * transaction's events to them in that same transaction, so they never disagree with the raw rows; a day is a {@link
 * LocalDate#toEpochDay()}, an hour the epoch milliseconds at which that local clock hour starts. Calls, and surveys
 * that name no program or no version, count under survey id {@value #NO_SURVEY} and version {@value #NO_VERSION}
 * (a version is 1 or more): a call's counts and a survey's counts fill different columns, so the call columns of
 * all rows and the survey columns of one version's rows together are exactly that version's figures (see {@link
 * #summedColumns}).
 */
public final class Rollups {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /** The counts' columns, in {@link Counts}' component order. */
    static final String COUNT_COLUMNS = "calls, talk_ms, mute_ms, surveys_offered, surveys, responses, promoters,"
            + " passives, detractors, csat_n, csat_sum, csat_top2, resolved_n, resolved_yes, ended_known, caller_ended";

    private static final String[] COLUMNS = COUNT_COLUMNS.split(", ");

    /** The survey id of calls and of surveys that name no program. */
    public static final String NO_SURVEY = "";

    /** The version of calls and of surveys that name none. */
    public static final int NO_VERSION = 0;

    /**
     * The call columns read whatever version is asked for. Every other count column only surveys fill, except {@code
     * surveys_offered}: an offer names no version, so it is left out of a version's figures, whose response rate is
     * then of that version's own surveys.
     */
    private static final List<String> CALL_COLUMNS =
            List.of("calls", "talk_ms", "mute_ms", "ended_known", "caller_ended");

    /** How rows are summed when several match, e.g. one agent in two teams on a day. */
    static final String SUMMED_COLUMNS =
            String.join(", ", Arrays.stream(COLUMNS).map(c -> "SUM(" + c + ")").toArray(String[]::new));

    private Rollups() {}

    /**
     * The summed count columns of the rows {@code filter} keeps: every row's call columns (not the survey offers),
     * and the survey columns of the rows of that survey program version only. Reads a column {@code m} that {@link #matchColumn} makes.
     */
    static String summedColumns(SurveyFilter filter) {
        if (filter.isEmpty()) {
            return SUMMED_COLUMNS;
        }
        return String.join(
                ", ",
                Arrays.stream(COLUMNS)
                        .map(c -> CALL_COLUMNS.contains(c) ? "SUM(" + c + ")" : "SUM(m * " + c + ")")
                        .toArray(String[]::new));
    }

    /**
     * {@code table} with a column {@code m}, 1 on the rows of {@code filter}'s version and 0 on the others, as a
     * subquery to select from; its parameters are bound by {@link #bindMatch}.
     */
    static String matchColumn(String table, SurveyFilter filter) {
        if (filter.isEmpty()) {
            return table;
        }
        String match = (filter.surveyId() == null ? "" : " AND survey_id = ?")
                + (filter.version() == null ? "" : " AND survey_version = ?");
        return "(SELECT " + table + ".*, CASE WHEN 1 = 1" + match + " THEN 1 ELSE 0 END AS m FROM " + table + ") "
                + table;
    }

    /** Binds what {@link #matchColumn} asked for, from parameter {@code from}; returns the next one. */
    public static int bindMatch(PreparedStatement ps, int from, SurveyFilter filter) throws SQLException {
        int i = from;
        if (filter.surveyId() != null) {
            ps.setString(i++, filter.surveyId());
        }
        if (filter.version() != null) {
            ps.setInt(i++, filter.version());
        }
        return i;
    }

    /** The survey id an event counts under in the rollups. */
    static String surveyKey(AgentEvent e) {
        return e instanceof SurveyResult s && s.surveyId() != null ? s.surveyId() : NO_SURVEY;
    }

    /** The version an event counts under in the rollups. */
    static int versionKey(AgentEvent e) {
        return e instanceof SurveyResult s && s.version() != null ? s.version() : NO_VERSION;
    }

    /** The local day {@code ms} falls on. */
    public static long day(long ms, ZoneId zone) {
        return Instant.ofEpochMilli(ms).atZone(zone).toLocalDate().toEpochDay();
    }

    /** When the local clock hour that {@code ms} falls in started. */
    public static long hour(long ms, ZoneId zone) {
        return Instant.ofEpochMilli(ms)
                .atZone(zone)
                .truncatedTo(ChronoUnit.HOURS)
                .toInstant()
                .toEpochMilli();
    }

    private static final String VERSION_KEYS = "survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, ";

    /** The tables, for migrations; SQLite keeps them clustered by key. */
    static String[] createTables(Dialect dialect) {
        String counts = Arrays.stream(COLUMNS)
                .map(c -> c + " BIGINT NOT NULL")
                .reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        String clustered = dialect == Dialect.SQLITE ? " WITHOUT ROWID" : "";
        return new String[] {
            "CREATE TABLE agent_day (agent_id TEXT NOT NULL, day INTEGER NOT NULL, team_id TEXT NOT NULL, "
                    + VERSION_KEYS + counts + ", PRIMARY KEY (agent_id, day, team_id, survey_id, survey_version))"
                    + clustered,
            "CREATE TABLE agent_hour (hour_ms BIGINT NOT NULL, agent_id TEXT NOT NULL, team_id TEXT NOT NULL, "
                    + VERSION_KEYS + counts + ", PRIMARY KEY (hour_ms, agent_id, team_id, survey_id, survey_version))"
                    + clustered,
            "CREATE TABLE team_day (day INTEGER NOT NULL, team_id TEXT NOT NULL, " + VERSION_KEYS + counts
                    + ", PRIMARY KEY (day, team_id, survey_id, survey_version))" + clustered
        };
    }

    /** Reads {@link Counts} from its 16 columns starting at {@code from}. */
    static Counts counts(ResultSet rs, int from) throws SQLException {
        long[] v = new long[COLUMNS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getLong(from + i);
        }
        return new Counts(
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
    }

    private static int bind(PreparedStatement ps, int from, Counts c) throws SQLException {
        long[] v = {
            c.calls(),
            c.talkMs(),
            c.muteMs(),
            c.surveysOffered(),
            c.surveys(),
            c.responses(),
            c.promoters(),
            c.passives(),
            c.detractors(),
            c.csatN(),
            c.csatSum(),
            c.csatTop2(),
            c.resolvedN(),
            c.resolvedYes(),
            c.endedKnown(),
            c.callerEnded()
        };
        for (int i = 0; i < v.length; i++) {
            ps.setLong(from + i, v[i]);
        }
        return from + v.length;
    }

    private static final String VERSION = ", survey_id, survey_version";

    private static int bindVersion(PreparedStatement ps, int from, Version v) throws SQLException {
        ps.setString(from, v.surveyId());
        ps.setInt(from + 1, v.version());
        return from + 2;
    }

    private static String upsert(String table, String keys) {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (")
                .append(keys)
                .append(", ")
                .append(COUNT_COLUMNS)
                .append(") VALUES (");
        int n = keys.split(",").length + COLUMNS.length;
        sql.append(String.join(", ", Collections.nCopies(n, "?")));
        sql.append(") ON CONFLICT (").append(keys).append(") DO UPDATE SET ");
        for (int i = 0; i < COLUMNS.length; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(COLUMNS[i])
                    .append(" = ")
                    .append(table)
                    .append('.')
                    .append(COLUMNS[i])
                    .append(" + excluded.")
                    .append(COLUMNS[i]);
        }
        return sql.toString();
    }

    /** A survey program version as the rollups key it. */
    private record Version(String surveyId, int version) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = surveyId.compareTo(o.surveyId);
            return c != 0 ? c : Integer.compare(version, o.version);
        }
    }

    private record AgentDay(String agentId, long day, String team, Version v) implements Comparable<AgentDay> {
        @Override
        public int compareTo(AgentDay o) {
            int c = agentId.compareTo(o.agentId);
            if (c == 0) {
                c = Long.compare(day, o.day);
            }
            if (c == 0) {
                c = team.compareTo(o.team);
            }
            return c != 0 ? c : v.compareTo(o.v);
        }
    }

    private record AgentHour(long hourMs, String agentId, String team, Version v) implements Comparable<AgentHour> {
        @Override
        public int compareTo(AgentHour o) {
            int c = Long.compare(hourMs, o.hourMs);
            if (c == 0) {
                c = agentId.compareTo(o.agentId);
            }
            if (c == 0) {
                c = team.compareTo(o.team);
            }
            return c != 0 ? c : v.compareTo(o.v);
        }
    }

    private record TeamDay(long day, String team, Version v) implements Comparable<TeamDay> {
        @Override
        public int compareTo(TeamDay o) {
            int c = Long.compare(day, o.day);
            if (c == 0) {
                c = team.compareTo(o.team);
            }
            return c != 0 ? c : v.compareTo(o.v);
        }
    }

    /**
     * What one transaction adds to the rollups, summed in memory so that each bucket is written once per
     * transaction. Keys are written in sorted order, so that concurrent writers (PostgreSQL) never deadlock.
     */
    static final class Delta {
        private final ZoneId zone;
        // Summed in hash maps, sorted once when written.
        private final Map<AgentDay, Counts> agentDay = new HashMap<>();
        private final Map<AgentHour, Counts> agentHour = new HashMap<>();
        private final Map<TeamDay, Counts> teamDay = new HashMap<>();
        // Most events of a batch fall in the same hour: remember the last bucket instead of asking the zone rules.
        private long hourFrom = Long.MAX_VALUE;
        private long hourTo = Long.MIN_VALUE;
        private long lastDay;
        private Version lastVersion;

        Delta(ZoneId zone) {
            this.zone = zone;
        }

        /** Adds an event's counts, under its agent, {@code team}, its end time and its survey program version. */
        void add(AgentEvent e, String team, Counts counts) {
            add(e.agentId(), team, surveyKey(e), versionKey(e), e.endMs(), counts);
        }

        void add(String agentId, String team, String surveyId, int version, long endMs, Counts counts) {
            if (endMs < hourFrom || endMs >= hourTo) {
                hourFrom = hour(endMs, zone);
                // The next local hour starts an hour later, except across an offset change: then ask again.
                hourTo = Math.min(hourFrom + 3_600_000L, hour(hourFrom + 3_600_000L, zone));
                if (hourTo <= hourFrom) {
                    hourTo = hourFrom + 1;
                }
                lastDay = day(endMs, zone);
            }
            // Most events of a batch are calls or of one version: reuse the last key.
            Version v = lastVersion != null
                            && lastVersion.version() == version
                            && lastVersion.surveyId().equals(surveyId)
                    ? lastVersion
                    : (lastVersion = new Version(surveyId, version));
            agentDay.merge(new AgentDay(agentId, lastDay, team, v), counts, Counts::plus);
            agentHour.merge(new AgentHour(hourFrom, agentId, team, v), counts, Counts::plus);
            teamDay.merge(new TeamDay(lastDay, team, v), counts, Counts::plus);
        }

        /** Adds everything {@code other} holds (in the same zone), as if its events had been added here. */
        void addAll(Delta other) {
            other.agentDay.forEach((k, v) -> agentDay.merge(k, v, Counts::plus));
            other.agentHour.forEach((k, v) -> agentHour.merge(k, v, Counts::plus));
            other.teamDay.forEach((k, v) -> teamDay.merge(k, v, Counts::plus));
        }

        boolean isEmpty() {
            return agentDay.isEmpty();
        }

        /** Adds everything to the tables and forgets it. */
        void flush(Connection c) throws SQLException {
            if (isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(upsert("agent_day", "agent_id, day, team_id" + VERSION))) {
                for (Map.Entry<AgentDay, Counts> e : new TreeMap<>(agentDay).entrySet()) {
                    ps.setString(1, e.getKey().agentId());
                    ps.setLong(2, e.getKey().day());
                    ps.setString(3, e.getKey().team());
                    bind(ps, bindVersion(ps, 4, e.getKey().v()), e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps =
                    c.prepareStatement(upsert("agent_hour", "hour_ms, agent_id, team_id" + VERSION))) {
                for (Map.Entry<AgentHour, Counts> e : new TreeMap<>(agentHour).entrySet()) {
                    ps.setLong(1, e.getKey().hourMs());
                    ps.setString(2, e.getKey().agentId());
                    ps.setString(3, e.getKey().team());
                    bind(ps, bindVersion(ps, 4, e.getKey().v()), e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(upsert("team_day", "day, team_id" + VERSION))) {
                for (Map.Entry<TeamDay, Counts> e : new TreeMap<>(teamDay).entrySet()) {
                    ps.setLong(1, e.getKey().day());
                    ps.setString(2, e.getKey().team());
                    bind(ps, bindVersion(ps, 3, e.getKey().v()), e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            agentDay.clear();
            agentHour.clear();
            teamDay.clear();
        }
    }

    /**
     * Rebuilds every rollup from the raw rows stored, in the caller's transaction. Streams the rows agent by agent,
     * so memory holds one agent's buckets at a time whatever the store's size; logs progress.
     */
    static void rebuild(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM agent_day");
            st.executeUpdate("DELETE FROM agent_hour");
            st.executeUpdate("DELETE FROM team_day");
        }
        long total = count(c, "calls") + count(c, "surveys");
        log.info("Building rollups in time zone {} from {} stored calls and surveys", zone, total);
        Progress progress = new Progress("Building rollups: {} of {} rows", total);
        Delta delta = new Delta(zone);
        byAgent(
                c,
                dialect,
                "SELECT agent_id, team_id, end_ms, talk_ms, mute_ms, survey_offered, ended_by FROM calls",
                delta,
                progress,
                rs -> delta.add(
                        rs.getString(1),
                        rs.getString(2),
                        NO_SURVEY,
                        NO_VERSION,
                        rs.getLong(3),
                        Counts.ofCall(rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0, rs.getString(7))));
        byAgent(c, dialect, SURVEY_ROWS + " FROM surveys", delta, progress, rs -> addSurvey(delta, rs, false));
        log.info("Built rollups from {} rows in {} ms", progress.done, progress.elapsedMs());
    }

    /**
     * Splits rollups that count every survey under {@link #NO_SURVEY} by the survey program version of the raw
     * surveys still stored, in the caller's transaction: each such survey moves from the unversioned bucket to its
     * version's, so the totals stay what they were, and surveys retired before keep counting unversioned (their
     * version is no longer known). Streams the surveys agent by agent, so memory holds one agent's buckets at a time;
     * logs progress.
     */
    static void splitByVersion(Connection c, Dialect dialect, ZoneId zone) throws SQLException {
        String versioned = " FROM surveys WHERE survey_id IS NOT NULL OR survey_version IS NOT NULL";
        long total;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*)" + versioned)) {
            rs.next();
            total = rs.getLong(1);
        }
        log.info("Splitting rollups by survey program version: {} stored surveys name a version", total);
        Progress progress = new Progress("Splitting rollups by survey program version: {} of {} surveys", total);
        Delta delta = new Delta(zone);
        byAgent(c, dialect, SURVEY_ROWS + versioned, delta, progress, rs -> {
            addSurvey(delta, rs, true);
            addSurvey(delta, rs, false);
        });
        // Buckets whose every survey moved to its version, and that held no call, are left at zero.
        try (Statement st = c.createStatement()) {
            for (String table : new String[] {"agent_day", "agent_hour", "team_day"}) {
                st.executeUpdate("DELETE FROM " + table + " WHERE survey_id = '" + NO_SURVEY
                        + "' AND calls = 0 AND surveys = 0");
            }
        }
        log.info(
                "Split rollups by survey program version for {} surveys in {} ms", progress.done, progress.elapsedMs());
    }

    /** The columns {@link #addSurvey} reads, in its order. */
    private static final String SURVEY_ROWS =
            "SELECT agent_id, team_id, end_ms, nps, csat, resolved, answered, survey_id, survey_version";

    /**
     * Adds the survey of the current row of {@link #SURVEY_ROWS} to its version's buckets; or, {@code unversioned},
     * takes it out of the buckets that count every survey without a version.
     */
    private static void addSurvey(Delta delta, ResultSet rs, boolean unversioned) throws SQLException {
        Counts counts = Counts.ofSurvey(
                new SurveyScores(Queries.integer(rs, 4), Queries.integer(rs, 5), Queries.integer(rs, 6), rs.getInt(7)));
        String surveyId = rs.getString(8);
        Integer version = Queries.integer(rs, 9);
        if (unversioned) {
            delta.add(rs.getString(1), rs.getString(2), NO_SURVEY, NO_VERSION, rs.getLong(3), negated(counts));
        } else {
            delta.add(
                    rs.getString(1),
                    rs.getString(2),
                    surveyId == null ? NO_SURVEY : surveyId,
                    version == null ? NO_VERSION : version,
                    rs.getLong(3),
                    counts);
        }
    }

    /** What one raw row adds to the rollups. */
    private interface RowAdder {
        void add(ResultSet rs) throws SQLException;
    }

    /** Rows read so far out of a total, logged every five seconds with {@code message} (done, total). */
    private static final class Progress {
        private final String message;
        private final long total;
        private final long started = System.nanoTime();
        private long lastLog = started;
        long done;

        Progress(String message, long total) {
            this.message = message;
            this.total = total;
        }

        void row() {
            done++;
            long now = System.nanoTime();
            if (now - lastLog > 5_000_000_000L) {
                lastLog = now;
                log.info(message, done, total);
            }
        }

        long elapsedMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
    }

    /**
     * Streams the rows of {@code select} (agent id first) ordered by agent, each through {@code adder} into {@code
     * delta}, whose buckets are written out at each new agent and at the end.
     */
    private static void byAgent(
            Connection c, Dialect dialect, String select, Delta delta, Progress progress, RowAdder adder)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select + " ORDER BY agent_id")) {
            ps.setFetchSize(dialect.fetchSize());
            try (ResultSet rs = ps.executeQuery()) {
                String agent = null;
                while (rs.next()) {
                    String a = rs.getString(1);
                    if (!a.equals(agent)) {
                        delta.flush(c);
                        agent = a;
                    }
                    adder.add(rs);
                    progress.row();
                }
                delta.flush(c);
            }
        }
    }

    private static Counts negated(Counts c) {
        return new Counts(
                -c.calls(),
                -c.talkMs(),
                -c.muteMs(),
                -c.surveysOffered(),
                -c.surveys(),
                -c.responses(),
                -c.promoters(),
                -c.passives(),
                -c.detractors(),
                -c.csatN(),
                -c.csatSum(),
                -c.csatTop2(),
                -c.resolvedN(),
                -c.resolvedYes(),
                -c.endedKnown(),
                -c.callerEnded());
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
