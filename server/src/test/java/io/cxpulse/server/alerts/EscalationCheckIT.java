package io.cxpulse.server.alerts;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.SettableClock;
import io.cxpulse.server.Topics;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic check on its own: a late alert is escalated once and published once however many checks run, and an
 * alert closed in time is never escalated.
 */
class EscalationCheckIT {
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

    private static Alert raised(String id, long nowMs) {
        return Alert.raised(id, Alert.DETRACTOR, "agent-1", "north", "call-" + id, 2, null, nowMs, null);
    }

    @Test
    void aLateAlertIsEscalatedOnceByThePeriodicCheck() throws Exception {
        vertx = Vertx.vertx();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T08:00:00Z"), ZoneId.of("UTC"));
        store = Store.open(vertx, "jdbc:sqlite:" + dir.resolve("cx.db"), null, null, clock);
        long t0 = clock.millis();
        await(store.transaction(c -> {
            AlertQueries.setWindow(c, "north", 3_600_000L);
            AlertQueries.insert(c, raised("late", t0));
            AlertQueries.insert(c, raised("in-time", t0));
            return null;
        }));
        await(store.transaction(c ->
                AlertQueries.update(c, "in-time", "closed", Alert.CLOSED, null, "resolved", t0 + 60_000L, "lead")));

        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Topics.ALERT_CHANGED, m -> published.add(m.body()));
        Context context = vertx.getOrCreateContext();
        Alerts alerts = new Alerts(vertx, store, new Directory(), clock, 100);
        context.runOnContext(v -> alerts.start());

        Thread.sleep(500);
        assertThat(published).isEmpty();
        clock.advance(Duration.ofHours(2));
        long deadline = System.currentTimeMillis() + 10_000;
        while (published.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        // Several more checks run: none escalates it again.
        Thread.sleep(1_000);
        context.runOnContext(v -> alerts.stop());
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getString("id")).isEqualTo("late");
        assertThat(published.get(0).getBoolean("escalated")).isTrue();
        assertThat(published.get(0).getLong("escalatedMs")).isEqualTo(t0 + 2 * 3_600_000L);
        List<AlertQueries.Change> trail = await(store.read(c -> AlertQueries.history(c, "late")));
        assertThat(trail.stream().map(AlertQueries.Change::action)).containsExactly("raised", "escalated");
        assertThat(await(store.read(c -> AlertQueries.get(c, "in-time")))
                        .orElseThrow()
                        .escalatedMs())
                .isNull();
    }
}
