package io.cxpulse.server;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.server.api.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --demo} center: provisioned idempotently, its roster served to loopback only while in demo mode. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void provisionsTheDemoCenterIdempotently() throws Exception {
        CxServer first = await(CxServer.start(ServerConfig.loopback(dir).withDemo(true)));
        JsonArray roster;
        String adminPassword;
        try {
            adminPassword = first.demoLogins().orElseThrow().adminPassword();
            assertThat(first.demoLogins().orElseThrow().supervisorPasswords())
                    .containsOnlyKeys("supervisor-north", "supervisor-south");
            roster = ApiClient.anonymous(first).get("/api/demo/agents").bodyAsJsonArray();
            assertThat(roster).hasSize(24);
            JsonObject a1 = roster.getJsonObject(0);
            assertThat(a1.getString("agentId")).isEqualTo("agent-01");
            assertThat(a1.getString("team")).isEqualTo("north");
            assertThat(roster.getJsonObject(1).getString("team")).isEqualTo("south");
            try (TestAgent agent = TestAgent.hello(first.vertx(), first.port(), "agent-01", a1.getString("token"))) {
                agent.send(survey("demo-1", "agent-01", System.currentTimeMillis(), 9, 4, 1));
                assertThat(agent.next()).isEqualTo(new Ack(List.of("demo-1")));
            }
            JsonObject me = ApiClient.login(first, "admin", adminPassword)
                    .get("/api/me")
                    .bodyAsJsonObject();
            assertThat(me.getString("role")).isEqualTo("admin");
            String north =
                    first.demoLogins().orElseThrow().supervisorPasswords().get("supervisor-north");
            assertThat(ApiClient.login(first, "supervisor-north", north)
                            .agents()
                            .getJsonArray("agents"))
                    .hasSize(12);
        } finally {
            await(first.close());
        }

        CxServer second = await(CxServer.start(ServerConfig.loopback(dir).withDemo(true)));
        try {
            // Tokens survive a restart (simulated agents keep working); the admin password does not.
            assertThat(ApiClient.anonymous(second).get("/api/demo/agents").bodyAsJsonArray())
                    .isEqualTo(roster);
            String again = second.demoLogins().orElseThrow().adminPassword();
            assertThat(again).isNotEqualTo(adminPassword);
            assertThat(ApiClient.anonymous(second)
                            .post(
                                    "/api/login",
                                    new JsonObject().put("username", "admin").put("password", adminPassword))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(second.initialAdminPassword()).isEmpty();
        } finally {
            await(second.close());
        }

        CxServer plain = await(CxServer.start(ServerConfig.loopback(dir)));
        try {
            assertThat(ApiClient.anonymous(plain).get("/api/demo/agents").statusCode())
                    .isEqualTo(404);
            assertThat(plain.demoLogins()).isEmpty();
        } finally {
            await(plain.close());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cx.db"));
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT COUNT(*) FROM agents WHERE demo_token IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("clear tokens left outside demo mode").isZero();
        }
    }

    @Test
    void aFreshNonDemoServerCreatesOneAdmin() {
        CxServer server = await(CxServer.start(ServerConfig.loopback(dir)));
        try {
            String password = server.initialAdminPassword().orElseThrow();
            assertThat(ApiClient.login(server, "admin", password).get("/api/me").statusCode())
                    .isEqualTo(200);
        } finally {
            await(server.close());
        }
        CxServer again = await(CxServer.start(ServerConfig.loopback(dir)));
        try {
            assertThat(again.initialAdminPassword()).isEmpty();
        } finally {
            await(again.close());
        }
    }
}
