package io.cxpulse.server.programs;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.TestSupport;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.testkit.Await;
import io.cxpulse.testkit.Requirements;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Survey programs through the API on a real server: prompts, versions, validation, activation, agents. */
class ProgramsIT {
    @TempDir
    Path dir;

    private CxServer server;
    private String northToken;
    private String southToken;
    private ApiClient admin;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        northToken = await(server.provisionAgent("agent-n1", "Nora North", "north"));
        southToken = await(server.provisionAgent("agent-s1", "Sam South", "south"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(server.provisionUser("lead-n", "lead-password", Role.SUPERVISOR, "north"));
        admin = ApiClient.login(server, "boss", "boss-password");
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    /** A one-language survey with a 1-7 effort scale, every prompt {@code prompt}. */
    static JsonObject effortSurvey(String prompt, String... languages) {
        JsonObject each = new JsonObject();
        for (String l : languages) {
            each.put(l, prompt);
        }
        return new JsonObject()
                .put("languages", new JsonArray(List.of((Object[]) languages)))
                .put("greeting", each.copy())
                .put("thanks", each.copy())
                .put("invalid", each.copy())
                .put(
                        "questions",
                        new JsonArray().add(SurveyJson.effort(7, each.copy())).add(SurveyJson.nps(each.copy())));
    }

    private static String error(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getString("error");
    }

    @Test
    void aRecordingIsConvertedToTheLineFormatAndServedByItsHashToSessionsAndAgents() throws Exception {
        byte[] recording = PromptAudioTest.tone(new AudioFormat(44_100, 16, 2, true, false), 440, 1.5);
        String prompt = admin.uploadPrompt("test.wav", recording);
        assertThat(prompt).matches("sha256:[0-9a-f]{64}");
        assertThat(admin.uploadPrompt("test.wav", recording))
                .as("the same audio is the same prompt")
                .isEqualTo(prompt);

        HttpResponse<Buffer> wav = admin.get("/api/prompts/" + prompt.substring(7));
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.getHeader("Content-Type")).isEqualTo("audio/wav");
        assertThat(PromptAudio.hash(wav.body().getBytes())).isEqualTo(prompt);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(
                new ByteArrayInputStream(wav.body().getBytes()))) {
            assertThat(in.getFormat().matches(PromptAudio.LINE_FORMAT)).isTrue();
            assertThat(in.getFrameLength()).isBetween(11_990L, 12_010L);
        }
        assertThat(admin.get("/api/prompts").bodyAsJsonArray().getJsonObject(0).getString("prompt"))
                .isEqualTo(prompt);

        WebClient plain = WebClient.create(server.vertx());
        String path = "/api/prompts/" + prompt.substring(7);
        assertThat(await(plain.get(server.port(), "127.0.0.1", path).send()).statusCode())
                .isEqualTo(401);
        HttpResponse<Buffer> asAgent = await(plain.get(server.port(), "127.0.0.1", path)
                .putHeader("Authorization", basic("agent-n1", northToken))
                .send());
        assertThat(asAgent.statusCode()).isEqualTo(200);
        assertThat(asAgent.body().getBytes()).isEqualTo(wav.body().getBytes());
        assertThat(await(plain.get(server.port(), "127.0.0.1", path)
                                .putHeader("Authorization", basic("agent-n1", southToken))
                                .send())
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<Buffer> notAudio = await(admin.session()
                .post("/api/prompts")
                .putHeader("Content-Type", "audio/wav")
                .sendBuffer(Buffer.buffer("hello")));
        assertThat(notAudio.statusCode()).isEqualTo(400);
        assertThat(error(notAudio)).contains("not a WAV file");
        HttpResponse<Buffer> asJson = admin.post("/api/prompts", new JsonObject());
        assertThat(asJson.statusCode()).isEqualTo(415);
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        HttpResponse<Buffer> byLead = await(lead.session()
                .post("/api/prompts")
                .putHeader("Content-Type", "audio/wav")
                .sendBuffer(Buffer.buffer(recording)));
        assertThat(byLead.statusCode()).isEqualTo(403);
    }

    @Test
    void aDraftVoiceIsSpokenFromTextAndMarkedAsADraft() throws Exception {
        Requirements.binary("espeak-ng");
        HttpResponse<Buffer> spoken = admin.post(
                "/api/prompts/speak",
                new JsonObject().put("text", "How easy was it?").put("language", "en"));
        assertThat(spoken.statusCode()).as(spoken.bodyAsString()).isEqualTo(201);
        JsonObject prompt = spoken.bodyAsJsonObject();
        assertThat(prompt.getBoolean("draft")).isTrue();
        assertThat(prompt.getLong("durationMs")).isBetween(500L, 5_000L);
        assertThat(prompt.getString("source")).isEqualTo("draft voice (en): How easy was it?");
        HttpResponse<Buffer> wav =
                admin.get("/api/prompts/" + prompt.getString("prompt").substring(7));
        assertThat(PromptAudio.hash(wav.body().getBytes())).isEqualTo(prompt.getString("prompt"));
        assertThat(admin.get("/api/prompts").bodyAsJsonArray().getJsonObject(0).getBoolean("draft"))
                .isTrue();
        HttpResponse<Buffer> badLanguage = admin.post(
                "/api/prompts/speak", new JsonObject().put("text", "hi").put("language", "../x"));
        assertThat(badLanguage.statusCode()).isEqualTo(400);
        assertThat(error(badLanguage)).startsWith("language:");
    }

    private static String basic(String agentId, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((agentId + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachSaveIsANewVersionAndTheOldOnesStayAsTheyWere() throws Exception {
        String prompt = admin.uploadPrompt("test.wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, 500, 0.5));
        HttpResponse<Buffer> created = admin.post(
                "/api/programs",
                new JsonObject()
                        .put("id", "effort")
                        .put("name", "Effort")
                        .put("survey", effortSurvey(prompt, "en"))
                        .put(
                                "audience",
                                new JsonObject().put("samplePercent", 50).put("repeatDays", 7)));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject v1 = created.bodyAsJsonObject();
        assertThat(v1.getInteger("version")).isEqualTo(1);
        assertThat(v1.getJsonObject("survey").getString("id")).isEqualTo("effort");
        assertThat(v1.getJsonObject("audience").getMap())
                .containsEntry("samplePercent", 50)
                .containsEntry("repeatDays", 7)
                .containsEntry("minTalkMs", null);

        JsonObject changed = effortSurvey(prompt, "en");
        changed.getJsonArray("questions").getJsonObject(0).put("max", 5);
        HttpResponse<Buffer> saved = admin.post(
                "/api/programs/effort/versions",
                new JsonObject().put("survey", changed).put("note", "1-5 now"));
        assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(201);
        assertThat(saved.bodyAsJsonObject().getInteger("version")).isEqualTo(2);

        JsonObject program = admin.get("/api/programs/effort").bodyAsJsonObject();
        assertThat(program.getJsonArray("versions").stream().map(o -> ((JsonObject) o).getInteger("version")))
                .containsExactly(2, 1);
        assertThat(program.getJsonObject("latest").getString("note")).isEqualTo("1-5 now");
        JsonObject first = admin.get("/api/programs/effort/versions/1").bodyAsJsonObject();
        assertThat(first.getJsonObject("survey")
                        .getJsonArray("questions")
                        .getJsonObject(0)
                        .getInteger("max"))
                .isEqualTo(7);
        assertThat(admin.get("/api/programs").bodyAsJsonObject().getJsonArray("programs"))
                .singleElement()
                .satisfies(o ->
                        assertThat(((JsonObject) o).getInteger("latestVersion")).isEqualTo(2));

        HttpResponse<Buffer> again = admin.post(
                "/api/programs",
                new JsonObject().put("id", "effort").put("name", "Effort").put("survey", changed));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(admin.get("/api/programs/effort/versions/3").statusCode()).isEqualTo(404);
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        assertThat(lead.post("/api/programs/effort/versions", new JsonObject().put("survey", changed))
                        .statusCode())
                .isEqualTo(403);
        assertThat(lead.get("/api/programs/effort").statusCode()).isEqualTo(200);
    }

    @Test
    void aSurveyThatBreaksARuleIsRefusedWithTheFieldNamed() throws Exception {
        String prompt = admin.uploadPrompt("test.wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, 500, 0.5));
        JsonObject missingZh = effortSurvey(prompt, "en");
        missingZh.put("languages", new JsonArray().add("en").add("zh"));
        assertThat(refusal(missingZh))
                .isEqualTo(
                        "survey: missing prompts: zh: greeting, invalid, thanks, questions[0] (id \"effort\").prompt,"
                                + " questions[1] (id \"nps\").prompt");

        JsonObject noZhQuestion = effortSurvey(prompt, "en", "zh");
        noZhQuestion
                .getJsonArray("questions")
                .getJsonObject(1)
                .getJsonObject("prompt")
                .remove("zh");
        noZhQuestion.getJsonObject("thanks").remove("en");
        assertThat(refusal(noZhQuestion))
                .isEqualTo("survey: missing prompts: en: thanks; zh: questions[1] (id \"nps\").prompt");

        JsonObject badRange = effortSurvey(prompt, "en");
        badRange.getJsonArray("questions").getJsonObject(0).put("min", 7);
        assertThat(refusal(badRange))
                .isEqualTo("survey: questions[0] (id \"effort\"): scale max 7 must be greater than min 7");

        String never = "sha256:" + "0".repeat(64);
        assertThat(refusal(effortSurvey(never, "en")))
                .isEqualTo("survey: greeting.en: prompt " + never + " has not been uploaded");
        assertThat(refusal(effortSurvey("greeting.wav", "en")))
                .isEqualTo("survey: greeting.en: must name an uploaded prompt (sha256:HEX), got \"greeting.wav\"");

        JsonObject badKind = effortSurvey(prompt, "en");
        badKind.getJsonArray("questions").getJsonObject(1).put("kind", "stars");
        assertThat(refusal(badKind))
                .isEqualTo("survey: questions[1] (id \"nps\").kind: \"stars\" is not one of csat, nps, yesno, scale");

        HttpResponse<Buffer> audience = admin.post(
                "/api/programs",
                new JsonObject()
                        .put("id", "effort")
                        .put("name", "Effort")
                        .put("survey", effortSurvey(prompt, "en"))
                        .put("audience", new JsonObject().put("samplePercent", 0)));
        assertThat(audience.statusCode()).isEqualTo(400);
        assertThat(error(audience)).isEqualTo("audience.samplePercent: must be a whole number 1-100, got 0");
        assertThat(admin.get("/api/programs/effort").statusCode())
                .as("nothing refused is stored")
                .isEqualTo(404);
    }

    private String refusal(JsonObject survey) {
        HttpResponse<Buffer> r = admin.post(
                "/api/programs",
                new JsonObject().put("id", "effort").put("name", "Effort").put("survey", survey));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        return error(r);
    }

    @Test
    void anActivatedVersionReachesTheTeamsAgentsAndTheirResultsSayWhichVersionTheyAnswered() throws Exception {
        String prompt = admin.uploadPrompt("test.wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, 500, 0.5));
        assertThat(admin.post(
                                "/api/programs",
                                new JsonObject()
                                        .put("id", "effort")
                                        .put("name", "Effort")
                                        .put("survey", effortSurvey(prompt, "en")))
                        .statusCode())
                .isEqualTo(201);
        try (TestAgent north = TestAgent.hello(server.vertx(), server.port(), "agent-n1", northToken);
                TestAgent south = TestAgent.hello(server.vertx(), server.port(), "agent-s1", southToken)) {
            HttpResponse<Buffer> activated = admin.post(
                    "/api/teams/north/program",
                    new JsonObject().put("programId", "effort").put("version", 1));
            assertThat(activated.statusCode()).as(activated.bodyAsString()).isEqualTo(200);
            Message pushed = north.next();
            assertThat(pushed).isInstanceOfSatisfying(SurveyProgram.class, p -> {
                assertThat(p.programId()).isEqualTo("effort");
                assertThat(p.version()).isEqualTo(1);
                assertThat(p.survey().get("questions"))
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .first()
                        .asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry("max", 7L);
                assertThat(p.audience()).isEqualTo(SurveyProgram.Audience.EVERY_CALL);
                assertThat(p.callerSalt())
                        .as("the center's salt for caller hashes")
                        .matches("[0-9a-f]{64}");
            });
            north.send(new SurveyProgramReady("effort", 1));
            Await.until(
                    "agent-n1 runs effort v1",
                    Duration.ofSeconds(10),
                    () -> admin.get("/api/agents/programs").bodyAsJsonArray().stream()
                            .map(o -> (JsonObject) o)
                            .anyMatch(a -> a.getString("agentId").equals("agent-n1") && a.getBoolean("current")));

            long now = System.currentTimeMillis();
            north.send(new SurveyResult(
                    "ev-1",
                    "agent-n1",
                    "call-1",
                    "en",
                    now - 20_000,
                    now,
                    SurveyStatus.COMPLETED,
                    List.of(
                            Answer.answered("effort", QuestionKind.SCALE, 6, 500),
                            Answer.answered("nps", QuestionKind.NPS, 9, 400)),
                    "effort",
                    1));
            assertThat(north.next()).isInstanceOf(Ack.class);
            // The south team has no program: its agent heard nothing of north's.
            south.send(TestSupport.call("ev-2", "agent-s1", now, 30_000, 0));
            assertThat(south.next()).isInstanceOf(Ack.class);
        }
        JsonObject stored = admin.get("/api/agents/agent-n1/surveys")
                .bodyAsJsonObject()
                .getJsonArray("surveys")
                .getJsonObject(0);
        assertThat(stored.getString("surveyId")).isEqualTo("effort");
        assertThat(stored.getInteger("version")).isEqualTo(1);
        JsonObject results =
                admin.get("/api/programs/effort/versions/1/results").bodyAsJsonObject();
        assertThat(results.getInteger("surveys")).isEqualTo(1);
        JsonObject effort = results.getJsonArray("questions").getJsonObject(0);
        assertThat(effort.getString("questionId")).isEqualTo("effort");
        assertThat(effort.getInteger("answered")).isEqualTo(1);
        assertThat(effort.getDouble("mean")).isEqualTo(6.0);
        assertThat(admin.get("/api/programs/effort/versions/1/results")
                        .bodyAsJsonObject()
                        .getJsonArray("questions")
                        .getJsonObject(1)
                        .getDouble("nps"))
                .isEqualTo(100.0);
        String csv =
                admin.get("/api/export/surveys.csv?surveyId=effort&version=1").bodyAsString();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).startsWith("ev-1,agent-n1,").endsWith(",effort,1");
        assertThat(admin.get("/api/export/surveys.csv?surveyId=effort&version=2")
                        .bodyAsString()
                        .split("\r\n"))
                .hasSize(1);
        JsonObject week =
                admin.get("/api/programs/effort/versions/1/results?days=7").bodyAsJsonObject();
        assertThat(week.getJsonArray("days")).hasSize(7);
        JsonObject today = week.getJsonArray("days").getJsonObject(6);
        assertThat(today.getInteger("surveys")).isEqualTo(1);
        assertThat(today.getJsonArray("questions").getJsonObject(0).getDouble("mean"))
                .isEqualTo(6.0);
        assertThat(week.getJsonArray("days").getJsonObject(0).getInteger("surveys"))
                .isZero();
        ApiClient northLead = ApiClient.login(server, "lead-n", "lead-password");
        assertThat(northLead
                        .get("/api/programs/effort/versions/1/results")
                        .bodyAsJsonObject()
                        .getInteger("surveys"))
                .as("the north supervisor sees north's surveys")
                .isEqualTo(1);
        JsonObject team = admin.get("/api/teams/north/program").bodyAsJsonObject();
        assertThat(team.getString("programId")).isEqualTo("effort");
        assertThat(team.getJsonObject("program").getJsonObject("survey").getString("id"))
                .isEqualTo("effort");
        assertThat(admin.get("/api/teams/south/program").statusCode()).isEqualTo(404);

        // An agent that connects later receives the active version at once.
        try (TestAgent north = TestAgent.hello(server.vertx(), server.port(), "agent-n1", northToken)) {
            assertThat(north.next())
                    .isInstanceOfSatisfying(
                            SurveyProgram.class, p -> assertThat(p.version()).isEqualTo(1));
        }
    }
}
