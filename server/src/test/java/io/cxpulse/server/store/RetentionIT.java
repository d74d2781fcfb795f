package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --retain-days}: old raw events go, their rollups and ids stay, history still counts them. */
class RetentionIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW =
            LocalDateTime.of(2026, 11, 20, 10, 0).atZone(ZONE).toInstant();

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
    void rawEventsOlderThanTheRetentionGoAndTheirFiguresStay(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        Clock clock = Clock.fixed(NOW, ZONE);
        CxServer first = await(CxServer.start(target.config().withZone(ZONE).withClock(clock)));
        await(first.provisionAgent("agent-1", "Liu Qing", "north"));
        await(first.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(first.close());
        long day = 86_400_000L;
        List<AgentEvent> events = List.of(
                survey("old-1", "agent-1", NOW.toEpochMilli() - 5 * day, 10, 5, 1),
                call("old-2", "agent-1", NOW.toEpochMilli() - 4 * day, 60_000, 0),
                survey("new-1", "agent-1", NOW.toEpochMilli() - day, 3, 2, 0),
                call("new-2", "agent-1", NOW.toEpochMilli() - 1_000, 90_000, 1_000));
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, clock)) {
            assertThat(bulk.write(events)).isEqualTo(4);
            bulk.commit();
        }

        server = await(
                CxServer.start(target.config().withZone(ZONE).withClock(clock).withRetainDays(2)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (target.count("SELECT COUNT(*) FROM surveys") + target.count("SELECT COUNT(*) FROM calls") > 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(target.count("SELECT COUNT(*) FROM surveys WHERE event_id = 'new-1'"))
                .isEqualTo(1);
        assertThat(target.count("SELECT COUNT(*) FROM calls WHERE event_id = 'new-2'"))
                .isEqualTo(1);
        assertThat(target.count("SELECT COUNT(*) FROM surveys") + target.count("SELECT COUNT(*) FROM calls"))
                .isEqualTo(2);

        JsonArray days = ApiClient.login(server, "boss", "boss-password")
                .get("/api/history?days=7")
                .bodyAsJsonObject()
                .getJsonArray("days");
        long surveys = 0;
        long calls = 0;
        for (Object d : days) {
            var metrics =
                    ((JsonObject) d).getJsonArray("teams").getJsonObject(0).getJsonObject("metrics");
            surveys += metrics.getLong("surveys");
            calls += metrics.getLong("calls");
        }
        assertThat(surveys).isEqualTo(2);
        assertThat(calls).isEqualTo(2);
        await(server.close());
        server = null;

        // A retired event sent again is still a repeat: its id stays claimed.
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, clock)) {
            assertThat(bulk.write(events)).isZero();
            bulk.commit();
        }
        // Retired rows cannot be recounted in another zone: a clear refusal, not wrong figures.
        Vertx vertx = Vertx.vertx();
        try {
            assertThatThrownBy(() -> Store.open(vertx, target.url(), null, null, clock, ZoneId.of("UTC")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("kept in time zone Asia/Shanghai")
                    .hasMessageContaining("--time-zone Asia/Shanghai");
        } finally {
            await(vertx.close());
        }
    }
}
