package io.cxpulse.server.metrics;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.Answer;
import io.cxpulse.server.store.Store;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.assertj.core.data.Offset;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's own scores from the SQLite store: today, this week, the last few answers, and only its own. */
class OwnScoresIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    // A Wednesday, 15:00 in Shanghai.
    private static final long NOW = Instant.parse("2026-03-04T07:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(vertx, "jdbc:sqlite:" + dir.resolve("cx.db"), null, null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        await(vertx.close());
    }

    @Test
    void todayAndThisWeekCountOnlyTheAgentsOwnSurveys() throws Exception {
        await(store.write(survey("a-1", "agent-01", NOW - HOUR, 10, 5, 1), "north")); // today
        await(store.write(survey("a-2", "agent-01", NOW - 2 * HOUR, 3, 2, 0), "north")); // today
        await(store.write(survey("a-3", "agent-01", NOW - 30 * HOUR, 9, 4, 1), "north")); // Tuesday
        await(store.write(survey("a-4", "agent-01", NOW - 80 * HOUR, 0, 1, 0), "north")); // last week
        await(store.write(survey("b-1", "agent-02", NOW - HOUR, 0, 1, 0), "north")); // a colleague's

        AgentScores s = store.readNow(c -> OwnScores.read(c, "agent-01", NOW, ZONE));

        assertThat(s.agentId()).isEqualTo("agent-01");
        assertThat(s.today().npsResponses()).isEqualTo(2);
        assertThat(s.today().nps()).isEqualTo(0.0); // one promoter, one detractor
        assertThat(s.today().npsMargin()).isGreaterThan(0);
        assertThat(s.today().csat()).isEqualTo(3.5);
        assertThat(s.week().npsResponses()).isEqualTo(3);
        assertThat(s.week().nps()).isCloseTo(33.3, Offset.offset(0.1));
        assertThat(s.week().csatResponses()).isEqualTo(3);
        assertThat(s.recent()).hasSize(4);
        assertThat(s.recent().get(0).endMs()).isEqualTo(NOW - HOUR);
        assertThat(s.recent().get(0).answers())
                .extracting(Answer::questionId, Answer::value)
                .containsExactly(Tuple.tuple("csat", 5), Tuple.tuple("nps", 10), Tuple.tuple("resolved", 1));
    }

    @Test
    void anAgentWithoutSurveysHasEmptyFiguresNotZeros() throws Exception {
        await(store.write(survey("b-1", "agent-02", NOW - HOUR, 10, 5, 1), "north"));
        AgentScores s = store.readNow(c -> OwnScores.read(c, "agent-01", NOW, ZONE));
        assertThat(s.today().nps()).isNull();
        assertThat(s.week().csat()).isNull();
        assertThat(s.recent()).isEmpty();
    }

    @Test
    void unansweredQuestionsCountForNothing() throws Exception {
        await(store.write(survey("a-1", "agent-01", NOW - HOUR, null, null, null), "north")); // no answer at all
        await(store.write(survey("a-2", "agent-01", NOW - 2 * HOUR, 9, null, null), "north")); // NPS only
        AgentScores s = store.readNow(c -> OwnScores.read(c, "agent-01", NOW, ZONE));
        assertThat(s.today().npsResponses()).isEqualTo(1);
        assertThat(s.today().nps()).isEqualTo(100.0);
        assertThat(s.today().csatResponses()).isZero();
        assertThat(s.today().csat()).isNull();
        assertThat(s.recent()).hasSize(2);
    }
}
