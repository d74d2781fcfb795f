package io.cxpulse.server.ops;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.live.SseClient;
import io.cxpulse.testkit.Await;
import io.cxpulse.testkit.Requirements;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} and {@code /api/ready} on a real server, read as Prometheus and a load balancer would. */
class OpsIT {
    private static final String TOKEN = "scrape-token-0123456789";

    @TempDir
    Path dir;

    private CxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            await(server.close());
        }
    }

    private String scrape() {
        HttpResponse<Buffer> r = ApiClient.anonymous(server).get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        return r.bodyAsString();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        assertThat(m.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsCountWhatTheServerDoes() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        String token = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();

        String before = scrape();
        assertThat(value(before, "cx_agents_connected")).isZero();
        assertThat(value(before, "cx_dashboards_connected")).isZero();
        assertThat(value(before, "cx_write_queue_depth")).isZero();
        assertThat(before).contains("jvm_memory_used_bytes", "jvm_gc_", "process_uptime_seconds");

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", token);
                SseClient live = new SseClient(server, boss.cookie())) {
            live.next("snapshot", d -> true);
            agent.send(survey("m-1", "agent-07", now, 2, 1, 0));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("m-1")));
            agent.send(survey("m-1", "agent-07", now, 2, 1, 0));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("m-1")));
            agent.send(call("m-2", "agent-07", now, 60_000, 0));
            assertThat(agent.next()).isEqualTo(new Ack(List.of("m-2")));

            // The topics are delivered asynchronously: wait until the counters caught up.
            Await.until(
                    "the alert is counted",
                    Duration.ofSeconds(10),
                    () -> scrape().contains("cx_alerts_raised_total 1.0"));
            String during = scrape();
            assertThat(value(during, "cx_agents_connected")).isEqualTo(1.0);
            assertThat(value(during, "cx_dashboards_connected")).isEqualTo(1.0);
            assertThat(value(during, "cx_events_committed_total{type=\"survey\"}"))
                    .as("the repeat is not counted")
                    .isEqualTo(1.0);
            assertThat(value(during, "cx_events_committed_total{type=\"call\"}"))
                    .isEqualTo(1.0);
            assertThat(value(during, "cx_commit_latency_seconds_count")).isEqualTo(3.0);
            assertThat(during).contains("cx_commit_latency_seconds_bucket{le=");
            assertThat(value(during, "cx_write_queue_depth")).isZero();
            // Vert.x's own meters, through vertx-micrometer-metrics.
            assertThat(during).contains("vertx_http_server_requests_total");
        }
        Await.until(
                "the agent and dashboard are gone",
                Duration.ofSeconds(10),
                () -> scrape().contains("cx_agents_connected 0.0") && scrape().contains("cx_dashboards_connected 0.0"));
    }

    @Test
    void readinessSaysWhetherTheStoreAnswers() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        HttpResponse<Buffer> ready = ApiClient.anonymous(server).get("/api/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getMap())
                .containsEntry("status", "ready")
                .containsEntry("store", "ok")
                .containsEntry("cluster", "none");
        assertThat(ApiClient.anonymous(server).get("/api/health").statusCode()).isEqualTo(200);

        server.store().close();
        HttpResponse<Buffer> down = ApiClient.anonymous(server).get("/api/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("not ready");
        assertThat(down.bodyAsJsonObject().getString("store")).isEqualTo("unavailable");
    }

    @Test
    void anotherMachineNeedsTheScrapeToken() throws Exception {
        InetAddress external = nonLoopbackAddress();
        ServerConfig config = new ServerConfig(
                        "0.0.0.0", 0, dir, false, null, null, null, ZoneId.systemDefault(), Clock.systemUTC())
                .withMetricsToken(TOKEN);
        server = await(CxServer.start(config));
        WebClient client = WebClient.create(
                server.vertx(),
                new WebClientOptions().setDefaultHost(external.getHostAddress()).setDefaultPort(server.port()));
        assertThat(await(client.get("/metrics").send()).statusCode()).isEqualTo(403);
        assertThat(await(client.get("/metrics")
                                .putHeader("Authorization", "Bearer not-the-token")
                                .send())
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<Buffer> ok = await(client.get("/metrics")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .send());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsString()).contains("cx_agents_connected");
        // Readiness is for load balancers, wherever they are.
        assertThat(await(client.get("/api/ready").send()).statusCode()).isEqualTo(200);
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        Requirements.missing("this machine has no non-loopback IPv4 address to scrape from");
        return null;
    }
}
