package io.cxpulse.server.history;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.testkit.Requirements;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
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

    private String baseUrl;
    private String schema;
    private CxServer server;

    @BeforeEach
    void start() throws Exception {
        baseUrl = System.getProperty("cx.pgUrl", System.getenv("CX_PG_URL"));
        if (baseUrl == null || baseUrl.isBlank()) {
            Requirements.missing("no PostgreSQL: set -Dcx.pgUrl or CX_PG_URL to a jdbc:postgresql:// URL");
        }
        schema = "cx_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(baseUrl);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        server = ChartFixture.start(ServerConfig.loopback(dir).withDatabase(url, null, null), ChartFixture.clock());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(baseUrl);
                    Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
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
