package io.cxpulse.server.alerts;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.SettableClock;
import io.cxpulse.server.Topics;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.cxpulse.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that stops between a survey's commit and its alert's leaves a detractor without an alert: the next check of
 * any node raises it, once, with the deadline it would have had.
 */
class AlertCatchUpIT {
    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void aDetractorCommittedWithoutItsAlertGetsItOnceFromTheNextCheck() throws Exception {
        vertx = Vertx.vertx();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T08:00:00Z"), ZoneId.of("UTC"));
        store = Store.open(vertx, "jdbc:sqlite:" + dir.resolve("cx.db"), null, null, clock);
        long t0 = clock.millis();
        // Stored with no alert service listening, as when the node stops right after the commit.
        await(store.write(survey("missed", "agent-1", t0 - 5_000, 3, null, null), "north"));
        await(store.write(survey("promoter", "agent-1", t0 - 5_000, 10, 5, 1), "north"));
        await(store.write(survey("old", "agent-1", t0 - Alerts.CATCH_UP_MS - 60_000, 0, null, null), "north"));

        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Topics.ALERT_RAISED, m -> published.add(m.body()));
        Alerts alerts = new Alerts(vertx, store, new Directory(), clock);

        // Too recent: the raise that follows the commit may still be on its way.
        assertThat(await(alerts.raiseMissed())).isEmpty();

        clock.advance(Duration.ofMillis(Alerts.SETTLE_MS + 1_000));
        List<Alert> raised = await(alerts.raiseMissed());
        assertThat(raised).extracting(Alert::id).containsExactly("missed");
        Alert alert = raised.get(0);
        assertThat(alert.createdMs()).isEqualTo(t0);
        assertThat(alert.dueMs()).isEqualTo(t0 + Alerts.DEFAULT_WINDOW_MS);
        assertThat(alert.kind()).isEqualTo(Alert.DETRACTOR);
        assertThat(alert.nps()).isEqualTo(3);

        // A second check, as another node's, raises nothing more.
        assertThat(await(alerts.raiseMissed())).isEmpty();
        List<AlertQueries.Change> trail = await(store.read(c -> AlertQueries.history(c, "missed")));
        assertThat(trail).extracting(AlertQueries.Change::action).containsExactly("raised");
        Optional<Alert> old = await(store.read(c -> AlertQueries.get(c, "old")));
        assertThat(old).isEmpty();
        Await.until("the raised alert published", Duration.ofSeconds(5), () -> !published.isEmpty());
        assertThat(published).extracting(j -> j.getString("id")).containsExactly("missed");
    }
}
