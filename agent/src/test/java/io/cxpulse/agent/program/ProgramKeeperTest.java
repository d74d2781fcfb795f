package io.cxpulse.agent.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.protocol.Json;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's copy of its team's survey program, against a stand-in for the server's prompt route. */
class ProgramKeeperTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> fetched = new CopyOnWriteArrayList<>();
    private final List<ProgramKeeper.Ready> ready = new CopyOnWriteArrayList<>();
    private byte[] invalid;
    private byte[] question;

    @BeforeEach
    void start() throws IOException {
        invalid = resource("prompts/en/invalid.wav");
        question = resource("prompts/en/csat.wav");
        served.put(ProgramKeeper.hash(invalid), invalid);
        served.put(ProgramKeeper.hash(question), question);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/prompts/", exchange -> {
            String hex = exchange.getRequestURI().getPath().substring("/api/prompts/".length());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected =
                    "Basic " + Base64.getEncoder().encodeToString("agent-07:secret".getBytes(StandardCharsets.UTF_8));
            byte[] body = served.get(SurveyProgram.PROMPT_PREFIX + hex);
            int status = !expected.equals(auth) ? 401 : body == null ? 404 : 200;
            fetched.add(hex);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ProgramKeeperTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private ProgramKeeper keeper() throws IOException {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new ProgramKeeper(dir, "agent-07", "secret", () -> base, null, new PromptLibrary(), ready::add);
    }

    @SuppressWarnings("unchecked")
    private SurveyProgram program(int version, byte[] questionPrompt) throws Exception {
        String json = "{\"id\":\"effort\",\"languages\":[\"en\"],\"invalid\":{\"en\":\"" + ProgramKeeper.hash(invalid)
                + "\"},\"questions\":[{\"id\":\"effort\",\"kind\":\"scale\",\"min\":1,\"max\":7,\"prompt\":{\"en\":\""
                + ProgramKeeper.hash(questionPrompt) + "\"}}]}";
        return new SurveyProgram(
                "effort", version, (Map<String, Object>) Json.parse(json, 16), SurveyProgram.Audience.EVERY_CALL);
    }

    @Test
    void aProgramIsTakenUpOnceItsPromptsAreOnDiskAndKeptForTheNextStart() throws Exception {
        try (ProgramKeeper keeper = keeper()) {
            keeper.receive(program(1, question));
            Await.until("version 1 ready", Duration.ofSeconds(10), () -> keeper.current() != null);
            assertThat(keeper.current().survey().questions().get(0).kind()).isEqualTo(QuestionKind.SCALE);
            assertThat(keeper.promptsOnDisk()).hasSize(2);
            assertThat(fetched).hasSize(2);

            // Version 2 changes one prompt: only that one is fetched.
            byte[] other = resource("prompts/en/nps.wav");
            served.put(ProgramKeeper.hash(other), other);
            keeper.receive(program(2, other));
            Await.until(
                    "version 2 ready",
                    Duration.ofSeconds(10),
                    () -> keeper.current().program().version() == 2);
            assertThat(fetched).hasSize(3);
        }
        server.stop(0);
        // A restart without the server: the version kept on disk is asked.
        try (ProgramKeeper restarted = keeper()) {
            restarted.loadFromDisk();
            assertThat(restarted.current().program().version()).isEqualTo(2);
            assertThat(Files.exists(
                            Path.of(restarted.current().survey().invalid().get("en"))))
                    .isTrue();
        }
    }

    @Test
    void audioThatDoesNotMatchItsHashIsRefusedAndTheCurrentSurveyStays() throws Exception {
        byte[] tampered = resource("prompts/en/thanks.wav");
        try (ProgramKeeper keeper = keeper()) {
            keeper.receive(program(1, question));
            Await.until("version 1 ready", Duration.ofSeconds(10), () -> keeper.current() != null);
            served.put(ProgramKeeper.hash(tampered), invalid);
            keeper.receive(program(2, tampered));
            keeper.receive(program(1, question)); // queued after version 2: once it is handled, so is version 2
            Await.until("the server asked again", Duration.ofSeconds(10), () -> ready.size() == 2);
            assertThat(keeper.current().program().version()).isEqualTo(1);
            assertThat(keeper.promptsOnDisk()).doesNotContain(ProgramKeeper.hash(tampered));
        }
        try (ProgramKeeper restarted = keeper()) {
            restarted.loadFromDisk();
            assertThat(restarted.current().program().version()).isEqualTo(1);
        }
    }

    @Test
    void theCentersSaltArrivingWithAVersionAlreadyKeptIsTakenUpAndKeptOnDisk() throws Exception {
        String salt = "c0ffee00".repeat(8);
        SurveyProgram before = program(1, question);
        SurveyProgram withSalt = new SurveyProgram(before.programId(), 1, before.survey(), before.audience(), salt);
        try (ProgramKeeper keeper = keeper()) {
            keeper.receive(before);
            Await.until("version 1 ready", Duration.ofSeconds(10), () -> keeper.current() != null);
            keeper.receive(withSalt);
            Await.until("the salt is taken up", Duration.ofSeconds(10), () -> ready.size() == 2);
            assertThat(ready.get(1).program().callerSalt()).isEqualTo(salt);
            assertThat(fetched).as("nothing fetched again").hasSize(2);
        }
        try (ProgramKeeper restarted = keeper()) {
            restarted.loadFromDisk();
            assertThat(restarted.current().program()).isEqualTo(withSalt);
        }
    }
}
