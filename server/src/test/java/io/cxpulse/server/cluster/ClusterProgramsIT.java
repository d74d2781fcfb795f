package io.cxpulse.server.cluster;

import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.programs.SurveyJson;
import io.cxpulse.testkit.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Survey programs on two nodes of one PostgreSQL store: a version an admin activates through one node reaches the
 * team's agents connected to either node within seconds, and only that team's; one whose message no node heard
 * reaches them at the nodes' next look at the store.
 */
class ClusterProgramsIT {
    /** How long an activation may take to reach an agent on any node. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    /** How long an activation whose message was lost may take: a node reads the activations every 30 s. */
    private static final Duration UNHEARD = Duration.ofSeconds(45);

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

    @Test
    void aVersionActivatedThroughOneNodeReachesTheTeamsAgentsOnEveryNode() throws Exception {
        Web adminA = rig.admin.at(rig.a.url());
        Web adminB = rig.admin.at(rig.b.url());
        String prompt = uploadPrompt(adminA, "prompts/en/csat.wav");
        HttpResponse<String> created = adminA.post(
                "/api/programs",
                new JsonObject()
                        .put("id", "effort")
                        .put("name", "Customer effort")
                        .put("survey", effortSurvey(prompt, 5)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String tokenB = rig.agent("agent-b", "north");
        String tokenA = rig.agent("agent-a", "north");
        String tokenSouth = rig.agent("agent-s", "south");

        try (TestAgent onB = TestAgent.hello(rig.vertx, rig.b.port(), "agent-b", tokenB);
                TestAgent onA = TestAgent.hello(rig.vertx, rig.a.port(), "agent-a", tokenA);
                TestAgent southOnB = TestAgent.hello(rig.vertx, rig.b.port(), "agent-s", tokenSouth)) {
            // Activated through A: the north agent connected to B has it within seconds, and so has A's.
            long sent = System.nanoTime();
            activate(adminA, "north", "effort", 1);
            Message received = onB.next();
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(received).isInstanceOfSatisfying(SurveyProgram.class, p -> {
                assertThat(p.programId()).isEqualTo("effort");
                assertThat(p.version()).isEqualTo(1);
            });
            assertThat(took)
                    .as("from the activation through A to the agent on B")
                    .isLessThan(PROMPTLY);
            assertThat(onA.next())
                    .isInstanceOfSatisfying(
                            SurveyProgram.class, p -> assertThat(p.version()).isEqualTo(1));

            // The south agent on B is sent no program: the next thing it hears is the ack of its own survey.
            southOnB.send(survey("s-1", "agent-s", System.currentTimeMillis(), 9, 5, 1));
            assertThat(southOnB.next()).isEqualTo(new Ack(List.of("s-1")));

            // B's agent reports the version ready; A's API shows it.
            onB.send(new SurveyProgramReady("effort", 1));
            Await.until(
                    "node A shows agent-b running effort v1",
                    Duration.ofSeconds(5),
                    () -> version(adminA, "agent-b") == 1);

            // The other way round: a second version saved and activated through B reaches the agent on A.
            HttpResponse<String> saved = adminB.post(
                    "/api/programs/effort/versions",
                    new JsonObject().put("survey", effortSurvey(prompt, 7)).put("note", "1-7 now"));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
            sent = System.nanoTime();
            activate(adminB, "north", "effort", 2);
            assertThat(onA.next()).isInstanceOfSatisfying(SurveyProgram.class, p -> {
                assertThat(p.version()).isEqualTo(2);
                assertThat(new JsonObject(p.survey())
                                .getJsonArray("questions")
                                .getJsonObject(0)
                                .getInteger("max"))
                        .isEqualTo(7);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .as("from the activation through B to the agent on A")
                    .isLessThan(PROMPTLY);
            assertThat(onB.next())
                    .isInstanceOfSatisfying(
                            SurveyProgram.class, p -> assertThat(p.version()).isEqualTo(2));

            // An activation no node heard of, as if its message had been lost: each node finds it at its next look
            // at the store, and the team's agents connected there receive it.
            try (Connection c = DriverManager.getConnection(rig.db.url());
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE team_programs SET version = 1, activated_ms = ? WHERE team_id = 'north'")) {
                ps.setLong(1, System.currentTimeMillis());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            for (TestAgent agent : List.of(onA, onB)) {
                assertThat(agent.next(UNHEARD))
                        .isInstanceOfSatisfying(
                                SurveyProgram.class,
                                p -> assertThat(p.version()).isEqualTo(1));
            }
        }
    }

    private static void activate(Web admin, String team, String programId, int version) {
        HttpResponse<String> r = admin.post(
                "/api/teams/" + team + "/program",
                new JsonObject().put("programId", programId).put("version", version));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** One of the agent's own recorded prompts, uploaded; returns its {@code sha256:} name. */
    private static String uploadPrompt(Web admin, String resource) throws IOException {
        byte[] wav;
        try (InputStream in = ClusterProgramsIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            wav = in.readAllBytes();
        }
        HttpResponse<String> r = admin.post("/api/prompts?name=csat.wav", "audio/wav", wav);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("prompt");
    }

    /** A one-question survey: effort on a 1-{@code max} scale. */
    private static JsonObject effortSurvey(String prompt, int max) {
        JsonObject en = new JsonObject().put("en", prompt);
        return new JsonObject()
                .put("languages", new JsonArray().add("en"))
                .put("invalid", en.copy())
                .put("questions", new JsonArray().add(SurveyJson.effort(max, en.copy())));
    }

    /** The version an agent reports ready in {@code GET /api/agents/programs}; 0 when none. */
    private static int version(Web admin, String agentId) {
        HttpResponse<String> r = admin.get("/api/agents/programs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (Object o : new JsonArray(r.body())) {
            JsonObject row = (JsonObject) o;
            if (row.getString("agentId").equals(agentId)) {
                Integer version = row.getInteger("version");
                return version == null ? 0 : version;
            }
        }
        return 0;
    }
}
