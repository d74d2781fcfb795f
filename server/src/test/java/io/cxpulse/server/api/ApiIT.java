package io.cxpulse.server.api;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.LoginThrottle;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.live.SseClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard API and live stream on a real server: login, role scoping, alerts follow-up, export. */
class ApiIT {
    @TempDir
    Path dir;

    private CxServer server;
    private String northToken;
    private String southToken;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        northToken = await(server.provisionAgent("agent-n1", "Nora North", "north"));
        southToken = await(server.provisionAgent("agent-s1", "Sam South", "south"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(server.provisionUser("lead-n", "lead-password", Role.SUPERVISOR, "north"));
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    private void ingest(String agentId, String token, Object... events) {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), agentId, token)) {
            for (Object e : events) {
                agent.send((Message) e);
                assertThat(agent.next()).isInstanceOf(Ack.class);
            }
        }
    }

    private static List<String> agentIds(JsonObject snapshot) {
        return snapshot.getJsonArray("agents").stream()
                .map(o -> ((JsonObject) o).getString("agentId"))
                .collect(Collectors.toList());
    }

    @Test
    void loginSetsAStrictHttpOnlySessionCookie() {
        ApiClient anonymous = ApiClient.anonymous(server);
        assertThat(anonymous.get("/api/agents").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/live").statusCode()).isEqualTo(401);
        HttpResponse<Buffer> wrong = anonymous.post(
                "/api/login", new JsonObject().put("username", "boss").put("password", "nope-nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<Buffer> unknown = anonymous.post(
                "/api/login", new JsonObject().put("username", "ghost").put("password", "boss-password"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.bodyAsJsonObject().getString("error"))
                .isEqualTo(wrong.bodyAsJsonObject().getString("error"));

        HttpResponse<Buffer> ok = anonymous.post(
                "/api/login", new JsonObject().put("username", "boss").put("password", "boss-password"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.cookies()).singleElement().asString().contains("cx_session=", "HTTPOnly", "SameSite=Strict");
        assertThat(anonymous.get("/api/me").bodyAsJsonObject().getString("role"))
                .isEqualTo("admin");

        assertThat(anonymous.post("/api/logout", new JsonObject()).statusCode()).isEqualTo(204);
        assertThat(anonymous.get("/api/agents").statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheUserOutForAWhile() {
        ApiClient anonymous = ApiClient.anonymous(server);
        JsonObject wrong = new JsonObject().put("username", "lead-n").put("password", "guess-guess");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(anonymous.post("/api/login", wrong).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> locked = anonymous.post(
                "/api/login", new JsonObject().put("username", "lead-n").put("password", "lead-password"));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.getHeader("Retry-After")).isNotBlank();
        assertThat(locked.bodyAsJsonObject().getString("error")).contains("lead-n");
        // Other users are not affected.
        ApiClient.login(server, "boss", "boss-password");
    }

    @Test
    void postsMustBeJson() {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        HttpResponse<Buffer> form = await(boss.session()
                .post("/api/logout")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("a=b")));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(boss.get("/api/me").statusCode()).isEqualTo(200);
    }

    @Test
    void supervisorsSeeTheirOwnTeamOnly() {
        long now = System.currentTimeMillis();
        ingest(
                "agent-n1",
                northToken,
                survey("n-1", "agent-n1", now, 10, 5, 1),
                call("n-c1", "agent-n1", now, 90_000, 3_000));
        ingest("agent-s1", southToken, survey("s-1", "agent-s1", now, 2, 1, 0));

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");

        assertThat(agentIds(boss.agents())).containsExactly("agent-n1", "agent-s1");
        JsonObject leadView = lead.agents();
        assertThat(agentIds(leadView)).containsExactly("agent-n1");
        assertThat(leadView.getJsonArray("teams")).hasSize(1);
        JsonObject today = leadView.getJsonArray("agents").getJsonObject(0).getJsonObject("today");
        assertThat(today.getJsonObject("nps").getDouble("score")).isEqualTo(100.0);
        assertThat(today.getJsonObject("nps").getInteger("n")).isEqualTo(1);
        assertThat(today.getJsonObject("nps").getBoolean("smallSample")).isTrue();
        assertThat(today.getLong("calls")).isEqualTo(1);
        assertThat(today.getLong("talkMs")).isEqualTo(90_000);

        assertThat(lead.get("/api/agents/agent-n1/surveys").bodyAsJsonObject().getJsonArray("surveys"))
                .hasSize(1);
        assertThat(lead.get("/api/agents/agent-s1/surveys").statusCode()).isEqualTo(404);
        JsonObject south = boss.get("/api/agents/agent-s1/surveys").bodyAsJsonObject();
        JsonObject s1 = south.getJsonArray("surveys").getJsonObject(0);
        assertThat(s1.getInteger("nps")).isEqualTo(2);
        assertThat(s1.getJsonArray("answers")).hasSize(3);

        String leadCsv = lead.get("/api/export/surveys.csv").bodyAsString();
        assertThat(leadCsv)
                .startsWith("\uFEFFevent_id,agent_id")
                .contains("n-1")
                .doesNotContain("s-1");
        String bossCsv = boss.get("/api/export/surveys.csv").bodyAsString();
        assertThat(bossCsv).contains("n-1", "s-1");

        assertThat(lead.alerts("active")).isEmpty();
        JsonArray bossAlerts = boss.alerts("active");
        assertThat(bossAlerts).hasSize(1);
        String southAlert = bossAlerts.getJsonObject(0).getString("id");
        assertThat(lead.post("/api/alerts/" + southAlert + "/acknowledge", new JsonObject())
                        .statusCode())
                .isEqualTo(404);
        assertThat(lead.post(
                                "/api/agents",
                                new JsonObject()
                                        .put("agentId", "x-1")
                                        .put("displayName", "X")
                                        .put("team", "north"))
                        .statusCode())
                .isEqualTo(403);
    }

    private static CallRecord endedBy(CallRecord c, EndedBy by) {
        return new CallRecord(
                c.eventId(),
                c.agentId(),
                c.callId(),
                c.startMs(),
                c.endMs(),
                c.talkMs(),
                c.muteMs(),
                c.muteCount(),
                c.longestMuteMs(),
                c.holdMs(),
                by != EndedBy.CALLER,
                by);
    }

    @Test
    void eachAgentsCallerEndedShareIsShownLiveAndInHistoryAndSurvivesARestart() {
        long now = System.currentTimeMillis();
        ingest(
                "agent-n1",
                northToken,
                endedBy(call("e-1", "agent-n1", now, 60_000, 0), EndedBy.AGENT),
                endedBy(call("e-2", "agent-n1", now, 60_000, 0), EndedBy.CALLER),
                endedBy(call("e-3", "agent-n1", now, 60_000, 0), EndedBy.CALLER),
                call("e-4", "agent-n1", now, 60_000, 0)); // an agent that does not say: not counted
        ingest("agent-s1", southToken, call("e-5", "agent-s1", now, 60_000, 0));

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        JsonObject north = boss.agents().getJsonArray("agents").getJsonObject(0);
        assertThat(north.getString("agentId")).isEqualTo("agent-n1");
        assertThat(north.getJsonObject("today").getDouble("callerEndedShare")).isCloseTo(2.0 / 3, within(1e-9));
        JsonObject south = boss.agents().getJsonArray("agents").getJsonObject(1);
        assertThat(south.getJsonObject("today").getValue("callerEndedShare")).isNull();

        JsonObject history = boss.get("/api/history?days=1&agentId=agent-n1").bodyAsJsonObject();
        assertThat(history.getJsonArray("days")
                        .getJsonObject(0)
                        .getJsonObject("metrics")
                        .getDouble("callerEndedShare"))
                .isCloseTo(2.0 / 3, within(1e-9));

        await(server.close()); // the live figures are rebuilt from the store
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        JsonObject again = ApiClient.login(server, "boss", "boss-password")
                .agents()
                .getJsonArray("agents")
                .getJsonObject(0);
        assertThat(again.getJsonObject("today").getDouble("callerEndedShare")).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void theKeptAgentsAnswerFollowsEveryEventConnectionAndNewAgent() {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        long first = boss.agents().getLong("generatedMs");
        long second = boss.agents().getLong("generatedMs");
        // Nothing changed: the kept answer is served again, made at the same time (unless a new minute began).
        if (second / 60_000 == first / 60_000) {
            assertThat(second).isEqualTo(first);
        }
        assertThat(agentIds(lead.agents())).containsExactly("agent-n1");

        ingest("agent-n1", northToken, survey("k-1", "agent-n1", System.currentTimeMillis(), 10, 5, 1));
        assertThat(todayOf(boss.agents(), "agent-n1").getJsonObject("nps").getInteger("n"))
                .isEqualTo(1);
        assertThat(todayOf(lead.agents(), "agent-n1").getJsonObject("nps").getInteger("n"))
                .isEqualTo(1);

        try (TestAgent online = TestAgent.hello(server.vertx(), server.port(), "agent-s1", southToken)) {
            assertThat(agentOf(boss.agents(), "agent-s1").getBoolean("online")).isTrue();
        }
        await(server.provisionAgent("agent-n2", "Nils North", "north"));
        assertThat(agentIds(lead.agents())).containsExactly("agent-n1", "agent-n2");
    }

    private static JsonObject agentOf(JsonObject snapshot, String agentId) {
        return snapshot.getJsonArray("agents").stream()
                .map(o -> (JsonObject) o)
                .filter(a -> a.getString("agentId").equals(agentId))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject todayOf(JsonObject snapshot, String agentId) {
        return agentOf(snapshot, agentId).getJsonObject("today");
    }

    @Test
    void historyGivesDailyMetricsInScope() {
        long now = System.currentTimeMillis();
        long yesterday = now - 24 * 3_600_000L;
        ingest(
                "agent-n1",
                northToken,
                survey("h-1", "agent-n1", yesterday, 10, 5, 1),
                survey("h-2", "agent-n1", now, 0, 1, 0),
                survey("h-3", "agent-n1", now, 9, 4, 1));
        ingest("agent-s1", southToken, survey("h-4", "agent-s1", now, 10, 5, 1));
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");

        JsonArray days = lead.get("/api/history?days=2").bodyAsJsonObject().getJsonArray("days");
        assertThat(days).hasSize(2);
        JsonObject before = days.getJsonObject(0).getJsonArray("teams").getJsonObject(0);
        JsonObject today = days.getJsonObject(1).getJsonArray("teams").getJsonObject(0);
        assertThat(days.getJsonObject(1).getJsonArray("teams")).hasSize(1);
        assertThat(today.getString("team")).isEqualTo("north");
        assertThat(before.getJsonObject("metrics").getJsonObject("nps").getInteger("n"))
                .isEqualTo(1);
        assertThat(today.getJsonObject("metrics").getJsonObject("nps").getInteger("n"))
                .isEqualTo(2);
        assertThat(today.getJsonObject("metrics").getJsonObject("nps").getDouble("score"))
                .isEqualTo(0.0);

        JsonObject agent = lead.get("/api/history?days=1&agentId=agent-n1").bodyAsJsonObject();
        assertThat(agent.getString("displayName")).isEqualTo("Nora North");
        assertThat(agent.getJsonArray("days")
                        .getJsonObject(0)
                        .getJsonObject("metrics")
                        .getJsonObject("csat")
                        .getDouble("mean"))
                .isEqualTo(2.5);
        assertThat(lead.get("/api/history?agentId=agent-s1").statusCode()).isEqualTo(404);
        assertThat(lead.get("/api/history?days=0").statusCode()).isEqualTo(400);
    }

    @Test
    void alertsAreFollowedUp() {
        ingest("agent-n1", northToken, survey("d-1", "agent-n1", System.currentTimeMillis(), 3, null, 0));
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonObject alert = lead.alerts("open").getJsonObject(0);
        assertThat(alert.getString("id")).isEqualTo("d-1");
        assertThat(alert.getString("displayName")).isEqualTo("Nora North");
        assertThat(alert.getInteger("nps")).isEqualTo(3);

        JsonObject acked =
                lead.post("/api/alerts/d-1/acknowledge", new JsonObject()).bodyAsJsonObject();
        assertThat(acked.getString("state")).isEqualTo("acknowledged");
        assertThat(acked.getString("updatedBy")).isEqualTo("lead-n");
        assertThat(lead.post("/api/alerts/d-1/note", new JsonObject()).statusCode())
                .isEqualTo(400);
        JsonObject noted = lead.post("/api/alerts/d-1/note", new JsonObject().put("note", "Called back <b>ok</b>"))
                .bodyAsJsonObject();
        assertThat(noted.getString("note")).isEqualTo("Called back <b>ok</b>");
        assertThat(noted.getString("state")).isEqualTo("acknowledged");
        assertThat(lead.post("/api/alerts/d-1/close", new JsonObject()).statusCode())
                .isEqualTo(400);
        JsonObject closed = lead.post("/api/alerts/d-1/close", new JsonObject().put("outcome", "reached"))
                .bodyAsJsonObject();
        assertThat(closed.getString("state")).isEqualTo("closed");
        assertThat(closed.getString("outcome")).isEqualTo("reached");
        assertThat(closed.getString("note")).isEqualTo("Called back <b>ok</b>");
        assertThat(lead.alerts("active")).isEmpty();
        assertThat(lead.alerts("closed")).hasSize(1);
        assertThat(lead.get("/api/alerts?state=bogus").statusCode()).isEqualTo(400);
        assertThat(lead.post("/api/alerts/nope/close", new JsonObject().put("outcome", "resolved"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void adminsProvisionAgentsWhoseTokenWorks() {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        HttpResponse<Buffer> created = boss.post(
                "/api/agents",
                new JsonObject()
                        .put("agentId", "agent-new")
                        .put("displayName", "New Hire")
                        .put("team", "west"));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = created.bodyAsJsonObject().getString("token");
        ingest("agent-new", token, survey("w-1", "agent-new", System.currentTimeMillis(), 9, 4, 1));
        assertThat(agentIds(boss.agents())).contains("agent-new");
        assertThat(boss.post(
                                "/api/agents",
                                new JsonObject()
                                        .put("agentId", "bad id!")
                                        .put("displayName", "X")
                                        .put("team", "west"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(boss.get("/api/demo/agents").statusCode()).isEqualTo(404);
    }

    @Test
    void liveStreamPushesScopedMetricsAndAlerts() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        try (SseClient live = new SseClient(server, lead.cookie())) {
            assertThat(live.status()).isEqualTo(200);
            SseClient.Event snapshot = live.next("snapshot", d -> true);
            assertThat(agentIds(snapshot.data())).containsExactly("agent-n1");
            assertThat(snapshot.data().getJsonArray("alerts")).isEmpty();

            long now = System.currentTimeMillis();
            ingest("agent-s1", southToken, survey("s-d", "agent-s1", now, 0, 1, 0));
            ingest("agent-n1", northToken, survey("n-d", "agent-n1", now, 5, null, null));

            SseClient.Event alert = live.next("alert", d -> true);
            assertThat(alert.data().getString("id")).isEqualTo("n-d");
            // The update that counts the detractor; the agent's socket is closed by then, so it shows offline.
            SseClient.Event metrics = live.next("metrics", d -> {
                JsonObject a = agent(d, "agent-n1");
                return a != null
                        && !a.getBoolean("online")
                        && a.getJsonObject("today").getJsonObject("nps").getInteger("n") == 1;
            });
            JsonObject nps =
                    agent(metrics.data(), "agent-n1").getJsonObject("today").getJsonObject("nps");
            assertThat(nps.getDouble("score")).isEqualTo(-100.0);
            TestAgent connected = TestAgent.hello(server.vertx(), server.port(), "agent-n1", northToken);
            try {
                live.next("metrics", d -> {
                    JsonObject a = agent(d, "agent-n1");
                    return a != null && a.getBoolean("online");
                });
            } finally {
                connected.close();
            }
            live.next("metrics", d -> {
                JsonObject a = agent(d, "agent-n1");
                return a != null && !a.getBoolean("online");
            });
            // The south detractor came first but must never reach a north supervisor.
            assertThat(live.skipped).noneMatch(e -> e.data().encode().contains("agent-s1"));
        }
    }

    @Test
    void liveStreamCoalescesABurstIntoFewUpdates() {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        try (SseClient live = new SseClient(server, boss.cookie())) {
            live.next("snapshot", d -> true);
            long now = System.currentTimeMillis();
            Object[] burst = IntStream.range(0, 40)
                    .mapToObj(i -> survey("b-" + i, "agent-n1", now, 10, 5, 1))
                    .toArray();
            try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-n1", northToken)) {
                // Sent without waiting for acks, like an agent emptying its outbox after a reconnect.
                for (Object e : burst) {
                    agent.send((Message) e);
                }
                int acked = 0;
                while (acked < burst.length) {
                    acked += ((Ack) agent.next()).eventIds().size();
                }
            }
            SseClient.Event last = live.next("metrics", d -> {
                JsonObject a = agent(d, "agent-n1");
                return a != null
                        && a.getJsonObject("today").getJsonObject("nps").getInteger("n") == 40;
            });
            assertThat(agent(last.data(), "agent-n1")).isNotNull();
            // Forty commits, but updates go out at most every flush period.
            assertThat(live.skipped.stream()
                            .filter(e -> e.name().equals("metrics"))
                            .count())
                    .isLessThan(40);
        }
    }

    /** The agent's entry in a live update, or null when the update does not include it. */
    private static JsonObject agent(JsonObject data, String agentId) {
        JsonArray agents = data.getJsonArray("agents");
        for (int i = 0; agents != null && i < agents.size(); i++) {
            if (agentId.equals(agents.getJsonObject(i).getString("agentId"))) {
                return agents.getJsonObject(i);
            }
        }
        return null;
    }
}
