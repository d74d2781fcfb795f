package io.cxpulse.server.cluster;

import static io.cxpulse.server.TestSupport.survey;
import static io.cxpulse.server.cluster.ClusterRig.agent;
import static io.cxpulse.server.cluster.ClusterRig.npsToday;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.protocol.Ack;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.LoginThrottle;
import io.cxpulse.testkit.Await;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL store behind haproxy: any node serves any agent and any dashboard, with the same
 * figures, alerts, presence, sessions and login throttle; a node killed under load loses nothing it acknowledged.
 */
class ClusterIT {
    @TempDir
    Path dir;

    private ClusterRig rig;

    @BeforeEach
    void startCluster() throws Exception {
        rig = ClusterRig.start(dir);
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static boolean online(JsonObject metrics, String agentId) {
        JsonObject a = agent(metrics, agentId);
        return a != null && a.getBoolean("online");
    }

    @Test
    void anyNodeServesAnyAgentAndDashboard() throws Exception {
        Web adminA = rig.admin.at(rig.a.url());
        Web adminB = rig.admin.at(rig.b.url());
        // The session made through haproxy holds on either node.
        assertThat(adminA.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(adminB.get("/api/me").statusCode()).isEqualTo(200);
        String token = rig.agent("agent-x", "north");

        try (EventStream onA = new EventStream(adminA);
                EventStream onB = new EventStream(adminB);
                EventStream viaProxy = new EventStream(rig.admin)) {
            for (EventStream s : List.of(onA, onB, viaProxy)) {
                s.next("snapshot", m -> true, Duration.ofSeconds(10));
            }
            try (TestAgent agent = TestAgent.hello(rig.vertx, rig.a.port(), "agent-x", token)) {
                // Presence: connected to A, online on B's dashboard.
                onB.next("metrics", m -> online(m, "agent-x"), Duration.ofSeconds(5));

                // A survey committed through A is on B's dashboard (and through haproxy) within a second.
                long sent = System.nanoTime();
                agent.send(survey("x-1", "agent-x", System.currentTimeMillis(), 3, 2, 0));
                assertThat(agent.next()).isEqualTo(new Ack(List.of("x-1")));
                EventStream.Event seen = onB.next("metrics", m -> npsToday(m, "agent-x") == 1, Duration.ofSeconds(5));
                assertThat(Duration.ofNanos(seen.atNanos() - sent)).isLessThan(Duration.ofSeconds(1));
                viaProxy.next("metrics", m -> npsToday(m, "agent-x") == 1, Duration.ofSeconds(5));

                // The detractor's alert reaches both nodes' dashboards; acknowledged on B, it is acknowledged on A.
                onB.next("alert", a -> a.getString("id").equals("x-1"), Duration.ofSeconds(5));
                onA.next("alert", a -> a.getString("id").equals("x-1"), Duration.ofSeconds(5));
                assertThat(adminB.post("/api/alerts/x-1/acknowledge", new JsonObject())
                                .statusCode())
                        .isEqualTo(200);
                onA.next(
                        "alert",
                        a -> a.getString("id").equals("x-1")
                                && a.getString("state").equals("acknowledged")
                                && a.getString("updatedBy").equals("admin"),
                        Duration.ofSeconds(5));
                assertThat(adminA.get("/api/alerts?state=acknowledged").body()).contains("\"x-1\"");
            }
            // Gone from A: offline on B.
            onB.next("metrics", m -> agent(m, "agent-x") != null && !online(m, "agent-x"), Duration.ofSeconds(5));

            // An agent's WebSocket through haproxy; the figures are the same on both nodes.
            try (TestAgent agent = TestAgent.hello(rig.vertx, rig.proxy.port(), "agent-x", token)) {
                agent.send(survey("x-2", "agent-x", System.currentTimeMillis(), 10, 5, 1));
                assertThat(agent.next()).isEqualTo(new Ack(List.of("x-2")));
                for (Web w : List.of(adminA, adminB)) {
                    Await.until(
                            "both surveys counted once at " + w.base,
                            Duration.ofSeconds(5),
                            () -> npsToday(w.json("/api/agents"), "agent-x") == 2);
                }
                onA.next("metrics", m -> online(m, "agent-x"), Duration.ofSeconds(5));
                onB.next("metrics", m -> online(m, "agent-x"), Duration.ofSeconds(5));
            }
        }

        // A logout on B ends that session's stream on A, and the session on A.
        Web second = Web.login(rig.a.url(), "admin", rig.adminPassword);
        try (EventStream stream = new EventStream(second)) {
            stream.next("snapshot", m -> true, Duration.ofSeconds(10));
            assertThat(second.at(rig.b.url())
                            .post("/api/logout", new JsonObject())
                            .statusCode())
                    .isEqualTo(204);
            Await.until("the stream on A ended", Duration.ofSeconds(5), stream::ended);
        }
        assertThat(second.get("/api/me").statusCode()).isEqualTo(401);
        assertThat(adminA.get("/api/me").statusCode()).isEqualTo(200);
    }

    @Test
    void theLoginThrottleHoldsAcrossNodes() {
        // Guesses spread over both nodes count together.
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            String node = i % 2 == 0 ? rig.a.url() : rig.b.url();
            assertThat(new Web(node, null)
                            .post(
                                    "/api/login",
                                    new JsonObject().put("username", "boss").put("password", "guess-" + i))
                            .statusCode())
                    .isEqualTo(401);
        }
        for (String node : List.of(rig.a.url(), rig.b.url(), rig.proxy.url())) {
            assertThat(new Web(node, null)
                            .post(
                                    "/api/login",
                                    new JsonObject().put("username", "boss").put("password", "guess"))
                            .statusCode())
                    .as("at " + node)
                    .isEqualTo(429);
        }
    }

    @Test
    void aNodeKilledUnderLoadLosesNothingAndTheOtherCarriesOn() throws Exception {
        int agents = 6;
        int perAgent = 150;
        List<String> ids = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < agents; i++) {
            String id = "load-" + i;
            ids.add(id);
            tokens.put(id, rig.agent(id, i % 2 == 0 ? "north" : "south"));
        }
        Web adminB = rig.admin.at(rig.b.url());
        List<Outbox> outboxes = new ArrayList<>();
        List<ServerLink> links = new ArrayList<>();
        try (EventStream onB = new EventStream(adminB)) {
            onB.next("snapshot", m -> true, Duration.ofSeconds(10));
            for (int i = 0; i < agents; i++) {
                String id = ids.get(i);
                Outbox outbox = Outbox.open(dir.resolve("agent-" + id));
                // Half go through haproxy; half know both nodes and start with the one that will be killed.
                List<URI> servers = i % 2 == 0
                        ? List.of(URI.create(rig.proxy.url()))
                        : List.of(URI.create(rig.a.url()), URI.create(rig.b.url()));
                ServerLink link = new ServerLink(servers, id, tokens.get(id), outbox, s -> {});
                link.start();
                outboxes.add(outbox);
                links.add(link);
            }
            // One more agent, connected to A only and never reconnecting: offline once A is gone.
            String lone = "lone-agent";
            TestAgent loneAgent = TestAgent.hello(rig.vertx, rig.a.port(), lone, rig.agent(lone, "north"));
            onB.next("metrics", m -> online(m, lone), Duration.ofSeconds(5));
            AtomicInteger submitted = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                ServerLink link = links.get(i);
                String id = ids.get(i);
                Thread t = new Thread(() -> {
                    try {
                        for (int n = 0; n < perAgent; n++) {
                            link.submit(survey(id + "-" + n, id, System.currentTimeMillis(), 9, 5, 1));
                            submitted.incrementAndGet();
                            Thread.sleep(30);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                senders.add(t);
            }
            // Under load, with part of the events acknowledged by A: A dies without a word.
            Await.until(
                    "a third of the events submitted",
                    Duration.ofSeconds(30),
                    () -> submitted.get() >= agents * perAgent / 3);
            Await.until(
                    "A has acknowledged events",
                    Duration.ofSeconds(10),
                    () -> rig.db.countQuietly("SELECT COUNT(*) FROM surveys") > 0);
            rig.a.kill9();
            long killed = System.nanoTime();
            for (Thread t : senders) {
                t.join(60_000);
            }
            Await.until(
                    "every agent's outbox acknowledged",
                    Duration.ofSeconds(90),
                    () -> outboxes.stream().allMatch(o -> o.size() == 0));

            // Nothing acknowledged is lost, nothing is stored twice.
            assertThat(rig.db.count("SELECT COUNT(*) FROM surveys")).isEqualTo((long) agents * perAgent);
            assertThat(rig.db.count("SELECT COUNT(*) FROM event_ids")).isEqualTo((long) agents * perAgent);

            // B's dashboard kept updating after the kill, and ends on the exact figures: nothing counted twice.
            Map<String, Long> latest = new HashMap<>();
            boolean updatedAfterKill = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(updatedAfterKill && ids.stream().allMatch(id -> latest.getOrDefault(id, -1L) == perAgent))) {
                assertThat(System.nanoTime())
                        .as("B's dashboard reached the exact figures")
                        .isLessThan(deadline);
                EventStream.Event e = onB.poll(Duration.ofSeconds(1));
                if (e == null || !(e.name().equals("metrics") || e.name().equals("snapshot"))) {
                    continue;
                }
                if (e.atNanos() > killed) {
                    updatedAfterKill = true;
                }
                for (String id : ids) {
                    long n = npsToday(e.data(), id);
                    if (n >= 0) {
                        assertThat(n).as("never more than was sent").isLessThanOrEqualTo(perAgent);
                        latest.put(id, n);
                    }
                }
            }
            // The agent that was on A only is offline on B.
            Await.until(
                    "the agent that was on A only is offline on B",
                    Duration.ofSeconds(30),
                    () -> !online(adminB.json("/api/agents"), lone));
            loneAgent.close();
            JsonObject onNodeB = adminB.json("/api/agents");
            for (String id : ids) {
                assertThat(npsToday(onNodeB, id)).isEqualTo(perAgent);
                // Every agent moved to B.
                assertThat(online(onNodeB, id)).as(id + " online").isTrue();
            }
            assertThat(rig.proxy.url())
                    .satisfies(
                            u -> assertThat(new Web(u, null).get("/api/ready").statusCode())
                                    .isEqualTo(200));
        } finally {
            for (ServerLink l : links) {
                l.close();
            }
            for (Outbox o : outboxes) {
                o.close();
            }
        }
    }
}
