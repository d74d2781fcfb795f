package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.call.CallerNumbers;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeat rule across agents, end to end: a team runs a survey program with a 30-day {@code repeatDays}; the
 * center's salt reaches both agents with it; agent A's caller is surveyed and the survey is stored with the caller's
 * hash; when the same caller reaches agent B, B asks the server as the call starts, hears "surveyed recently" and
 * does not ask the caller again at hang-up, while B's next, new caller is asked.
 */
class RepeatCallerEndToEndIT {
    /** Talk of two to three seconds: the server's answer comes back long before the hang-up. */
    private static final SimulatedAgent.Pace PACE = new SimulatedAgent.Pace(5, 10_000, 15_000, 500, 1_000);

    private static final String CALLER = "+4930123456";
    private static final String NEW_CALLER = "+4930555000";

    @TempDir
    Path dir;

    @Test
    void aCallerSurveyedByOneAgentIsNotAskedAgainByAnother() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            ApiClient admin = server.admin();
            List<AgentCredentials> members = server.teamMates(2);
            assertThat(members).hasSize(2);
            String team = members.get(0).team();

            String effort = Loopback.uploadAgentPrompt(admin, "csat.wav");
            String invalid = Loopback.uploadAgentPrompt(admin, "invalid.wav");
            JsonObject survey = new JsonObject()
                    .put("languages", new JsonArray().add("en"))
                    .put("invalid", new JsonObject().put("en", invalid))
                    .put("questions", new JsonArray().add(SurveyJson.effort(7, SurveyJson.en(effort))));
            HttpResponse<Buffer> created = admin.post(
                    "/api/programs",
                    new JsonObject()
                            .put("id", "effort")
                            .put("name", "Customer effort")
                            .put("survey", survey)
                            .put(
                                    "audience",
                                    new JsonObject()
                                            .put("minTalkMs", 0)
                                            .put("samplePercent", 100)
                                            .put("repeatDays", 30)));
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            assertThat(admin.post(
                                    "/api/teams/" + team + "/program",
                                    new JsonObject().put("programId", "effort").put("version", 1))
                            .statusCode())
                    .isEqualTo(200);

            PromptLibrary prompts = new PromptLibrary();
            try (SimulatedAgent a = new SimulatedAgent(
                            members.get(0),
                            0,
                            server.uri(),
                            dir.resolve("agent-a"),
                            PACE,
                            SurveyDefinitions.defaultSurvey(),
                            prompts,
                            11);
                    SimulatedAgent b = new SimulatedAgent(
                            members.get(1),
                            1,
                            server.uri(),
                            dir.resolve("agent-b"),
                            PACE,
                            SurveyDefinitions.defaultSurvey(),
                            prompts,
                            12)) {
                a.start();
                b.start();
                Await.until(
                        "both agents run effort v1",
                        Duration.ofSeconds(30),
                        () -> Integer.valueOf(1).equals(a.programVersion())
                                && Integer.valueOf(1).equals(b.programVersion()));

                a.takeCall(CALLER);
                assertThat(a.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(a.surveys()).isEqualTo(1);

                b.takeCall(CALLER);
                assertThat(b.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(b.surveys())
                        .as("the caller A surveyed is not asked by B")
                        .isZero();

                b.takeCall(NEW_CALLER);
                assertThat(b.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(b.surveys()).as("a new caller is asked").isEqualTo(1);
            }

            String salt;
            try (Connection c = DriverManager.getConnection(
                            "jdbc:sqlite:" + server.dataDir.resolve("cx.db").toAbsolutePath());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT value FROM settings WHERE name = 'caller_salt'")) {
                assertThat(rs.next()).isTrue();
                salt = rs.getString(1);
            }
            String hash = CallerNumbers.hash(salt, CALLER);
            String newHash = CallerNumbers.hash(salt, NEW_CALLER);
            String a = members.get(0).agentId();
            String b = members.get(1).agentId();
            assertThat(server.count("SELECT COUNT(*) FROM surveys WHERE caller_hash = '" + hash + "' AND agent_id = '"
                            + a + "'"))
                    .isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM calls WHERE caller_hash = '" + hash + "' AND agent_id = '" + b
                            + "' AND survey_offered = 0"))
                    .isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM surveys WHERE caller_hash = '" + newHash
                            + "' AND agent_id = '" + b + "'"))
                    .isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM calls WHERE caller_hash IS NOT NULL"))
                    .isEqualTo(3);
        }
    }
}
