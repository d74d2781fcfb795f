package io.cxpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as scripts use it: the exact start-up lines on stdout, then a clean stop on SIGTERM. */
class ServerJarIT {
    private static final Pattern LISTENING = Pattern.compile("cx-server listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern DASHBOARD =
            Pattern.compile("Dashboard: http://127\\.0\\.0\\.1:(\\d+)/  login: admin / (\\S+)");

    @TempDir
    Path dir;

    @Test
    void printsTheContractLinesAndStopsCleanly() throws Exception {
        Path jar = Path.of("target", "cx-server.jar");
        assertThat(jar).as("built by mvn package before the integration tests").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(
                        java.toString(),
                        "-jar",
                        jar.toString(),
                        "--port",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--demo")
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            Matcher listening = LISTENING.matcher(String.valueOf(out.readLine()));
            assertThat(listening.matches()).as("first line").isTrue();
            Matcher dashboard = DASHBOARD.matcher(String.valueOf(out.readLine()));
            assertThat(dashboard.matches()).as("second line").isTrue();
            assertThat(dashboard.group(1)).isEqualTo(listening.group(1));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.group(1) + "/api/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.group(1) + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"admin\",\"password\":\"" + dashboard.group(2) + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped on SIGTERM")
                    .isTrue();
        }
        assertThat(dir.resolve("data").resolve("cx.db")).exists();
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("Store writer stopped");
    }
}
