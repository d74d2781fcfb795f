package io.cxpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Welcome;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar with {@code --demo}, attacked as the log's readers would be: text users send with line breaks in it
 * (a login name, an agent's software string) must not start a line of the server's log.
 */
class LogForgingIT {
    private static final Pattern LISTENING = Pattern.compile("cx-server listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String FORGED = "12:00:00.000 INFO  ApiRoutes - User admin logged in";

    @TempDir
    Path dir;

    @Test
    void lineBreaksInUsernamesAndSoftwareAreEscapedInTheLog() throws Exception {
        Path jar = Path.of("target", "cx-server.jar").toAbsolutePath();
        assertThat(jar).as("built by mvn package before the integration tests").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = dir.resolve("stderr.log");
        Process server = new ProcessBuilder(
                        java.toString(), "-jar", jar.toString(), "--port", "0", "--data-dir", "data", "--demo")
                .directory(dir.toFile())
                .redirectError(stderr.toFile())
                .start();
        Vertx vertx = Vertx.vertx();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            Matcher listening = LISTENING.matcher(String.valueOf(out.readLine()));
            assertThat(listening.matches()).as("first line").isTrue();
            int port = Integer.parseInt(listening.group(1));
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                    .put("username", "mallory\n" + FORGED)
                                    .put("password", "guess")
                                    .encode()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(401);

            JsonArray roster = new JsonArray(http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/demo/agents"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            JsonObject first = roster.getJsonObject(0);
            try (TestAgent agent = TestAgent.connect(vertx, port)) {
                agent.send(new Hello(
                        first.getString("agentId"), first.getString("token"), "cx-agent\r\n" + FORGED + "\u2028x"));
                assertThat(agent.next()).isInstanceOf(Welcome.class);
            }

            // An upload to the API, without logging in, leaves no file in the working directory.
            HttpResponse<String> upload = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "multipart/form-data; boundary=XyZ")
                            .POST(HttpRequest.BodyPublishers.ofString("--XyZ\r\nContent-Disposition: form-data;"
                                    + " name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                                    + "payload\r\n--XyZ--\r\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(415);
            assertThat(dir.resolve("file-uploads")).doesNotExist();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> log = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(log).noneMatch(line -> line.startsWith(FORGED));
        assertThat(log).noneMatch(line -> line.startsWith("x") || line.contains("\u2028"));
        assertThat(log).anyMatch(line -> line.contains("Failed login for user mallory\\n" + FORGED));
        assertThat(log).anyMatch(line -> line.contains("(cx-agent\\r\\n" + FORGED + "\\u2028x)"));
    }
}
