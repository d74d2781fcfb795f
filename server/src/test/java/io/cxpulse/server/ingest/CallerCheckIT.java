package io.cxpulse.server.ingest;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.CallerCheck;
import io.cxpulse.protocol.CallerCheckAnswer;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.store.StoreTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caller check on SQLite and PostgreSQL: one agent's survey of a caller, stored with the caller's hash, makes
 * another agent's question about that caller come back "surveyed recently" within the window asked, and "not" once
 * the window has passed; an agent asks only for itself.
 */
class CallerCheckIT {
    private static final String CALLER = "3f".repeat(32);
    private static final String OTHER_CALLER = "a0".repeat(32);

    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCallerSurveyedByOneAgentIsSurveyedRecentlyForAnotherUntilTheWindowHasPassed(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        SettableClock clock = new SettableClock(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
        server = await(CxServer.start(target.config().withClock(clock)));
        String ana = await(server.provisionAgent("agent-a", "Ana Lima", "north"));
        String ben = await(server.provisionAgent("agent-b", "Ben Okafor", "south"));
        assertThat(target.count("SELECT COUNT(*) FROM settings WHERE name = 'caller_salt' AND LENGTH(value) = 64"))
                .as("the center's salt is made with the schema")
                .isEqualTo(1);

        long end = clock.millis() - 60_000;
        try (TestAgent a = TestAgent.hello(server.vertx(), server.port(), "agent-a", ana)) {
            CallRecord call = call("a-call", "agent-a", end, 120_000, 0);
            a.send(new CallRecord(
                    call.eventId(),
                    call.agentId(),
                    call.callId(),
                    call.startMs(),
                    call.endMs(),
                    call.talkMs(),
                    call.muteMs(),
                    call.muteCount(),
                    call.longestMuteMs(),
                    call.holdMs(),
                    call.surveyOffered(),
                    null,
                    CALLER));
            assertThat(a.next()).isEqualTo(new Ack(List.of("a-call")));
            a.send(survey("a-survey", "agent-a", end + 40_000, 9, 5, 1).withCallerHash(CALLER));
            assertThat(a.next()).isEqualTo(new Ack(List.of("a-survey")));
        }
        assertThat(target.count("SELECT COUNT(*) FROM surveys WHERE caller_hash = '" + CALLER + "'"))
                .isEqualTo(1);
        assertThat(plan("SELECT 1 FROM surveys WHERE caller_hash = '" + CALLER + "' AND end_ms >= 0"
                        + " ORDER BY end_ms DESC LIMIT 1"))
                .as("the question reads the caller index")
                .contains("surveys_caller_end");
        assertThat(target.count("SELECT COUNT(*) FROM calls WHERE caller_hash = '" + CALLER + "'"))
                .isEqualTo(1);

        try (TestAgent b = TestAgent.hello(server.vertx(), server.port(), "agent-b", ben)) {
            b.send(new CallerCheck("agent-b", "b-call-1", CALLER, 7));
            assertThat(b.next()).isEqualTo(new CallerCheckAnswer("b-call-1", true));
            b.send(new CallerCheck("agent-b", "b-call-2", OTHER_CALLER, 7));
            assertThat(b.next()).isEqualTo(new CallerCheckAnswer("b-call-2", false));

            clock.advance(Duration.ofDays(6));
            b.send(new CallerCheck("agent-b", "b-call-3", CALLER, 7));
            assertThat(b.next()).isEqualTo(new CallerCheckAnswer("b-call-3", true));
            b.send(new CallerCheck("agent-b", "b-call-4", CALLER, 5));
            assertThat(b.next()).as("a shorter window asked").isEqualTo(new CallerCheckAnswer("b-call-4", false));

            clock.advance(Duration.ofDays(1).plusMinutes(1));
            b.send(new CallerCheck("agent-b", "b-call-5", CALLER, 7));
            assertThat(b.next()).isEqualTo(new CallerCheckAnswer("b-call-5", false));

            b.send(new CallerCheck("agent-a", "b-call-6", CALLER, 7));
            Message refused = b.next();
            assertThat(refused).isInstanceOfSatisfying(ErrorMessage.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
                assertThat(e.message()).contains("agent-a").contains("agent-b");
            });
            b.send(new CallerCheck("agent-b", "b-call-7", CALLER, 30));
            assertThat(b.next())
                    .as("the connection stays open after a refused check")
                    .isEqualTo(new CallerCheckAnswer("b-call-7", true));
        }
    }

    /** The query plan of {@code sql}; PostgreSQL is told to avoid a full scan, which it prefers for a few rows. */
    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = target.connect();
                Statement st = c.createStatement()) {
            if (target.isPostgres()) {
                st.execute("SET enable_seqscan = off");
            }
            try (ResultSet rs = st.executeQuery((target.isPostgres() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    plan.append(rs.getString(columns)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void aCheckBeforeHelloIsRefusedAndTheSocketClosed() throws Exception {
        target = StoreTarget.sqlite(dir);
        server = await(CxServer.start(target.config()));
        try (TestAgent stranger = TestAgent.connect(server.vertx(), server.port())) {
            stranger.send(new CallerCheck("agent-x", "call-1", CALLER, 7));
            assertThat(stranger.next())
                    .isInstanceOfSatisfying(
                            ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorMessage.UNAUTHORIZED));
            stranger.awaitClosed();
        }
    }
}
