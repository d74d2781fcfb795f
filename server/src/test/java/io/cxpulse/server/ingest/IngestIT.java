package io.cxpulse.server.ingest;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.Topics;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent WebSocket against a real server on loopback with its SQLite file in a temporary directory. */
class IngestIT {
    @TempDir
    Path dir;

    private CxServer server;
    private String token;
    private final List<JsonObject> committed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        server.vertx().eventBus().<JsonObject>consumer(Topics.SURVEY_COMMITTED, m -> committed.add(m.body()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            await(server.close());
        }
    }

    @Test
    void acksASurveyOnlyOnceItsRowIsCommittedAndCountsARepeatOnce() throws Exception {
        long now = System.currentTimeMillis();
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            SurveyResult s = survey("ev-1", "agent-07", now, 10, 5, 1);
            agent.send(s);
            assertThat(agent.next()).isEqualTo(new Ack(List.of("ev-1")));
            // The ack promises durability: another connection to the file must see the row right now.
            assertThat(surveyRows("ev-1")).isEqualTo(1);
            assertThat(column("ev-1", "nps")).isEqualTo(10);
            assertThat(column("ev-1", "csat")).isEqualTo(5);

            agent.send(s);
            assertThat(agent.next()).isEqualTo(new Ack(List.of("ev-1")));
            assertThat(surveyRows("ev-1")).isEqualTo(1);
            agent.send(call("ev-2", "agent-07", now, 60_000, 5_000));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("ev-2")));
        }
        assertThat(committed).extracting(j -> j.getString("eventId")).containsExactly("ev-1");
        JsonObject first = committed.get(0);
        assertThat(first.getString("agentId")).isEqualTo("agent-07");
        assertThat(first.getString("team")).isEqualTo("north");
        assertThat(first.getInteger("nps")).isEqualTo(10);
    }

    @Test
    void manyEventsInFlightAreAllAckedAndStored() throws Exception {
        long now = System.currentTimeMillis();
        int n = 300;
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            for (int i = 0; i < n; i++) {
                agent.send(survey("burst-" + i, "agent-07", now, i % 11, null, null));
            }
            Set<String> acked = new HashSet<>();
            while (acked.size() < n) {
                Message m = agent.next();
                assertThat(m).isInstanceOf(Ack.class);
                acked.addAll(((Ack) m).eventIds());
            }
        }
        try (Connection c = db();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM surveys")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(n);
        }
    }

    @Test
    void refusesAnEventForAnotherAgentAndKeepsTheConnection() throws Exception {
        await(server.provisionAgent("agent-08", "Hiro Tanaka", "north"));
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.send(survey("forged-1", "agent-08", System.currentTimeMillis(), 0, 1, 0));
            Message m = agent.next();
            assertThat(m).isInstanceOf(ErrorMessage.class);
            ErrorMessage e = (ErrorMessage) m;
            assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            assertThat(e.eventId()).isEqualTo("forged-1");
            assertThat(e.message()).contains("agent-08", "agent-07");

            agent.send(survey("own-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("own-1")));
        }
        assertThat(surveyRows("forged-1")).isZero();
    }

    @Test
    void refusesBrokenAndOversizedFramesOneByOne() throws Exception {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.sendRaw("{not json");
            ErrorMessage broken = (ErrorMessage) agent.next();
            assertThat(broken.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(broken.eventId()).isNull();

            // Valid JSON with an out-of-range answer: the error names the event.
            String bad = WireCodec.encode(survey("bad-1", "agent-07", System.currentTimeMillis(), 7, 4, 1))
                    .replace("\"value\":7", "\"value\":11");
            agent.sendRaw(bad);
            ErrorMessage invalid = (ErrorMessage) agent.next();
            assertThat(invalid.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(invalid.eventId()).isEqualTo("bad-1");
            assertThat(invalid.message()).contains("11");

            String huge = "{\"v\":1,\"type\":\"survey\",\"eventId\":\"big-1\",\"pad\":\""
                    + "x".repeat(WireCodec.MAX_FRAME_CHARS) + "\"}";
            agent.sendRaw(huge);
            ErrorMessage oversized = (ErrorMessage) agent.next();
            assertThat(oversized.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(oversized.message()).contains("larger than");

            agent.sendRaw("{\"v\":2,\"type\":\"call\"}");
            ErrorMessage version = (ErrorMessage) agent.next();
            assertThat(version.message()).contains("2", "1");

            agent.send(survey("after-1", "agent-07", System.currentTimeMillis(), 8, 4, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("after-1")));
            assertThat(agent.isClosed()).isFalse();
        }
        assertThat(surveyRows("bad-1")).isZero();
    }

    @Test
    void closesOnAWrongToken() {
        try (TestAgent agent = TestAgent.connect(server.vertx(), server.port())) {
            agent.send(new Hello("agent-07", "not-the-token", "test"));
            ErrorMessage e = (ErrorMessage) agent.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            assertThat(agent.awaitClosed()).isEqualTo(AgentSocket.POLICY_VIOLATION);
        }
        try (TestAgent agent = TestAgent.connect(server.vertx(), server.port())) {
            agent.send(new Hello("agent-99", token, "test"));
            assertThat(((ErrorMessage) agent.next()).code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            agent.awaitClosed();
        }
    }

    @Test
    void aStoreFailureIsReportedAsUnavailable() {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            server.store().close();
            agent.send(survey("lost-1", "agent-07", System.currentTimeMillis(), 10, 5, 1));
            ErrorMessage e = (ErrorMessage) agent.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.UNAVAILABLE);
            assertThat(e.eventId()).isEqualTo("lost-1");
            assertThat(e.permanent()).isFalse();
            assertThat(agent.isClosed()).isFalse();
        }
    }

    @Test
    void refusesEventsBeforeHello() {
        try (TestAgent agent = TestAgent.connect(server.vertx(), server.port())) {
            agent.send(survey("early-1", "agent-07", System.currentTimeMillis(), 10, 5, 1));
            ErrorMessage e = (ErrorMessage) agent.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            assertThat(e.eventId()).isEqualTo("early-1");
            agent.awaitClosed();
        }
    }

    @Test
    void metricsSurviveARestart() {
        long now = System.currentTimeMillis();
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.send(survey("r-1", "agent-07", now, 10, 5, 1));
            agent.next();
            agent.send(survey("r-2", "agent-07", now, 3, 2, 0));
            agent.next();
        }
        await(server.close());
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.send(survey("r-1", "agent-07", now, 10, 5, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("r-1")));
        }
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        JsonObject nps = ApiClient.login(server, "boss", "boss-password")
                .agents()
                .getJsonArray("agents")
                .getJsonObject(0)
                .getJsonObject("today")
                .getJsonObject("nps");
        assertThat(nps.getInteger("n")).isEqualTo(2);
        assertThat(nps.getDouble("score")).isEqualTo(0.0);
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cx.db"));
    }

    private int surveyRows(String eventId) throws Exception {
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM surveys WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Object column(String eventId, String column) throws Exception {
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM surveys WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }
}
