package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.cli.AgentMain;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.sim.SimulatedAgent;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Enrolment end to end: an admin makes a one-time code through the API, the desk's set-up takes it and receives the
 * agent's token (stored owner-only, never printed), and the first call's survey reaches the server's store with it.
 */
class EnrolmentIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimulatedAgent.Pace FAST = new SimulatedAgent.Pace(40, 10_000, 20_000, 500, 2_000);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCodeFromTheAdminEnrolsTheDeskAndItsFirstSurveyIsStored() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            String admin = server.adminSession();
            HttpResponse<String> made = post(
                    server,
                    "/api/enrolments",
                    admin,
                    "{\"agentId\":\"agent-new\",\"displayName\":\"Lena Park\",\"team\":\"north\"}");
            assertThat(made.statusCode()).isEqualTo(201);
            String code = JSON.readTree(made.body()).path("code").asText();
            assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
            long expires = JSON.readTree(made.body()).path("expiresAtMs").asLong();
            assertThat(expires - System.currentTimeMillis()).isBetween(23 * 3_600_000L, 24 * 3_600_000L);

            Path config = dir.resolve("config").resolve(AgentPaths.CONFIG_FILE);
            String typed = code.toLowerCase().replace("-", " "); // as an agent might type it
            StringWriter out = new StringWriter();
            CommandLine cli = AgentMain.commandLine();
            cli.setOut(new PrintWriter(out, true));
            int status = cli.execute(
                    "setup",
                    "--server",
                    server.uri().toString(),
                    "--code",
                    typed,
                    "--playback",
                    FakeMixerProvider.LOOPBACK,
                    "--capture",
                    FakeMixerProvider.LOOPBACK,
                    "--self-test",
                    "--config",
                    config.toString(),
                    "--sysfs",
                    dir.resolve("no-sys").toString(),
                    "--dev",
                    dir.resolve("no-dev").toString());

            assertThat(status).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains("selftest PASS")
                    .contains("enrol    ok   as agent-new (Lena Park)")
                    .contains("config   ok   wrote " + config);
            String token = AgentConfig.readToken(config);
            assertThat(out.toString()).doesNotContain(token);
            assertThat(Files.getPosixFilePermissions(AgentConfig.tokenFile(config)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            AgentConfig written = AgentConfig.load(config, AgentPaths.forThisUser());
            assertThat(written.agentId()).isEqualTo("agent-new");

            // The code works once.
            HttpResponse<String> again = post(server, "/api/enrol", null, "{\"code\":\"" + code + "\"}");
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(again.body()).contains("unknown, used or expired enrolment code");

            // The desk's first call, with the token the set-up received: its survey is stored on the server.
            SimulatedAgent desk = new SimulatedAgent(
                    new AgentCredentials(written.agentId(), token, "Lena Park", "north"),
                    0,
                    written.server(),
                    dir.resolve("outbox"),
                    FAST,
                    SurveyDefinitions.defaultSurvey(),
                    new PromptLibrary(),
                    7);
            desk.start();
            desk.takeCall();
            assertThat(desk.awaitIdle(Duration.ofSeconds(60))).isTrue();
            Await.until(
                    "the first survey of agent-new stored",
                    Duration.ofSeconds(10),
                    () -> count(server, "SELECT COUNT(*) FROM surveys WHERE agent_id = 'agent-new'") == 1);
        }
    }

    @Test
    void onlyAnAdminMakesCodesAndAnUnknownCodeIsRefused() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            assertThat(post(server, "/api/enrolments", null, "{\"agentId\":\"x\"}")
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<String> unknownAgent =
                    post(server, "/api/enrolments", server.adminSession(), "{\"agentId\":\"nobody\"}");
            assertThat(unknownAgent.statusCode()).isEqualTo(400);
            assertThat(unknownAgent.body()).contains("give its displayName and team");
            HttpResponse<String> bad = post(server, "/api/enrol", null, "{\"code\":\"AAAA-BBBB-CCCC\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode error = JSON.readTree(bad.body());
            assertThat(error.path("error").asText()).isEqualTo("unknown, used or expired enrolment code");
        }
    }

    @Test
    void aCodeOutlivesARestartAndWrongCodesAreThrottledPerAddress() throws Exception {
        Path data = dir.resolve("server");
        String code;
        try (Loopback server = Loopback.start(data, 0)) {
            HttpResponse<String> made = post(
                    server,
                    "/api/enrolments",
                    server.adminSession(),
                    "{\"agentId\":\"agent-new\",\"displayName\":\"Lena Park\",\"team\":\"north\"}");
            code = JSON.readTree(made.body()).path("code").asText();
        }
        try (Loopback server = Loopback.start(data, 0)) {
            HttpResponse<String> pending = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/api/enrolments"))
                            .header("Cookie", server.adminSession())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pending.statusCode()).isEqualTo(200);
            JsonNode listed = JSON.readTree(pending.body()).path("enrolments");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("agentId").asText()).isEqualTo("agent-new");
            assertThat(listed.get(0).path("createdBy").asText()).isEqualTo("admin");
            assertThat(pending.body()).doesNotContain(code).doesNotContain(code.replace("-", ""));

            for (int i = 0; i < 5; i++) {
                assertThat(post(server, "/api/enrol", null, "{\"code\":\"AAAA-BBBB-CCC" + i + "\"}")
                                .statusCode())
                        .isEqualTo(400);
            }
            HttpResponse<String> held = post(server, "/api/enrol", null, "{\"code\":\"" + code + "\"}");
            assertThat(held.statusCode()).isEqualTo(429);
            assertThat(held.headers().firstValue("Retry-After")).contains("30");
            assertThat(held.body()).contains("too many wrong enrolment codes from this address");
        }
        // The throttle is the running server's; the code, unused while held, is still good.
        try (Loopback server = Loopback.start(data, 0)) {
            HttpResponse<String> enrolled = post(server, "/api/enrol", null, "{\"code\":\"" + code + "\"}");
            assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
            assertThat(JSON.readTree(enrolled.body()).path("agentId").asText()).isEqualTo("agent-new");
        }
    }

    private HttpResponse<String> post(Loopback server, String path, String cookie, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Loopback server, String sql) {
        try {
            return server.count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
