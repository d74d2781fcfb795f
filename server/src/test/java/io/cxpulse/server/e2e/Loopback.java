package io.cxpulse.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestSupport;
import io.cxpulse.server.api.ApiClient;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real server on loopback for end-to-end tests, with what those tests read from it. */
final class Loopback implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final CxServer server;
    final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private Loopback(CxServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static Loopback start(Path dataDir, int port) throws Exception {
        CxServer server = await(
                CxServer.start(ServerConfig.loopback(dataDir).withDemo(true).withPort(port)));
        return new Loopback(server, dataDir);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create(server.url());
    }

    List<AgentCredentials> agents(int count) {
        return server.demoAgents().stream()
                .limit(count)
                .map(a -> new AgentCredentials(a.agentId(), a.token(), a.displayName(), a.team()))
                .toList();
    }

    /** The demo admin, logged in through the API. */
    ApiClient admin() {
        return ApiClient.login(
                server, "admin", server.demoLogins().orElseThrow().adminPassword());
    }

    /** Up to {@code count} demo agents of one team, the first demo agent's. */
    List<AgentCredentials> teamMates(int count) {
        List<AgentCredentials> all = agents(100);
        String team = all.get(0).team();
        return all.stream().filter(a -> a.team().equals(team)).limit(count).toList();
    }

    /** Uploads the agent's own English recording {@code name} as a prompt; returns its {@code sha256:} name. */
    static String uploadAgentPrompt(ApiClient admin, String name) throws IOException {
        try (InputStream in = SurveyDefinitions.class.getClassLoader().getResourceAsStream("prompts/en/" + name)) {
            return admin.uploadPrompt(name, in.readAllBytes());
        }
    }

    /** Logs in as the demo admin and returns the session cookie. */
    String adminSession() throws Exception {
        String body = JSON.createObjectNode()
                .put("username", "admin")
                .put("password", server.demoLogins().orElseThrow().adminPassword())
                .toString();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri().resolve("/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return r.headers().allValues("set-cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .findFirst()
                .orElseThrow();
    }

    /** Subscribes to the live stream as the admin; each {@code data:} payload lands in the returned queue. */
    BlockingQueue<JsonNode> live() throws Exception {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(uri().resolve("/api/live"))
                .header("Cookie", adminSession())
                .header("Accept", "text/event-stream")
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body()
                        .filter(line -> line.startsWith("data:"))
                        .forEach(line -> {
                            try {
                                events.add(JSON.readTree(line.substring(5)));
                            } catch (Exception e) {
                                throw new IllegalStateException("live stream sent unreadable data: " + line, e);
                            }
                        }));
        return events;
    }

    /** Waits for a live event that satisfies {@code test}. */
    static JsonNode awaitEvent(BlockingQueue<JsonNode> events, Duration timeout, Predicate<JsonNode> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && test.test(e)) {
                return e;
            }
        }
        return null;
    }

    /** A number read straight from the SQLite file, as any other reader of the store would. */
    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("cx.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        TestSupport.await(server.close());
    }
}
