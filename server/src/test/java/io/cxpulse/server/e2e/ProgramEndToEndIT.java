package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.sim.SimulatedAgent;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.programs.SurveyJson;
import io.cxpulse.testkit.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A survey program from the dashboard's API to the callers: an admin uploads prompts, creates a program with a
 * {@code scale} question and activates it for a team; the team's simulated agents receive it over their link, fetch
 * its prompts, and their simulated callers answer it on the keypad; the stored results say which program and
 * version they answered. An agent that is offline while a new version is activated gets it when it reconnects.
 */
class ProgramEndToEndIT {
    private static final SimulatedAgent.Pace FAST = new SimulatedAgent.Pace(40, 10_000, 20_000, 500, 2_000);

    @TempDir
    Path dir;

    private static JsonObject survey(
            String greeting, String effort, int effortMax, String nps, String thanks, String invalid) {
        return new JsonObject()
                .put("languages", new JsonArray().add("en"))
                .put("greeting", new JsonObject().put("en", greeting))
                .put("thanks", new JsonObject().put("en", thanks))
                .put("invalid", new JsonObject().put("en", invalid))
                .put(
                        "questions",
                        new JsonArray()
                                .add(SurveyJson.effort(effortMax, SurveyJson.en(effort)))
                                .add(SurveyJson.nps(SurveyJson.en(nps))));
    }

    private static long promptFiles(Path programDir) throws IOException {
        try (Stream<Path> files = Files.list(programDir.resolve("prompts"))) {
            return files.filter(f -> f.toString().endsWith(".wav")).count();
        }
    }

    @Test
    void anActivatedProgramReachesTheTeamsAgentsAndTheirCallersAnswerIt() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            ApiClient admin = server.admin();
            List<AgentCredentials> members = server.teamMates(2);
            assertThat(members).hasSize(2);
            String team = members.get(0).team();

            String greeting = Loopback.uploadAgentPrompt(admin, "greeting.wav");
            String effort = Loopback.uploadAgentPrompt(admin, "csat.wav");
            String nps = Loopback.uploadAgentPrompt(admin, "nps.wav");
            String thanks = Loopback.uploadAgentPrompt(admin, "thanks.wav");
            String invalid = Loopback.uploadAgentPrompt(admin, "invalid.wav");
            HttpResponse<Buffer> created = admin.post(
                    "/api/programs",
                    new JsonObject()
                            .put("id", "effort")
                            .put("name", "Customer effort")
                            .put("survey", survey(greeting, effort, 7, nps, thanks, invalid)));
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            assertThat(admin.post(
                                    "/api/teams/" + team + "/program",
                                    new JsonObject().put("programId", "effort").put("version", 1))
                            .statusCode())
                    .isEqualTo(200);

            PromptLibrary prompts = new PromptLibrary();
            Path outboxA = dir.resolve("agent-a");
            Path outboxB = dir.resolve("agent-b");
            try (SimulatedAgent a = new SimulatedAgent(
                    members.get(0), 0, server.uri(), outboxA, FAST, SurveyDefinitions.defaultSurvey(), prompts, 7)) {
                SimulatedAgent b = new SimulatedAgent(
                        members.get(1), 1, server.uri(), outboxB, FAST, SurveyDefinitions.defaultSurvey(), prompts, 8);
                a.start();
                b.start();
                Await.until(
                        "both agents run effort v1",
                        Duration.ofSeconds(30),
                        () -> Integer.valueOf(1).equals(a.programVersion())
                                && Integer.valueOf(1).equals(b.programVersion()));
                assertThat(promptFiles(dir.resolve("agent-b.program"))).isEqualTo(5);
                b.close();

                // While b is offline the question changes: a new prompt and a 1-5 range make version 2.
                String effortV2 = Loopback.uploadAgentPrompt(admin, "resolved.wav");
                HttpResponse<Buffer> saved = admin.post(
                        "/api/programs/effort/versions",
                        new JsonObject().put("survey", survey(greeting, effortV2, 5, nps, thanks, invalid)));
                assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(201);
                assertThat(admin.post(
                                        "/api/teams/" + team + "/program",
                                        new JsonObject()
                                                .put("programId", "effort")
                                                .put("version", 2))
                                .statusCode())
                        .isEqualTo(200);
                Await.until(
                        "agent a runs effort v2",
                        Duration.ofSeconds(30),
                        () -> Integer.valueOf(2).equals(a.programVersion()));

                a.takeCall();
                assertThat(a.awaitIdle(Duration.ofSeconds(60))).isTrue();

                // b starts again from its disk with version 1, then takes version 2 from the server.
                try (SimulatedAgent again = new SimulatedAgent(
                        members.get(1),
                        1,
                        server.uri(),
                        outboxB,
                        FAST,
                        SurveyDefinitions.defaultSurvey(),
                        prompts,
                        9)) {
                    assertThat(again.programVersion())
                            .as("kept on disk for offline use")
                            .isEqualTo(1);
                    again.start();
                    Await.until(
                            "agent b runs effort v2 after reconnecting",
                            Duration.ofSeconds(30),
                            () -> Integer.valueOf(2).equals(again.programVersion()));
                    assertThat(promptFiles(dir.resolve("agent-b.program")))
                            .as("only the new prompt was fetched")
                            .isEqualTo(6);
                    again.takeCall();
                    assertThat(again.awaitIdle(Duration.ofSeconds(60))).isTrue();
                }
            }

            Await.until(
                    "both surveys of version 2 stored",
                    Duration.ofSeconds(10),
                    () -> count(
                                    server,
                                    "SELECT COUNT(*) FROM surveys WHERE survey_id = 'effort' AND survey_version = 2")
                            == 2);
            for (AgentCredentials member : members) {
                JsonObject stored = admin.get("/api/agents/" + member.agentId() + "/surveys")
                        .bodyAsJsonObject()
                        .getJsonArray("surveys")
                        .getJsonObject(0);
                assertThat(stored.getString("surveyId")).isEqualTo("effort");
                assertThat(stored.getInteger("version")).isEqualTo(2);
                JsonObject first = stored.getJsonArray("answers").getJsonObject(0);
                assertThat(first.getString("questionId")).isEqualTo("effort");
                assertThat(first.getString("kind")).isEqualTo("scale");
                if (first.getValue("value") != null) {
                    assertThat(first.getInteger("value")).isBetween(1, 5);
                }
            }
            JsonArray running = admin.get("/api/agents/programs").bodyAsJsonArray();
            for (AgentCredentials member : members) {
                JsonObject row = running.stream()
                        .map(o -> (JsonObject) o)
                        .filter(r -> r.getString("agentId").equals(member.agentId()))
                        .findFirst()
                        .orElseThrow();
                assertThat(row.getInteger("version")).as(row.encode()).isEqualTo(2);
                assertThat(row.getBoolean("current")).as(row.encode()).isTrue();
            }
        }
    }

    private static long count(Loopback server, String sql) {
        try {
            return server.count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
