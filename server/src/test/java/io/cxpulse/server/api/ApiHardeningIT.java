package io.cxpulse.server.api;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.LoginThrottle;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.ingest.AgentSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against what an attacker tries on loopback: uploads, odd JSON, password spraying, stale tokens. */
class ApiHardeningIT {
    @TempDir
    Path dir;

    private CxServer server;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    @Test
    void multipartUploadsAreRefusedAndNothingIsWritten() throws IOException {
        Path uploads = Path.of("file-uploads");
        long before = files(uploads);
        ApiClient anonymous = ApiClient.anonymous(server);
        for (String path : new String[] {"/api/login", "/api/agents", "/api/no-such-thing", "/api/alerts/x/note"}) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<Buffer> r = await(anonymous
                        .session()
                        .post(path)
                        .sendMultipartForm(MultipartForm.create()
                                .attribute("username", "boss")
                                .binaryFileUpload(
                                        "file",
                                        "payload.bin",
                                        Buffer.buffer(new byte[20_000]),
                                        "application/octet-stream")));
                assertThat(r.statusCode()).as(path).isEqualTo(415);
                assertThat(r.bodyAsJsonObject().getString("error")).contains("no uploads");
            }
        }
        assertThat(files(uploads)).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("the data directory holds the store's files only")
                    .allMatch(name -> List.of("cx.db", "cx.db-wal", "cx.db-shm", "cx.db.lock")
                            .contains(name));
        }
        // The server still serves.
        assertThat(anonymous.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aJsonBodyThatIsNotAnObjectIsABadRequest() {
        ApiClient anonymous = ApiClient.anonymous(server);
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        for (String body : new String[] {"[1,2]", "123", "\"s\"", "true", "null"}) {
            HttpResponse<Buffer> login = await(anonymous
                    .session()
                    .post("/api/login")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body)));
            assertThat(login.statusCode()).as(body).isEqualTo(400);
            assertThat(login.bodyAsJsonObject().getString("error")).isEqualTo("the body must be a JSON object");

            HttpResponse<Buffer> agents = await(boss.session()
                    .post("/api/agents")
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body)));
            assertThat(agents.statusCode()).as(body).isEqualTo(400);
        }
        HttpResponse<Buffer> broken = await(anonymous
                .session()
                .post("/api/login")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"username\":")));
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    @Test
    void oneAddressTryingManyUsernamesIsSlowedDown() {
        ApiClient anonymous = ApiClient.anonymous(server);
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            HttpResponse<Buffer> r = anonymous.post(
                    "/api/login", new JsonObject().put("username", "user-" + i).put("password", "guess-" + i));
            if (r.statusCode() == 429) {
                refused++;
                assertThat(r.getHeader("Retry-After")).isNotNull();
                assertThat(r.bodyAsJsonObject().getString("error")).contains("from this address");
            } else {
                assertThat(r.statusCode()).isEqualTo(401);
            }
        }
        assertThat(refused).isEqualTo(30 - LoginThrottle.ADDRESS_FREE_FAILURES);
        // Even the right password waits: the address is held, not the user.
        assertThat(anonymous
                        .post(
                                "/api/login",
                                new JsonObject().put("username", "boss").put("password", "boss-password"))
                        .statusCode())
                .isEqualTo(429);
    }

    @Test
    void reKeyingThroughTheApiEndsTheOldTokensSockets() {
        String token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        try (TestAgent old = TestAgent.hello(server.vertx(), server.port(), "agent-07", token)) {
            HttpResponse<Buffer> r = boss.post(
                    "/api/agents",
                    new JsonObject()
                            .put("agentId", "agent-07")
                            .put("displayName", "Grace Mensah")
                            .put("team", "north"));
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(((ErrorMessage) old.next()).code()).isEqualTo(ErrorMessage.UNAUTHORIZED);
            assertThat(old.awaitClosed()).isEqualTo(AgentSocket.POLICY_VIOLATION);
        }
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
