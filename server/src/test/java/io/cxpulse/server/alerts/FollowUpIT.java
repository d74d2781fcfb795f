package io.cxpulse.server.alerts;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The follow-up loop on SQLite and PostgreSQL: each team's deadline, the outcome of closing, escalation of late
 * alerts exactly once even with two servers checking the same database at once, the audit trail, and the per-team
 * follow-up figures computed from a known timeline.
 */
class FollowUpIT {
    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;
    private CxServer second;

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            await(second.close());
        }
        StoreTarget.shutDown(server, target);
    }

    private void ingest(String agentId, String token, Message event) {
        TestAgent.sendAcked(server, agentId, token, event);
    }

    /** The alert, once the server has raised it from the committed survey. */
    private static JsonObject awaitAlert(ApiClient client, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (Object o : client.alerts("all")) {
                if (((JsonObject) o).getString("id").equals(id)) {
                    return (JsonObject) o;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("alert " + id + " was not raised");
    }

    private static JsonObject find(ApiClient client, String id) {
        for (Object o : client.alerts("all")) {
            if (((JsonObject) o).getString("id").equals(id)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no alert " + id);
    }

    private static JsonObject team(JsonObject summary, String team) {
        for (Object o : summary.getJsonArray("teams")) {
            if (((JsonObject) o).getString("team").equals(team)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no team " + team + " in " + summary.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void lateFollowUpsAreEscalatedOnceAndEveryChangeIsKept(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SettableClock clock = new SettableClock(t0, ZONE);
        server = await(CxServer.start(target.config().withZone(ZONE).withClock(clock)));
        String north = await(server.provisionAgent("agent-n", "Nora North", "north"));
        String south = await(server.provisionAgent("agent-s", "Sam South", "south"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(server.provisionUser("lead-n", "lead-password", Role.SUPERVISOR, "north"));
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");

        // The follow-up window: 24 hours unless an admin sets the team's own; supervisors read their team's.
        assertThat(lead.get("/api/teams/north/follow-up").bodyAsJsonObject().getInteger("windowHours"))
                .isEqualTo(24);
        assertThat(lead.get("/api/teams/south/follow-up").statusCode()).isEqualTo(404);
        assertThat(lead.post("/api/teams/north/follow-up", new JsonObject().put("windowHours", 2))
                        .statusCode())
                .isEqualTo(403);
        var zero = boss.post("/api/teams/north/follow-up", new JsonObject().put("windowHours", 0));
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.bodyAsString()).contains("windowHours");
        assertThat(boss.post("/api/teams/nowhere/follow-up", new JsonObject().put("windowHours", 2))
                        .statusCode())
                .isEqualTo(404);
        assertThat(boss.post("/api/teams/north/follow-up", new JsonObject().put("windowHours", 2))
                        .statusCode())
                .isEqualTo(200);
        assertThat(lead.get("/api/teams/north/follow-up").bodyAsJsonObject().getInteger("windowHours"))
                .isEqualTo(2);
        assertThat(target.count("SELECT window_ms FROM alert_windows WHERE team_id = 'north'"))
                .isEqualTo(2 * HOUR);

        // T0: a detractor in each team; each is due after its team's window.
        ingest("agent-n", north, survey("d-1", "agent-n", t0.toEpochMilli(), 3, null, 0));
        ingest("agent-s", south, survey("d-2", "agent-s", t0.toEpochMilli(), null, 1, 0));
        JsonObject d1 = awaitAlert(lead, "d-1");
        assertThat(d1.getString("kind")).isEqualTo("detractor");
        assertThat(d1.getLong("dueMs")).isEqualTo(t0.toEpochMilli() + 2 * HOUR);
        assertThat(d1.getValue("outcome")).isNull();
        assertThat(d1.getBoolean("escalated")).isFalse();
        JsonObject d2 = awaitAlert(boss, "d-2");
        assertThat(d2.getLong("dueMs")).isEqualTo(t0.toEpochMilli() + 24 * HOUR);

        // Closing takes one of the four outcomes, and a note of limited length.
        var bogus = lead.post("/api/alerts/d-1/close", new JsonObject().put("outcome", "done"));
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.bodyAsJsonObject().getString("error")).contains("outcome");
        var missing = lead.post("/api/alerts/d-1/close", new JsonObject());
        assertThat(missing.statusCode()).isEqualTo(400);
        var tooLong = lead.post(
                "/api/alerts/d-1/close",
                new JsonObject().put("outcome", "reached").put("note", "x".repeat(Alerts.MAX_NOTE + 1)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(find(lead, "d-1").getString("state")).isEqualTo("open");

        clock.advance(Duration.ofMinutes(30));
        assertThat(lead.post("/api/alerts/d-1/acknowledge", new JsonObject()).statusCode())
                .isEqualTo(200);

        // T0+3h: d-1 is late and escalated once; d-2 is not due yet.
        clock.advance(Duration.ofMinutes(150));
        assertThat(await(server.escalateLateFollowUps())).isEqualTo(1);
        assertThat(await(server.escalateLateFollowUps())).isZero();
        d1 = find(boss, "d-1");
        assertThat(d1.getBoolean("escalated")).isTrue();
        assertThat(d1.getLong("escalatedMs")).isEqualTo(t0.toEpochMilli() + 3 * HOUR);
        assertThat(d1.getString("state")).isEqualTo("acknowledged");
        assertThat(find(boss, "d-2").getBoolean("escalated")).isFalse();
        assertThat(boss.alerts("escalated").stream().map(o -> ((JsonObject) o).getString("id")))
                .containsExactly("d-1");

        // Two more north detractors at T0+3h; one is closed 20 minutes later, the other left open.
        long t3 = t0.toEpochMilli() + 3 * HOUR;
        ingest("agent-n", north, survey("d-3", "agent-n", t3, 2, null, 0));
        ingest("agent-n", north, survey("d-4", "agent-n", t3, 4, null, 0));
        awaitAlert(lead, "d-3");
        awaitAlert(lead, "d-4");
        clock.advance(Duration.ofMinutes(20));
        JsonObject d3 = lead.post("/api/alerts/d-3/close", new JsonObject().put("outcome", "resolved"))
                .bodyAsJsonObject();
        assertThat(d3.getString("outcome")).isEqualTo("resolved");

        // T0+4h: d-1 closed, late, with its outcome and a note.
        clock.advance(Duration.ofMinutes(40));
        JsonObject closed = lead.post(
                        "/api/alerts/d-1/close",
                        new JsonObject().put("outcome", "not-reached").put("note", "No answer <twice>"))
                .bodyAsJsonObject();
        assertThat(closed.getString("state")).isEqualTo("closed");
        assertThat(closed.getString("outcome")).isEqualTo("not-reached");
        assertThat(closed.getString("note")).isEqualTo("No answer <twice>");
        assertThat(closed.getLong("closedMs")).isEqualTo(t0.toEpochMilli() + 4 * HOUR);

        // The trail: raised, acknowledged, escalated, closed, each with who and when.
        JsonArray trail = lead.get("/api/alerts/d-1/history").bodyAsJsonArray();
        assertThat(trail.stream().map(o -> ((JsonObject) o).getString("action")))
                .containsExactly("raised", "acknowledged", "escalated", "closed");
        assertThat(trail.getJsonObject(0).getLong("atMs")).isEqualTo(t0.toEpochMilli());
        assertThat(trail.getJsonObject(1).getString("by")).isEqualTo("lead-n");
        assertThat(trail.getJsonObject(1).getLong("atMs")).isEqualTo(t0.toEpochMilli() + 30 * MINUTE);
        assertThat(trail.getJsonObject(2).getValue("by")).isNull();
        assertThat(trail.getJsonObject(2).getLong("atMs")).isEqualTo(t3);
        JsonObject last = trail.getJsonObject(3);
        assertThat(last.getString("by")).isEqualTo("lead-n");
        assertThat(last.getString("outcome")).isEqualTo("not-reached");
        assertThat(last.getString("note")).isEqualTo("No answer <twice>");
        assertThat(last.getString("state")).isEqualTo("closed");
        assertThat(lead.get("/api/alerts/d-2/history").statusCode()).isEqualTo(404);
        assertThat(boss.get("/api/alerts/d-2/history").bodyAsJsonArray()).hasSize(1);

        // The figures: north has 3 alerts; first actions after 30 and 20 minutes, closes after 4 h and 20 minutes;
        // of the two closed or due (d-1, d-3; d-4 is due at T0+5h), one closed in time.
        JsonObject summary = lead.get("/api/alerts/summary?days=7").bodyAsJsonObject();
        assertThat(summary.getJsonArray("teams")).hasSize(1);
        JsonObject n = team(summary, "north");
        assertThat(n.getInteger("alerts")).isEqualTo(3);
        assertThat(n.getInteger("closed")).isEqualTo(2);
        assertThat(n.getInteger("escalated")).isEqualTo(1);
        assertThat(n.getLong("medianFirstActionMs")).isEqualTo(25 * MINUTE);
        assertThat(n.getLong("medianCloseMs")).isEqualTo((4 * HOUR + 20 * MINUTE) / 2);
        assertThat(n.getInteger("closedInTime")).isEqualTo(1);
        assertThat(n.getInteger("due")).isEqualTo(2);
        assertThat(n.getDouble("closedInTimeShare")).isEqualTo(0.5);
        JsonObject s = team(boss.get("/api/alerts/summary?days=7").bodyAsJsonObject(), "south");
        assertThat(s.getInteger("alerts")).isEqualTo(1);
        assertThat(s.getValue("medianFirstActionMs")).isNull();
        assertThat(s.getValue("closedInTimeShare")).isNull();
        assertThat(lead.get("/api/alerts/summary?days=0").statusCode()).isEqualTo(400);

        // T0+25h: d-2 and d-4 are late. Two checks run at once (on PostgreSQL, two servers on the same database, as
        // cluster nodes are; a SQLite store has one server): each late alert is escalated by exactly one of them.
        clock.advance(Duration.ofHours(21));
        second = target.isPostgres()
                ? await(CxServer.start(target.config().withZone(ZONE).withClock(clock)))
                : null;
        CxServer other = second == null ? server : second;
        List<Future<Integer>> checks = List.of(server.escalateLateFollowUps(), other.escalateLateFollowUps());
        int escalated = checks.stream().mapToInt(f -> await(f)).sum();
        assertThat(escalated).isEqualTo(2);
        assertThat(await(server.escalateLateFollowUps()) + await(other.escalateLateFollowUps()))
                .isZero();
        assertThat(target.count("SELECT COUNT(*) FROM alert_history WHERE action = 'escalated'"))
                .isEqualTo(3);
        assertThat(target.count("SELECT COUNT(*) FROM alerts WHERE escalated_ms IS NOT NULL"))
                .isEqualTo(3);
    }
}
