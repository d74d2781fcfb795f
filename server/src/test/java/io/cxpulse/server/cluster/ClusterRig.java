package io.cxpulse.server.cluster;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.store.StoreTarget;
import io.cxpulse.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two cluster nodes on loopback sharing a PostgreSQL schema of their own, with haproxy in front: what a user deploys,
 * started as separate processes.
 */
final class ClusterRig implements AutoCloseable {
    private static final Pattern FIRST_ADMIN = Pattern.compile("Created the first dashboard user: admin / (\\S+) .*");

    final StoreTarget db;
    final NodeProcess a;
    final NodeProcess b;
    final Haproxy proxy;
    final String adminPassword;
    /** The admin, logged in through haproxy. */
    final Web admin;
    /** The test's own Vert.x, for the agents it connects to the nodes. */
    final Vertx vertx = Vertx.vertx();

    private ClusterRig(StoreTarget db, NodeProcess a, NodeProcess b, Haproxy proxy, String adminPassword, Web admin) {
        this.db = db;
        this.a = a;
        this.b = b;
        this.proxy = proxy;
        this.adminPassword = adminPassword;
        this.admin = admin;
    }

    static ClusterRig start(Path dir) throws Exception {
        Path haproxy = Haproxy.binary();
        StoreTarget db = StoreTarget.postgres(dir);
        NodeProcess a = null;
        NodeProcess b = null;
        Haproxy proxy = null;
        try {
            int[] ports = freePorts(5);
            List<Integer> members = List.of(ports[2], ports[3]);
            a = NodeProcess.start("a", dir, ports[0], db.url(), ports[2], members);
            Matcher first = FIRST_ADMIN.matcher(String.valueOf(a.line(10)));
            assertThat(first.matches())
                    .as("the first node made the first admin")
                    .isTrue();
            b = NodeProcess.start("b", dir, ports[1], db.url(), ports[3], members);
            for (NodeProcess n : List.of(a, b)) {
                Await.until(
                        "node " + n.name() + " is ready in its cluster",
                        Duration.ofSeconds(60),
                        () -> ready(n.url())
                                .map(r -> r.statusCode() == 200
                                        && new JsonObject(r.body())
                                                .getString("cluster")
                                                .equals("joined"))
                                .orElse(false));
            }
            proxy = Haproxy.start(haproxy, dir, ports[4], List.of(a, b));
            String proxyUrl = proxy.url();
            Await.until(
                    "haproxy serves",
                    Duration.ofSeconds(30),
                    () -> ready(proxyUrl).map(r -> r.statusCode() == 200).orElse(false));
            Web admin = Web.login(proxyUrl, "admin", first.group(1));
            return new ClusterRig(db, a, b, proxy, first.group(1), admin);
        } catch (Exception | AssertionError e) {
            for (AutoCloseable c : new AutoCloseable[] {proxy, b, a, db}) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
    }

    private static Optional<HttpResponse<String>> ready(String base) {
        try {
            return Optional.of(new Web(base, null).get("/api/ready"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    /** Creates an agent through haproxy and waits until both nodes know it; returns its token. */
    String agent(String agentId, String team) throws InterruptedException {
        HttpResponse<String> r = admin.post(
                "/api/agents",
                new JsonObject()
                        .put("agentId", agentId)
                        .put("displayName", "Agent " + agentId)
                        .put("team", team));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        for (NodeProcess n : List.of(a, b)) {
            Web there = admin.at(n.url());
            Await.until(
                    "node " + n.name() + " knows agent " + agentId,
                    Duration.ofSeconds(10),
                    () -> agent(there.json("/api/agents"), agentId) != null);
        }
        return new JsonObject(r.body()).getString("token");
    }

    /** An agent's entry in a metrics answer or event, or null. */
    static JsonObject agent(JsonObject metrics, String agentId) {
        for (Object o : metrics.getJsonArray("agents")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("agentId").equals(agentId)) {
                return a;
            }
        }
        return null;
    }

    /** An agent's NPS answers today in a metrics answer or event; -1 when the agent is not in it. */
    static long npsToday(JsonObject metrics, String agentId) {
        JsonObject a = agent(metrics, agentId);
        return a == null ? -1 : a.getJsonObject("today").getJsonObject("nps").getLong("n");
    }

    @Override
    public void close() throws SQLException {
        await(vertx.close());
        proxy.close();
        b.close();
        a.close();
        db.close();
    }
}
