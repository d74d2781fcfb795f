package io.cxpulse.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts' answers on PostgreSQL, against the surveys of {@link ChartFixture}. The database comes from system
 * property {@code cx.pgUrl} or env {@code CX_PG_URL}; the run works in a schema of its own, dropped afterwards.
 */
class ChartsPostgresIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @BeforeEach
    void start() throws Exception {
        target = StoreTarget.postgres(dir);
        server = ChartFixture.start(target.config(), ChartFixture.clock());
    }

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    @Test
    void hoursScoresAndTheDetractorMapAsOnSqlite() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonArray hours = lead.get("/api/history/hours?agentId=agent-n1")
                .bodyAsJsonObject()
                .getJsonArray("hours");
        assertThat(hours).hasSize(16);
        JsonObject nine = hours.getJsonObject(9).getJsonObject("metrics");
        assertThat(nine.getJsonObject("nps").getInteger("n")).isEqualTo(2);
        assertThat(nine.getJsonObject("csat").getDouble("top2")).isEqualTo(0.5);

        JsonObject dist =
                lead.get("/api/history/nps-distribution?team=north&days=7").bodyAsJsonObject();
        assertThat(dist.getJsonObject("scores").getJsonArray("counts").encode()).isEqualTo("[0,0,0,1,0,0,1,1,0,1,2]");
        assertThat(dist.getJsonObject("center").getLong("n")).isEqualTo(7);

        JsonArray cells = lead.get("/api/history/detractor-map?team=north")
                .bodyAsJsonObject()
                .getJsonArray("cells");
        JsonObject wed14 = cells.getJsonObject(2 * 24 + 14);
        assertThat(wed14.getLong("n")).isEqualTo(3);
        assertThat(wed14.getLong("detractors")).isEqualTo(2);
        assertThat(ApiClient.login(server, "lead-s", "lead-password")
                        .get("/api/history/detractor-map?team=north")
                        .statusCode())
                .isEqualTo(404);
    }
}
