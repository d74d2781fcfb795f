package io.cxpulse.server;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.link.PrivateCa;
import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.server.auth.Role;
import io.cxpulse.testkit.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key}: HTTPS and WSS with a certificate a private CA signed, trusted by the agent. */
class TlsIT {
    @TempDir
    Path dir;

    private TestCertificates certs;
    private CxServer server;

    @BeforeEach
    void start() throws Exception {
        certs = TestCertificates.make(dir.resolve("pki"));
        server = await(CxServer.start(
                ServerConfig.loopback(dir.resolve("data")).withTls(certs.serverCert(), certs.serverKey())));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            await(server.close());
        }
    }

    private WebClient https(Path ca) {
        return WebClient.create(
                server.vertx(),
                new WebClientOptions()
                        .setSsl(true)
                        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                        .setVerifyHost(true)
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(server.port()));
    }

    @Test
    void servesHttpsWithASecureSessionCookie() {
        assertThat(server.url()).startsWith("https://127.0.0.1:");
        WebClient client = https(certs.caCert());
        assertThat(await(client.get("/api/health").send()).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> login = await(client.post("/api/login")
                .sendJsonObject(new JsonObject().put("username", "boss").put("password", "boss-password")));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.cookies()).hasSize(1);
        assertThat(login.cookies().get(0))
                .startsWith("cx_session=")
                .containsIgnoringCase("HttpOnly")
                .contains("; Secure", "SameSite=Strict");

        // A client that does not trust the private CA gets no answer, and plain HTTP is not served.
        assertThatThrownBy(() ->
                        await(https(certs.otherCaCert()).get("/api/health").send()))
                .isInstanceOf(AssertionError.class);
        WebClient plain = WebClient.create(
                server.vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
        assertThatThrownBy(() -> await(plain.get("/api/health").send())).isInstanceOf(AssertionError.class);
    }

    @Test
    void anAgentTrustingThePrivateCaDeliversOverWss() throws Exception {
        String token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        URI https = URI.create(server.url());
        try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
            ServerLink link =
                    new ServerLink(https, "agent-07", token, outbox, s -> {}, PrivateCa.trusting(certs.caCert()));
            try {
                link.submit(survey("tls-1", "agent-07", System.currentTimeMillis(), 9, 5, 1));
                link.start();
                Await.until("outbox.size() == 0", Duration.ofSeconds(30), () -> outbox.size() == 0);
                assertThat(link.status().state()).isEqualTo(LinkStatus.State.ONLINE);
            } finally {
                link.close();
            }
        }
        try (Connection c = DriverManager.getConnection(
                        "jdbc:sqlite:" + dir.resolve("data").resolve("cx.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM surveys")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void anAgentTrustingAnotherCaDoesNotConnectAndKeepsItsEvents() throws Exception {
        String token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
            ServerLink link = new ServerLink(
                    URI.create(server.url()),
                    "agent-07",
                    token,
                    outbox,
                    s -> {},
                    PrivateCa.trusting(certs.otherCaCert()));
            try {
                link.submit(survey("tls-2", "agent-07", System.currentTimeMillis(), 9, 5, 1));
                link.start();
                Await.until(
                        "link.status().state() == OFFLINE",
                        Duration.ofSeconds(20),
                        () -> link.status().state() == LinkStatus.State.OFFLINE);
                assertThat(outbox.size()).isEqualTo(1);
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedWithItsName() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> PrivateCa.trusting(empty))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("empty.pem");
    }
}
