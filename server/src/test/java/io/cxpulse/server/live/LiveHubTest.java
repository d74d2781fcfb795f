package io.cxpulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.metrics.SurveyScores;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coalescing, scoping and slow-subscriber handling of the live stream, with fake sinks and no timers. */
class LiveHubTest {
    private static final long NOW = 1_800_000_000_000L;

    /** Records what the hub writes; the test decides when it is "full". */
    private static final class FakeSink implements LiveSink {
        final List<String> written = new ArrayList<>();
        boolean full;
        boolean ended;
        Handler<Void> drain;

        @Override
        public void write(String text) {
            assertThat(full).as("written while full").isFalse();
            written.add(text);
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void drainHandler(Handler<Void> handler) {
            drain = handler;
        }

        @Override
        public void closeHandler(Handler<Void> handler) {}

        @Override
        public void end() {
            ended = true;
        }

        List<JsonObject> events(String name) {
            return written.stream()
                    .filter(w -> w.startsWith("event: " + name + "\n"))
                    .map(w ->
                            new JsonObject(w.substring(w.indexOf("data: ") + 6).strip()))
                    .collect(Collectors.toList());
        }

        void clear() {
            written.clear();
        }
    }

    private final MetricsBook book = new MetricsBook();
    private final Directory directory = new Directory();
    private LiveHub hub;
    private final Principal north = new Principal("lead-n", Role.SUPERVISOR, "north");
    private final Principal admin = new Principal("boss", Role.ADMIN, null);

    @BeforeEach
    void setUp() {
        directory.replace(
                List.of(new Rows.Team("north", "North"), new Rows.Team("south", "South")),
                List.of(
                        new Rows.Agent("a1", "Ann", "north", "h", null),
                        new Rows.Agent("a2", "Bob", "south", "h", null)));
        Scoreboard board = new Scoreboard(
                book, directory, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), ZoneOffset.UTC, id -> false);
        hub = new LiveHub(
                null, board, id -> Future.succeededFuture(true), p -> Future.succeededFuture(new JsonArray()));
    }

    private FakeSink subscribe(Principal p) {
        FakeSink sink = new FakeSink();
        hub.subscribe("session-" + p.username(), p, sink);
        assertThat(sink.events("snapshot")).hasSize(1);
        sink.clear();
        return sink;
    }

    private void promoter(String agentId, String team) {
        book.add(agentId, NOW - 1000, Counts.ofSurvey(new SurveyScores(10, null, null, 1)));
        hub.agentChanged(agentId, team);
    }

    private static long npsN(JsonObject metrics, String agentId) {
        return metrics.getJsonArray("agents").stream()
                .map(JsonObject.class::cast)
                .filter(a -> a.getString("agentId").equals(agentId))
                .findFirst()
                .orElseThrow()
                .getJsonObject("today")
                .getJsonObject("nps")
                .getLong("n");
    }

    @Test
    void aBurstBecomesOneUpdateWithTheLatestState() {
        FakeSink sink = subscribe(admin);
        for (int i = 0; i < 50; i++) {
            promoter("a1", "north");
        }
        hub.flush();
        assertThat(sink.events("metrics")).singleElement().satisfies(m -> {
            assertThat(npsN(m, "a1")).isEqualTo(50);
            assertThat(m.getJsonArray("agents")).hasSize(1);
        });
        sink.clear();
        hub.flush();
        assertThat(sink.written).as("nothing changed, nothing sent").isEmpty();
    }

    @Test
    void supervisorsHearOnlyOfTheirTeam() {
        FakeSink sink = subscribe(north);
        promoter("a2", "south");
        hub.flush();
        hub.alert(new JsonObject().put("id", "x").put("team", "south"));
        assertThat(sink.written).isEmpty();

        promoter("a1", "north");
        hub.flush();
        hub.alert(new JsonObject().put("id", "y").put("team", "north"));
        assertThat(sink.events("metrics"))
                .singleElement()
                .satisfies(m -> assertThat(m.getJsonArray("agents").stream()
                                .map(o -> ((JsonObject) o).getString("agentId"))
                                .collect(Collectors.toList()))
                        .containsExactly("a1"));
        assertThat(sink.events("alert"))
                .singleElement()
                .satisfies(a -> assertThat(a.getString("id")).isEqualTo("y"));
    }

    @Test
    void aSlowSubscriberIsSkippedThenCaughtUpWithoutSlowingOthers() {
        FakeSink slow = subscribe(admin);
        FakeSink fast = subscribe(admin);
        slow.full = true;
        for (int round = 0; round < 5; round++) {
            promoter("a1", "north");
            hub.flush();
            hub.alert(new JsonObject().put("id", "al-" + round).put("team", "north"));
        }
        assertThat(slow.written).isEmpty();
        assertThat(fast.events("metrics")).hasSize(5);
        assertThat(fast.events("alert")).hasSize(5);

        slow.full = false;
        slow.drain.handle(null);
        assertThat(slow.events("snapshot"))
                .singleElement()
                .satisfies(s -> assertThat(npsN(s, "a1")).isEqualTo(5));
    }

    @Test
    void aStreamEndsWithItsSession() {
        FakeSink sink = new FakeSink();
        hub.subscribe("north-session", north, sink);
        FakeSink other = subscribe(admin);
        assertThat(hub.subscriberCount()).isEqualTo(2);
        hub.sessionEnded("north-session");
        assertThat(sink.ended).isTrue();
        assertThat(other.ended).isFalse();
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void periodicRefreshSendsEverythingInScope() {
        FakeSink sink = subscribe(north);
        hub.refreshAll();
        hub.flush();
        assertThat(sink.events("metrics")).singleElement().satisfies(m -> {
            assertThat(m.getJsonArray("agents")).hasSize(1);
            assertThat(m.getJsonArray("teams")).hasSize(1);
        });
    }
}
