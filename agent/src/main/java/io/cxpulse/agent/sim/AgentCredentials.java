package io.cxpulse.agent.sim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One agent's identity and secret, as a demo server hands them out or a credentials file lists them. */
public record AgentCredentials(String agentId, String token, String displayName, String team) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<AgentCredentials>> LIST = new TypeReference<>() {};

    public AgentCredentials {
        if (agentId == null || agentId.isBlank() || token == null || token.isBlank()) {
            throw new IllegalArgumentException("agent credentials need an agentId and a token");
        }
    }

    /**
     * The first {@code count} agents of a credentials file, or of a {@code --demo} server when there is no file.
     *
     * @throws IOException saying what is missing, ready to show to the user
     */
    public static List<AgentCredentials> forFleet(Path file, URI server, int count) throws IOException {
        List<AgentCredentials> all = file != null ? read(file) : fromDemoServer(server);
        if (all.size() < count) {
            throw new IOException("only " + all.size() + " agent credentials are available for " + count + " agents");
        }
        return List.copyOf(all.subList(0, count));
    }

    /** Reads a JSON array of {@code {"agentId", "token", "displayName", "team"}}. */
    public static List<AgentCredentials> read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), LIST);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read agent credentials from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Asks a server started with {@code --demo} for its demo agents (served to loopback clients only). */
    public static List<AgentCredentials> fromDemoServer(URI server) throws IOException {
        URI uri = server.resolve("/api/demo/agents");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri + " for demo agents", e);
        } catch (IOException e) {
            throw new IOException(
                    "cannot reach the server at " + server + " (" + e.getMessage() + "); is cx-server running?", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the server at " + server + " gave no demo agents (HTTP " + response.statusCode()
                    + "): start it with --demo, or pass --credentials FILE");
        }
        try {
            return JSON.readValue(response.body(), LIST);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("the server's demo agent list is unreadable: " + e.getMessage(), e);
        }
    }
}
