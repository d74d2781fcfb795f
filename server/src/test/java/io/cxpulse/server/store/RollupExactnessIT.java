package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.asked;
import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.Metrics;
import io.cxpulse.server.metrics.SurveyScores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rollup-based figure equals the same figure computed from the raw rows: the rollup tables themselves, the
 * history API (teams and agents) and the live windows rebuilt at start-up, over random data in New York that crosses
 * midnights and the end of daylight-saving time (1 November 2026, when 01:00-02:00 happens twice). Written through
 * the live writer (with repeats, also across types), through the bulk import, and built by the migration from a
 * version-1 store; on SQLite and PostgreSQL.
 */
class RollupExactnessIT {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** Tuesday after the change, 15:00 local: "today" and the last hour hold data, the days before cross the DST. */
    private static final Instant NOW =
            LocalDateTime.of(2026, 11, 3, 15, 0).atZone(ZONE).toInstant();

    private static final List<String> AGENTS = List.of("a-1", "a-2", "a-3", "a-4", "a-5");

    @TempDir
    Path dir;

    private StoreTarget target;
    private Vertx vertx;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        if (target != null) {
            target.close();
        }
    }

    private StoreTarget target(String kind) throws SQLException {
        target = StoreTarget.of(kind, dir);
        return target;
    }

    /** Random events; many near midnights and in the repeated hour; the team of an agent changes on the way. */
    private static List<Map.Entry<AgentEvent, String>> randomEvents(long seed, int n) {
        Random r = new Random(seed);
        long from =
                LocalDateTime.of(2026, 10, 29, 0, 0).atZone(ZONE).toInstant().toEpochMilli();
        long span = NOW.toEpochMilli() + 3_600_000L - from;
        long[] hotSpots = {
            LocalDateTime.of(2026, 11, 1, 1, 0).atZone(ZONE).toInstant().toEpochMilli(), // first 01:00 (EDT)
            LocalDateTime.of(2026, 11, 1, 0, 0).atZone(ZONE).toInstant().toEpochMilli(),
            LocalDateTime.of(2026, 11, 2, 0, 0).atZone(ZONE).toInstant().toEpochMilli(),
            LocalDateTime.of(2026, 11, 3, 0, 0).atZone(ZONE).toInstant().toEpochMilli(),
            NOW.toEpochMilli() - 3_600_000L
        };
        List<Map.Entry<AgentEvent, String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long end = r.nextInt(3) == 0
                    ? hotSpots[r.nextInt(hotSpots.length)] + r.nextInt(2 * 7_200_000) - 7_200_000
                    : from + (long) (r.nextDouble() * span);
            int a = r.nextInt(AGENTS.size());
            String agent = AGENTS.get(a);
            String team = a == 4 && end > hotSpots[2] ? "t-c" : a % 2 == 0 ? "t-a" : "t-b";
            String id = "e-" + seed + "-" + i;
            AgentEvent e = r.nextBoolean()
                    ? call(id, agent, end, 30_000 + r.nextInt(600_000), r.nextInt(4) == 0 ? r.nextInt(20_000) : 0)
                    : versioned(r, survey(id, agent, end, maybe(r, 11, 0), maybe(r, 5, 1), maybe(r, 2, 0)));
            out.add(Map.entry(e, team));
            if (r.nextInt(10) == 0) {
                // A resend, or the same id as the other type: one event either way.
                AgentEvent again = r.nextBoolean() ? e : survey(id, agent, end + 5_000, 10, 5, 1);
                out.add(Map.entry(again, team));
            }
        }
        return out;
    }

    /** The survey program versions surveys are asked in: none, two versions of one program, one of another. */
    private static final String[][] VERSIONS = {{null, null}, {"p-nps", "1"}, {"p-nps", "2"}, {"p-csat", "1"}};

    /** {@code s} as asked in a random survey program version, or in none. */
    private static SurveyResult versioned(Random r, SurveyResult s) {
        String[] v = VERSIONS[r.nextInt(VERSIONS.length)];
        return asked(s, v[0], v[1] == null ? null : Integer.valueOf(v[1]));
    }

    private static Integer maybe(Random r, int range, int offset) {
        return r.nextInt(5) == 0 ? null : offset + r.nextInt(range);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void rollupsOfTheWriterAndTheImportEqualTheRawRows(String kind) throws Exception {
        StoreTarget t = target(kind);
        vertx = Vertx.vertx();
        Clock clock = Clock.fixed(NOW, ZONE);
        List<Map.Entry<AgentEvent, String>> live = randomEvents(1, 1_500);
        try (Store store = Store.open(vertx, t.url(), null, null, clock, ZONE)) {
            List<Future<Rows.Committed>> writes = new ArrayList<>();
            for (Map.Entry<AgentEvent, String> e : live) {
                writes.add(store.write(e.getKey(), e.getValue()));
            }
            writes.forEach(w -> await(w));
            await(store.transaction(c -> {
                for (String a : AGENTS) {
                    Queries.upsertTeam(c, new Rows.Team("t-a", "A"));
                    Queries.upsertTeam(c, new Rows.Team("t-b", "B"));
                    Queries.upsertTeam(c, new Rows.Team("t-c", "C"));
                    Queries.upsertAgent(c, new Rows.Agent(a, a, a.equals("a-5") ? "t-c" : "t-a", "x", null));
                }
                return null;
            }));
        }
        List<Map.Entry<AgentEvent, String>> imported = randomEvents(2, 1_500);
        try (BulkImport bulk = BulkImport.open(t.url(), null, null, null, clock)) {
            assertThat(bulk.zone()).isEqualTo(ZONE);
            // The import files every event under the agent's current team.
            List<AgentEvent> events = new ArrayList<>();
            imported.forEach(e -> events.add(e.getKey()));
            for (int i = 0; i < events.size(); i += 700) {
                bulk.write(events.subList(i, Math.min(events.size(), i + 700)));
            }
            bulk.write(events.subList(0, 300));
            bulk.commit();
        }
        assertRollupsEqualRaw(t.url());
        assertApiEqualsRaw(t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theMigrationBuildsRollupsEqualToTheRawRows(String kind) throws Exception {
        StoreTarget t = target(kind);
        vertx = Vertx.vertx();
        try (Connection c = t.connect()) {
            Migrations.applyFirstVersionOnly(c);
            Random r = new Random(3);
            long now = NOW.toEpochMilli();
            for (Map.Entry<AgentEvent, String> e : randomEvents(3, 2_000)) {
                // A version-1 store as the old writer left it: one row per id and type.
                String table = e.getKey() instanceof CallRecord ? "calls" : "surveys";
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE event_id = ?")) {
                    ps.setString(1, e.getKey().eventId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            continue;
                        }
                    }
                }
                if (r.nextInt(50) == 0) {
                    continue;
                }
                insertAsVersionOne(c, e.getKey(), e.getValue(), now);
            }
            c.commit();
        }
        try (Store store = Store.open(vertx, t.url(), null, null, Clock.fixed(NOW, ZONE), ZONE)) {
            assertThat(store.zone()).isEqualTo(ZONE);
        }
        assertRollupsEqualRaw(t.url());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theMigrationKeepsRetiredFiguresAndSplitsTheStoredSurveysByVersion(String kind) throws Exception {
        StoreTarget t = target(kind);
        vertx = Vertx.vertx();
        long cutoff =
                LocalDateTime.of(2026, 11, 1, 12, 0).atZone(ZONE).toInstant().toEpochMilli();
        // Before the migration: rollups of every event, unversioned; raw rows of the events not retired.
        Map<String, Counts> oldAgentDay = new TreeMap<>();
        Map<String, Counts> oldAgentHour = new TreeMap<>();
        Map<String, Counts> oldTeamDay = new TreeMap<>();
        // After it: the retired events unversioned, the stored ones by version.
        Map<String, Counts> agentDay = new TreeMap<>();
        Map<String, Counts> agentHour = new TreeMap<>();
        Map<String, Counts> teamDay = new TreeMap<>();
        int retired = 0;
        try (Connection c = t.connect()) {
            Migrations.applyBefore(c, Dialect.ofUrl(t.url()), ZONE, Migrations.VERSIONED_ROLLUPS);
            Set<String> seen = new HashSet<>();
            for (Map.Entry<AgentEvent, String> entry : randomEvents(4, 1_500)) {
                AgentEvent e = entry.getKey();
                if (!seen.add(e.eventId())) {
                    continue;
                }
                String team = entry.getValue();
                Counts counts = e instanceof CallRecord call
                        ? Counts.ofCall(call)
                        : Counts.ofSurvey(SurveyScores.of((SurveyResult) e));
                var local = Instant.ofEpochMilli(e.endMs()).atZone(ZONE);
                long day = local.toLocalDate().toEpochDay();
                long hour = local.truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
                oldAgentDay.merge(e.agentId() + "|" + day + "|" + team, counts, Counts::plus);
                oldAgentHour.merge(hour + "|" + e.agentId() + "|" + team, counts, Counts::plus);
                oldTeamDay.merge(day + "|" + team, counts, Counts::plus);
                String v = "|" + Rollups.surveyKey(e) + "|" + Rollups.versionKey(e);
                if (e.endMs() < cutoff) {
                    retired++;
                    v = "||0";
                } else {
                    insertAsVersionOne(c, e, team, NOW.toEpochMilli());
                    if (e instanceof SurveyResult survey) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE surveys SET survey_id = ?, survey_version = ? WHERE event_id = ?")) {
                            ps.setString(1, survey.surveyId());
                            ps.setObject(2, survey.version(), Types.INTEGER);
                            ps.setString(3, survey.eventId());
                            ps.executeUpdate();
                        }
                    }
                }
                agentDay.merge(e.agentId() + "|" + day + "|" + team + v, counts, Counts::plus);
                agentHour.merge(hour + "|" + e.agentId() + "|" + team + v, counts, Counts::plus);
                teamDay.merge(day + "|" + team + v, counts, Counts::plus);
            }
            insertRollups(c, "agent_day", "agent_id, day, team_id", oldAgentDay);
            insertRollups(c, "agent_hour", "hour_ms, agent_id, team_id", oldAgentHour);
            insertRollups(c, "team_day", "day, team_id", oldTeamDay);
            Settings.put(c, Settings.RETIRED_BEFORE, Long.toString(cutoff));
            c.commit();
        }
        assertThat(retired).isGreaterThan(100);
        try (Store store = Store.open(vertx, t.url(), null, null, Clock.fixed(NOW, ZONE), ZONE)) {
            assertThat(store.zone()).isEqualTo(ZONE);
        }
        try (Connection c = t.connect()) {
            assertRollupTables(c, agentDay, agentHour, teamDay);
        }
        assertThat(teamDay.keySet()).anyMatch(k -> k.endsWith("|p-nps|2"));
    }

    /** Rows of a rollup as the version before the split by survey program version kept them. */
    private static void insertRollups(Connection c, String table, String keys, Map<String, Counts> rows)
            throws Exception {
        int n = keys.split(",").length;
        var components = Counts.class.getRecordComponents();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + keys + ", "
                + Rollups.COUNT_COLUMNS + ") VALUES (" + Queries.placeholders(n + components.length) + ")")) {
            for (Map.Entry<String, Counts> row : rows.entrySet()) {
                String[] key = row.getKey().split("\\|");
                for (int i = 0; i < n; i++) {
                    if (key[i].matches("-?[0-9]+")) {
                        ps.setLong(i + 1, Long.parseLong(key[i]));
                    } else {
                        ps.setString(i + 1, key[i]);
                    }
                }
                for (int i = 0; i < components.length; i++) {
                    ps.setLong(n + i + 1, (Long) components[i].getAccessor().invoke(row.getValue()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The three rollup tables, row for row, against the rows expected of them. */
    private static void assertRollupTables(
            Connection c, Map<String, Counts> agentDay, Map<String, Counts> agentHour, Map<String, Counts> teamDay)
            throws SQLException {
        assertThat(table(c, "SELECT agent_id, day, team_id, survey_id, survey_version", "agent_day"))
                .isEqualTo(agentDay);
        assertThat(table(c, "SELECT hour_ms, agent_id, team_id, survey_id, survey_version", "agent_hour"))
                .isEqualTo(agentHour);
        assertThat(table(c, "SELECT day, team_id, survey_id, survey_version", "team_day"))
                .isEqualTo(teamDay);
    }

    /** The rollup tables, row for row, against the same sums computed here from the raw rows. */
    private void assertRollupsEqualRaw(String url) throws SQLException {
        Map<String, Counts> agentDay = new TreeMap<>();
        Map<String, Counts> agentHour = new TreeMap<>();
        Map<String, Counts> teamDay = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url)) {
            for (Raw raw : raw(c)) {
                var local = Instant.ofEpochMilli(raw.endMs()).atZone(ZONE);
                long day = local.toLocalDate().toEpochDay();
                long hour = local.truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
                String v = "|" + raw.surveyKey() + "|" + raw.versionKey();
                agentDay.merge(raw.agent() + "|" + day + "|" + raw.team() + v, raw.counts(), Counts::plus);
                agentHour.merge(hour + "|" + raw.agent() + "|" + raw.team() + v, raw.counts(), Counts::plus);
                teamDay.merge(day + "|" + raw.team() + v, raw.counts(), Counts::plus);
            }
            assertRollupTables(c, agentDay, agentHour, teamDay);
        }
        // The repeated hour of 1 November holds two buckets an hour apart, both on the same day.
        assertThat(agentHour.keySet().stream()
                        .map(k -> Long.parseLong(k.split("\\|")[0]))
                        .filter(h -> LocalDate.ofInstant(Instant.ofEpochMilli(h), ZONE)
                                        .equals(LocalDate.of(2026, 11, 1))
                                && Instant.ofEpochMilli(h).atZone(ZONE).getHour() == 1)
                        .distinct()
                        .count())
                .isEqualTo(2);
    }

    /** History (every day, every team, every agent) and the live windows over HTTP, against raw sums. */
    private void assertApiEqualsRaw(StoreTarget t) throws Exception {
        Map<LocalDate, Map<String, Counts>> byTeam = new HashMap<>();
        Map<LocalDate, Map<String, Counts>> byAgent = new HashMap<>();
        Map<LocalDate, Counts> center = new HashMap<>();
        Map<String, Counts> today = new HashMap<>();
        Map<String, Counts> lastHour = new HashMap<>();
        long todayStart =
                NOW.atZone(ZONE).toLocalDate().atStartOfDay(ZONE).toInstant().toEpochMilli();
        List<Raw> rows;
        try (Connection c = t.connect()) {
            rows = raw(c);
            for (Raw raw : rows) {
                LocalDate d = Instant.ofEpochMilli(raw.endMs()).atZone(ZONE).toLocalDate();
                byTeam.computeIfAbsent(d, x -> new HashMap<>()).merge(raw.team(), raw.counts(), Counts::plus);
                byAgent.computeIfAbsent(d, x -> new HashMap<>()).merge(raw.agent(), raw.counts(), Counts::plus);
                center.merge(d, raw.counts(), Counts::plus);
                if (raw.endMs() >= todayStart) {
                    today.merge(raw.agent(), raw.counts(), Counts::plus);
                }
                if (raw.endMs() >= NOW.toEpochMilli() - 3_600_000L) {
                    lastHour.merge(raw.agent(), raw.counts(), Counts::plus);
                }
            }
        }
        CxServer server = await(CxServer.start(vertx, t.config().withZone(ZONE).withClock(Clock.fixed(NOW, ZONE))));
        try {
            await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
            ApiClient boss = ApiClient.login(server, "boss", "boss-password");
            JsonArray days = boss.get("/api/history?days=7").bodyAsJsonObject().getJsonArray("days");
            assertThat(days).hasSize(7);
            for (int i = 0; i < days.size(); i++) {
                JsonObject day = days.getJsonObject(i);
                LocalDate d = LocalDate.parse(day.getString("date"));
                Counts all = center.getOrDefault(d, Counts.ZERO);
                for (Object o : day.getJsonArray("teams")) {
                    JsonObject team = (JsonObject) o;
                    Counts raw = byTeam.getOrDefault(d, Map.of()).getOrDefault(team.getString("team"), Counts.ZERO);
                    assertThat(team.getJsonObject("metrics"))
                            .as("team %s on %s", team.getString("team"), d)
                            .isEqualTo(Scoreboard.json(Metrics.of(raw, all)));
                }
            }
            for (String agent : AGENTS) {
                JsonArray agentDays = boss.get("/api/history?days=7&agentId=" + agent)
                        .bodyAsJsonObject()
                        .getJsonArray("days");
                for (int i = 0; i < agentDays.size(); i++) {
                    JsonObject day = agentDays.getJsonObject(i);
                    LocalDate d = LocalDate.parse(day.getString("date"));
                    Counts raw = byAgent.getOrDefault(d, Map.of()).getOrDefault(agent, Counts.ZERO);
                    assertThat(day.getJsonObject("metrics"))
                            .as("agent %s on %s", agent, d)
                            .isEqualTo(Scoreboard.json(Metrics.of(raw, center.getOrDefault(d, Counts.ZERO))));
                }
            }
            assertFilteredApiEqualsRaw(boss, rows);
            Counts todayAll = today.values().stream().reduce(Counts.ZERO, Counts::plus);
            Counts hourAll = lastHour.values().stream().reduce(Counts.ZERO, Counts::plus);
            for (Object o : boss.agents().getJsonArray("agents")) {
                JsonObject a = (JsonObject) o;
                String id = a.getString("agentId");
                assertThat(a.getJsonObject("today"))
                        .as("today of %s", id)
                        .isEqualTo(Scoreboard.json(Metrics.of(today.getOrDefault(id, Counts.ZERO), todayAll)));
                assertThat(a.getJsonObject("lastHour"))
                        .as("last hour of %s", id)
                        .isEqualTo(Scoreboard.json(Metrics.of(lastHour.getOrDefault(id, Counts.ZERO), hourAll)));
            }
        } finally {
            await(server.close());
        }
    }

    /**
     * The history of each survey program version (teams, an agent, today's hours) against raw sums that take every
     * call and that version's surveys; the versions listed against the raw surveys of the period.
     */
    private static void assertFilteredApiEqualsRaw(ApiClient boss, List<Raw> rows) {
        LocalDate today = NOW.atZone(ZONE).toLocalDate();
        LocalDate first = today.minusDays(6);
        long firstMs = first.atStartOfDay(ZONE).toInstant().toEpochMilli();
        long todayStart = today.atStartOfDay(ZONE).toInstant().toEpochMilli();
        Map<String, Long> versions = new TreeMap<>();
        for (Raw raw : rows) {
            if (raw.isSurvey() && raw.endMs() >= firstMs) {
                versions.merge(raw.surveyKey() + "|" + raw.versionKey(), 1L, Long::sum);
            }
        }
        JsonObject all = boss.get("/api/history?days=7").bodyAsJsonObject();
        Map<String, Long> listed = new TreeMap<>();
        for (Object o : all.getJsonArray("versions")) {
            JsonObject v = (JsonObject) o;
            String id = v.getString("surveyId");
            Integer version = v.getInteger("version");
            listed.put((id == null ? "" : id) + "|" + (version == null ? 0 : version), v.getLong("surveys"));
        }
        assertThat(listed).isEqualTo(versions);
        assertThat(versions).hasSize(4);
        assertThat(all.getBoolean("mixed")).isTrue();
        List<SurveyFilter> filters = List.of(
                new SurveyFilter("p-nps", 1),
                new SurveyFilter("p-nps", 2),
                new SurveyFilter("p-csat", 1),
                new SurveyFilter("p-nps", null));
        for (SurveyFilter f : filters) {
            String query = "surveyId=" + f.surveyId() + (f.version() == null ? "" : "&version=" + f.version());
            Map<LocalDate, Map<String, Counts>> byTeam = new HashMap<>();
            Map<LocalDate, Map<String, Counts>> byAgent = new HashMap<>();
            Map<LocalDate, Counts> center = new HashMap<>();
            Map<Long, Map<String, Counts>> hourTeam = new HashMap<>();
            Map<Long, Counts> hourCenter = new HashMap<>();
            for (Raw raw : rows) {
                Counts counts = raw.countsOf(f);
                LocalDate d = Instant.ofEpochMilli(raw.endMs()).atZone(ZONE).toLocalDate();
                byTeam.computeIfAbsent(d, x -> new HashMap<>()).merge(raw.team(), counts, Counts::plus);
                byAgent.computeIfAbsent(d, x -> new HashMap<>()).merge(raw.agent(), counts, Counts::plus);
                center.merge(d, counts, Counts::plus);
                if (raw.endMs() >= todayStart) {
                    long h = Rollups.hour(raw.endMs(), ZONE);
                    hourTeam.computeIfAbsent(h, x -> new HashMap<>()).merge(raw.team(), counts, Counts::plus);
                    hourCenter.merge(h, counts, Counts::plus);
                }
            }
            JsonObject history = boss.get("/api/history?days=7&" + query).bodyAsJsonObject();
            assertThat(history.getBoolean("mixed")).isFalse();
            assertThat(history.getJsonArray("versions")).isEqualTo(all.getJsonArray("versions"));
            for (Object o : history.getJsonArray("days")) {
                JsonObject day = (JsonObject) o;
                LocalDate d = LocalDate.parse(day.getString("date"));
                for (Object t : day.getJsonArray("teams")) {
                    JsonObject team = (JsonObject) t;
                    Counts raw = byTeam.getOrDefault(d, Map.of()).getOrDefault(team.getString("team"), Counts.ZERO);
                    assertThat(team.getJsonObject("metrics"))
                            .as("team %s on %s, %s", team.getString("team"), d, query)
                            .isEqualTo(Scoreboard.json(Metrics.of(raw, center.getOrDefault(d, Counts.ZERO))));
                }
            }
            for (Object o : boss.get("/api/history?days=7&agentId=a-5&" + query)
                    .bodyAsJsonObject()
                    .getJsonArray("days")) {
                JsonObject day = (JsonObject) o;
                LocalDate d = LocalDate.parse(day.getString("date"));
                Counts raw = byAgent.getOrDefault(d, Map.of()).getOrDefault("a-5", Counts.ZERO);
                assertThat(day.getJsonObject("metrics"))
                        .as("agent a-5 on %s, %s", d, query)
                        .isEqualTo(Scoreboard.json(Metrics.of(raw, center.getOrDefault(d, Counts.ZERO))));
            }
            for (Object o :
                    boss.get("/api/history/hours?" + query).bodyAsJsonObject().getJsonArray("hours")) {
                JsonObject hour = (JsonObject) o;
                long h = hour.getLong("startMs");
                for (Object t : hour.getJsonArray("teams")) {
                    JsonObject team = (JsonObject) t;
                    Counts raw = hourTeam.getOrDefault(h, Map.of()).getOrDefault(team.getString("team"), Counts.ZERO);
                    assertThat(team.getJsonObject("metrics"))
                            .as("team %s at %s, %s", team.getString("team"), hour.getString("hour"), query)
                            .isEqualTo(Scoreboard.json(Metrics.of(raw, hourCenter.getOrDefault(h, Counts.ZERO))));
                }
            }
        }
    }

    /** The rows a version-1 server wrote: raw only, no id claim, no rollups. */
    private static void insertAsVersionOne(Connection c, AgentEvent e, String team, long now) throws SQLException {
        if (e instanceof CallRecord call) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO calls (event_id, agent_id, team_id, call_id,"
                    + " start_ms, end_ms, talk_ms, mute_ms, mute_count, longest_mute_ms, hold_ms, survey_offered,"
                    + " received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, call.eventId());
                ps.setString(2, call.agentId());
                ps.setString(3, team);
                ps.setString(4, call.callId());
                ps.setLong(5, call.startMs());
                ps.setLong(6, call.endMs());
                ps.setLong(7, call.talkMs());
                ps.setLong(8, call.muteMs());
                ps.setInt(9, call.muteCount());
                ps.setLong(10, call.longestMuteMs());
                ps.setLong(11, call.holdMs());
                ps.setInt(12, call.surveyOffered() ? 1 : 0);
                ps.setLong(13, now);
                ps.executeUpdate();
            }
            return;
        }
        SurveyResult survey = (SurveyResult) e;
        SurveyScores s = SurveyScores.of(survey);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO surveys (event_id, agent_id, team_id, call_id,"
                + " language, start_ms, end_ms, status, nps, csat, resolved, answered, answers_json, received_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, survey.eventId());
            ps.setString(2, survey.agentId());
            ps.setString(3, team);
            ps.setString(4, survey.callId());
            ps.setString(5, survey.language());
            ps.setLong(6, survey.startMs());
            ps.setLong(7, survey.endMs());
            ps.setString(8, survey.status().wire());
            ps.setObject(9, s.nps(), Types.INTEGER);
            ps.setObject(10, s.csat(), Types.INTEGER);
            ps.setObject(11, s.resolved(), Types.INTEGER);
            ps.setInt(12, s.answered());
            ps.setString(13, EventWriter.answersJson(survey.answers()));
            ps.setLong(14, now);
            ps.executeUpdate();
        }
    }

    /** A raw row's counts; a survey's program and version as the rollups key them ("" and 0: none). */
    private record Raw(String agent, String team, long endMs, Counts counts, String surveyKey, int versionKey) {
        Raw(String agent, String team, long endMs, Counts counts) {
            this(agent, team, endMs, counts, "", 0);
        }

        boolean isSurvey() {
            return counts.surveys() > 0;
        }

        /**
         * What this row adds to the figures of {@code filter}: a call always, but its survey offer (which names no
         * version) only when no version is asked for; a survey of that version only.
         */
        Counts countsOf(SurveyFilter filter) {
            if (filter.isEmpty()) {
                return counts;
            }
            if (!isSurvey()) {
                Counts c = counts;
                return new Counts(
                        c.calls(),
                        c.talkMs(),
                        c.muteMs(),
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        c.endedKnown(),
                        c.callerEnded());
            }
            boolean matches = (filter.surveyId() == null || filter.surveyId().equals(surveyKey))
                    && (filter.version() == null || filter.version() == versionKey);
            return matches ? counts : Counts.ZERO;
        }
    }

    private static List<Raw> raw(Connection c) throws SQLException {
        List<Raw> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT agent_id, team_id, end_ms, talk_ms, mute_ms, survey_offered FROM calls")) {
            while (rs.next()) {
                out.add(new Raw(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        Counts.ofCall(rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0)));
            }
        }
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT agent_id, team_id, end_ms, nps, csat, resolved, answered, survey_id,"
                        + " survey_version FROM surveys")) {
            while (rs.next()) {
                Integer version = Queries.integer(rs, 9);
                out.add(new Raw(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        Counts.ofSurvey(new SurveyScores(
                                Queries.integer(rs, 4), Queries.integer(rs, 5), Queries.integer(rs, 6), rs.getInt(7))),
                        rs.getString(8) == null ? "" : rs.getString(8),
                        version == null ? 0 : version));
            }
        }
        return out;
    }

    private static Map<String, Counts> table(Connection c, String keys, String table) throws SQLException {
        Map<String, Counts> out = new TreeMap<>();
        int n = keys.split(",").length;
        try (ResultSet rs = c.createStatement().executeQuery(keys + ", " + Rollups.COUNT_COLUMNS + " FROM " + table)) {
            while (rs.next()) {
                List<String> key = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    key.add(rs.getString(i));
                }
                out.put(String.join("|", key), Rollups.counts(rs, n + 1));
            }
        }
        return out;
    }
}
