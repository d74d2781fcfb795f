package io.cxpulse.server.alerts;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.SettableClock;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trend alerts against a real store, SQLite and PostgreSQL: a slide raises one alert with its evidence however many nodes check at once and
 * however often; after the agent recovers, a new slide raises a new one; a busy agent is called at the threshold of
 * their own surveys a week, measured from the stored surveys.
 */
class TrendAlertsIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private Vertx vertx;
    private Store store;
    private SettableClock clock;
    private int seq;
    private Alerts one;
    private Alerts two;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (target != null) {
            target.close();
        }
    }

    /** Stores {@code count} surveys of agent-1, a minute apart, detractors or satisfied callers. */
    private void surveys(int count, boolean detractors) {
        surveys(count, detractors, Duration.ofMinutes(1));
    }

    /** Stores {@code count} surveys of agent-1, {@code gap} apart, detractors or satisfied callers. */
    private void surveys(int count, boolean detractors, Duration gap) {
        for (int i = 0; i < count; i++) {
            clock.advance(gap);
            String id = "s" + (seq++);
            await(store.write(survey(id, "agent-1", clock.millis(), detractors ? 2 : 9, null, null), "north"));
        }
    }

    /** A store of {@code kind} whose clock starts at {@code start}, and two nodes' alerts on it. */
    private void open(String kind, String start) throws Exception {
        target = StoreTarget.of(kind, dir);
        vertx = Vertx.vertx();
        clock = new SettableClock(Instant.parse(start), ZoneId.of("UTC"));
        store = Store.open(vertx, target.url(), null, null, clock);
        one = new Alerts(vertx, store, new Directory(), clock);
        two = new Alerts(vertx, store, new Directory(), clock);
    }

    /** Two nodes check the agent at once, as after a survey each committed. */
    private List<Alert> checkOnTwoNodes() {
        List<Future<Optional<Alert>>> both =
                List.of(one.checkTrend("agent-1", "north"), two.checkTrend("agent-1", "north"));
        await(Future.all(both));
        return both.stream().map(Future::result).flatMap(Optional::stream).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSlideRaisesOneAlertWithItsEvidenceAndANewSlideAfterRecoveryAnother(String kind) throws Exception {
        open(kind, "2026-11-20T08:00:00Z");
        // A steady record: one detractor in ten.
        for (int i = 0; i < 10; i++) {
            surveys(1, true);
            surveys(9, false);
        }
        assertThat(checkOnTwoNodes()).isEmpty();

        surveys(8, true);
        List<Alert> raised = checkOnTwoNodes();
        assertThat(raised).hasSize(1);
        Alert alert = raised.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.TREND);
        assertThat(alert.id()).startsWith("trend-s");
        assertThat(alert.dueMs()).isEqualTo(alert.createdMs() + Alerts.DEFAULT_WINDOW_MS);
        JsonObject evidence = alert.evidence();
        assertThat(evidence.getInteger("beforeN")).isEqualTo(100);
        assertThat(evidence.getDouble("beforeRate")).isBetween(0.09, 0.16);
        assertThat(evidence.getDouble("afterRate")).isEqualTo(1.0);
        assertThat(evidence.getDouble("sureAboveBefore")).isGreaterThan(0.99);

        // Stored with its evidence and trail; the slide goes on, and no node raises it again.
        Optional<Alert> stored = await(store.read(c -> AlertQueries.get(c, alert.id())));
        assertThat(stored.orElseThrow().evidence()).isEqualTo(evidence);
        List<AlertQueries.Change> trail = await(store.read(c -> AlertQueries.history(c, alert.id())));
        assertThat(trail).extracting(AlertQueries.Change::action).containsExactly("raised");
        surveys(3, true);
        assertThat(checkOnTwoNodes()).isEmpty();

        // The agent recovers; a later slide is a new alert.
        surveys(60, false);
        assertThat(checkOnTwoNodes()).isEmpty();
        surveys(8, true);
        List<Alert> again = checkOnTwoNodes();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).id()).isNotEqualTo(alert.id());
        assertThat(await(one.list(null, null, false, 100)))
                .filteredOn(a -> a.kind().equals(Alert.TREND))
                .hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aBusyAgentIsCalledAtTheThresholdOfTheirOwnVolume(String kind) throws Exception {
        open(kind, "2026-11-01T08:00:00Z");
        // An agent answering a survey an hour, about 168 a week, one detractor in ten.
        Duration hour = Duration.ofHours(1);
        for (int i = 0; i < TrendDetector.WINDOW / 10; i++) {
            surveys(1, true, hour);
            surveys(9, false, hour);
        }
        assertThat(checkOnTwoNodes()).isEmpty();

        // Eight detractors in a row, a slide for an agent of 12 surveys a week, are not yet one at this volume.
        surveys(8, true, hour);
        assertThat(checkOnTwoNodes()).isEmpty();
        surveys(4, true, hour);
        List<Alert> raised = checkOnTwoNodes();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).evidence().getInteger("afterN")).isGreaterThan(8);
        assertThat(raised.get(0).evidence().getDouble("afterRate")).isEqualTo(1.0);
    }
}
