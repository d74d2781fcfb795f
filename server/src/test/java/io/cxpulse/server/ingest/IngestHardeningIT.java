package io.cxpulse.server.ingest;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent WebSocket against what an attacker sends: events from the future, huge and fragmented frames. */
class IngestHardeningIT {
    private static final long DAY_MS = 24 * 3600_000L;

    @TempDir
    Path dir;

    private CxServer server;
    private String token;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    @Test
    void refusesEventsThatEndInTheFutureAndCountsNone() {
        long now = System.currentTimeMillis();
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.send(survey("future-1", "agent-07", now + 10 * DAY_MS, 0, 1, 0));
            ErrorMessage tenDays = (ErrorMessage) agent.next();
            assertThat(tenDays.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(tenDays.eventId()).isEqualTo("future-1");
            assertThat(tenDays.message()).contains("server's clock");

            agent.send(call("future-2", "agent-07", Long.MAX_VALUE, 60_000, 0));
            ErrorMessage farthest = (ErrorMessage) agent.next();
            assertThat(farthest.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(farthest.eventId()).isEqualTo("future-2");

            // A little ahead (an agent's clock a minute fast) is fine.
            agent.send(survey("soon-1", "agent-07", now + 60_000, 10, 5, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("soon-1")));
        }
        JsonObject today = ApiClient.login(server, "boss", "boss-password")
                .agents()
                .getJsonArray("agents")
                .getJsonObject(0)
                .getJsonObject("today");
        assertThat(today.getInteger("calls")).isZero();
        assertThat(today.getInteger("surveys")).isEqualTo(1);
    }

    @Test
    void aMessageInFragmentsOfAnySizeIsRefusedAndTheConnectionStays() {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            // 300 KB in three fragments of 100 KB.
            String chunk = "x".repeat(100_000);
            agent.sendFrame(WebSocketFrame.textFrame("{\"v\":1,\"type\":\"survey\",\"pad\":\"" + chunk, false));
            agent.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), false));
            agent.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk + "\"}"), true));
            ErrorMessage fragmented = (ErrorMessage) agent.next();
            assertThat(fragmented.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(fragmented.message()).contains("larger than");

            // 8 MB in 64 fragments: refused the same way, with nothing of it kept beyond the limit.
            agent.sendFrame(WebSocketFrame.textFrame("{\"v\":1,", false));
            Buffer big = Buffer.buffer("y".repeat(128 * 1024));
            for (int i = 0; i < 64; i++) {
                agent.sendFrame(WebSocketFrame.continuationFrame(big, i == 63));
            }
            assertThat(((ErrorMessage) agent.next()).code()).isEqualTo(ErrorMessage.INVALID);

            // A valid event split into fragments is put together and stored.
            String frame = WireCodec.encode(survey("split-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
            int half = frame.length() / 2;
            agent.sendFrame(WebSocketFrame.textFrame(frame.substring(0, half), false));
            agent.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(frame.substring(half)), true));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("split-1")));
            assertThat(agent.isClosed()).isFalse();
        }
    }

    @Test
    void aSurveyOfTenThousandAnswersInOneFrameIsRefusedAndTheConnectionStays() {
        JsonArray answers = new JsonArray();
        for (int i = 0; i < 10_000; i++) {
            answers.add(new JsonObject()
                    .put("questionId", "q" + i)
                    .put("kind", "nps")
                    .put("outcome", "answered")
                    .put("value", 9)
                    .put("answerMs", 800));
        }
        String frame = new JsonObject()
                .put("v", 1)
                .put("type", "survey")
                .put("eventId", "many-1")
                .put("agentId", "agent-07")
                .put("callId", "c-1")
                .put("language", "en")
                .put("startMs", 1)
                .put("endMs", 2)
                .put("status", "completed")
                .put("answers", answers)
                .encode();
        assertThat(frame.length()).isBetween(WireCodec.MAX_FRAME_CHARS, 1024 * 1024);
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.sendFrame(WebSocketFrame.textFrame(frame, true));
            ErrorMessage e = (ErrorMessage) agent.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(e.message()).contains("larger than");
            agent.send(survey("after-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("after-1")));
        }
    }

    @Test
    void aSingleFrameOfTenMebibytesIsRefusedAndTheConnectionStays() {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.sendFrame(WebSocketFrame.textFrame(
                    "{\"v\":1,\"type\":\"call\",\"eventId\":\"big-1\",\"pad\":\"" + "z".repeat(10 * 1024 * 1024)
                            + "\"}",
                    true));
            ErrorMessage e = (ErrorMessage) agent.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.INVALID);
            assertThat(e.message()).contains("larger than " + WireCodec.MAX_FRAME_CHARS);
            agent.send(survey("after-big-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("after-big-1")));
            assertThat(agent.isClosed()).isFalse();
        }
    }

    @Test
    void aSingleFrameBeyondWhatTheServerReadsEndsOnlyThatConnection() {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            try {
                agent.sendFrame(WebSocketFrame.textFrame("z".repeat(AgentSocket.MAX_FRAME_BYTES + 1), true));
            } catch (AssertionError writeFailed) {
                // The server closes without reading the frame, so the write may fail half way.
            }
            agent.awaitClosed();
        }
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            agent.send(survey("again-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("again-1")));
        }
    }

    @Test
    void reKeyingAnAgentEndsTheSocketsItsOldTokenOpened() {
        try (TestAgent old = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            String fresh = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
            ErrorMessage e = (ErrorMessage) old.next();
            assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            assertThat(e.message()).contains("new token");
            assertThat(old.awaitClosed()).isEqualTo(AgentSocket.POLICY_VIOLATION);

            try (TestAgent again = TestAgent.connect(server.vertx(), server.port())) {
                again.send(new Hello("agent-07", token, "test"));
                assertThat(((ErrorMessage) again.next()).code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            }
            try (TestAgent renewed = TestAgent.hello(server.vertx(), server.port(), "agent-07", fresh)) {
                renewed.send(survey("renewed-1", "agent-07", System.currentTimeMillis(), 9, 4, 1));
                assertThat(renewed.next()).isEqualTo(new Ack(List.of("renewed-1")));
            }
        }
    }
}
