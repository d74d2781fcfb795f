package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.testkit.Await;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ingest and metrics on PostgreSQL. The database comes from system property {@code cx.pgUrl} or env {@code
 * CX_PG_URL} (user and password in the URL); each run works in a schema of its own, dropped afterwards.
 */
class PostgresStoreIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @BeforeEach
    void createSchema() throws Exception {
        target = StoreTarget.postgres(dir);
    }

    @AfterEach
    void dropSchema() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    private CxServer startServer() {
        return await(CxServer.start(target.config()));
    }

    @Test
    void storesIdempotentlyAndRebuildsMetricsFromPostgres() throws Exception {
        server = startServer();
        assertThat(server.store().dialect()).isEqualTo(Dialect.POSTGRESQL);
        String token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        long now = System.currentTimeMillis();
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-01", token)) {
            agent.send(survey("pg-1", "agent-01", now, 10, 5, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("pg-1")));
            assertThat(target.count("SELECT COUNT(*) FROM surveys WHERE event_id = 'pg-1' AND nps = 10"))
                    .isEqualTo(1);
            agent.send(survey("pg-1", "agent-01", now, 10, 5, 1));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("pg-1")));
            agent.send(survey("pg-2", "agent-01", now, 4, 2, 0));
            agent.send(call("pg-3", "agent-01", now, 120_000, 6_000));
            int acked = 0;
            while (acked < 2) {
                acked += ((Ack) agent.next()).eventIds().size();
            }
            agent.send(survey("pg-x", "agent-02", now, 4, 2, 0));
            assertThat(((ErrorMessage) agent.next()).code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
        }
        assertThat(target.count("SELECT COUNT(*) FROM surveys")).isEqualTo(2);
        assertThat(target.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
        // The alert follows its survey's commit.
        Await.until(
                "the detractor's alert",
                Duration.ofSeconds(5),
                () -> target.countQuietly("SELECT COUNT(*) FROM alerts WHERE id = 'pg-2' AND state = 'open'") == 1);
        assertThat(target.count("SELECT MAX(version) FROM schema_version")).isEqualTo(Migrations.latest());

        await(server.close());
        server = startServer();
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        JsonObject today = ApiClient.login(server, "boss", "boss-password")
                .agents()
                .getJsonArray("agents")
                .getJsonObject(0)
                .getJsonObject("today");
        assertThat(today.getJsonObject("nps").getInteger("n")).isEqualTo(2);
        assertThat(today.getJsonObject("nps").getDouble("score")).isEqualTo(0.0);
        assertThat(today.getJsonObject("csat").getDouble("mean")).isEqualTo(3.5);
        assertThat(today.getLong("calls")).isEqualTo(1);
        assertThat(ApiClient.login(server, "boss", "boss-password")
                        .alerts("open")
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo("pg-2");
    }
}
