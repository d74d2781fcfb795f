package io.cxpulse.server.programs;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyEngine;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The survey programs panel in real headless Chromium: an admin edits a question, uploads a prompt recording,
 * saves a new version, walks the flow in the preview with on-screen keys, activates the version for a team, and
 * sees which version the team's agent runs.
 */
class ProgramsDashboardIT {
    private static final String QUESTION = "#programs .pg-question[data-index='0']";

    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;
    private WebDriverWait wait;
    private String token;

    @BeforeEach
    void start() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data"))));
        token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        browser = HeadlessChromium.start(dir, 1400, 2400);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    private String text(String css) {
        return HeadlessChromium.text(browser, css);
    }

    private WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void click(String css) {
        HeadlessChromium.click(wait, css);
    }

    private void key(String k) {
        click("#programs .pg-key[data-key='" + k + "']");
    }

    @Test
    void anAdminEditsUploadsPreviewsAndActivates() throws Exception {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        String prompt = boss.uploadPrompt("test.wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, 500, 0.5));
        HttpResponse<Buffer> created = boss.post(
                "/api/programs",
                new JsonObject()
                        .put("id", "effort")
                        .put("name", "Customer effort")
                        .put("survey", ProgramsIT.effortSurvey(prompt, "en")));
        assertThat(created.statusCode()).isEqualTo(201);

        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        find("#pg-pick");
        wait.until(d -> new Select(d.findElement(By.id("pg-pick"))).getOptions().size() == 2);
        new Select(browser.findElement(By.id("pg-pick"))).selectByValue("effort");
        find(QUESTION + " .q-max");

        // Edit: the effort scale becomes 1-5, and its prompt a new recording uploaded from a file.
        WebElement max = browser.findElement(By.cssSelector(QUESTION + " .q-max"));
        max.clear();
        max.sendKeys("5");
        Path recording = dir.resolve("effort-question.wav");
        Files.write(recording, PromptAudioTest.tone(new AudioFormat(44_100, 16, 2, true, false), 700, 1.2));
        browser.findElement(By.cssSelector(QUESTION + " .pg-prompt[data-lang='en'] .pg-file"))
                .sendKeys(recording.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(QUESTION + " .pg-prompt[data-lang='en'] .pg-hash"), "1.2 s"));
        String uploaded = text(QUESTION + " .pg-prompt[data-lang='en'] .pg-hash");
        find("#programs .pg-note").sendKeys("effort 1-5, new recording");
        click("#programs .pg-save");
        wait.until(ExpectedConditions.textToBe(By.id("pg-status"), "Saved version 2."));
        JsonObject v2 = boss.get("/api/programs/effort/versions/2").bodyAsJsonObject();
        JsonObject effort = v2.getJsonObject("survey").getJsonArray("questions").getJsonObject(0);
        assertThat(effort.getInteger("max")).isEqualTo(5);
        String newPrompt = effort.getJsonObject("prompt").getString("en");
        assertThat(newPrompt).isNotEqualTo(prompt).endsWith(uploaded.substring(1, 9));
        assertThat(v2.getString("note")).isEqualTo("effort 1-5, new recording");
        screenshot("programs-edited.png");

        // Preview: each prompt plays from the server; 9 is not on a 1-5 scale, 4 is; NPS 10 takes two keys.
        click("#programs .pg-start");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "Question 1 of 2: effort"));
        assertThat(browser.findElement(By.id("pg-audio")).getAttribute("src")).contains("/api/prompts/");
        key("9");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "Not a valid choice"));
        key("4");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "Question 2 of 2: nps"));
        assertThat(browser.findElement(By.id("pg-audio")).getAttribute("src"))
                .endsWith("/api/prompts/" + prompt.substring(7));
        key("1");
        key("0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "the survey is over"));
        assertThat(text("#pg-answers")).contains("effort: 4").contains("nps: 10");
        screenshot("programs-preview.png");

        // Activate version 2 for north; the team's agent receives it and says it is ready.
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-01", token)) {
            new Select(find("#pg-activate .pg-version")).selectByValue("2");
            new Select(browser.findElement(By.cssSelector("#pg-activate .pg-team"))).selectByValue("north");
            click("#pg-activate .pg-activate-button");
            wait.until(ExpectedConditions.textToBe(By.id("pg-status"), "Team north runs effort v2."));
            wait.until(ExpectedConditions.textToBe(
                    By.cssSelector("#pg-teams tr[data-team='north'] .pg-runs"), "effort v2"));
            assertThat(agent.next())
                    .isInstanceOfSatisfying(
                            SurveyProgram.class, p -> assertThat(p.version()).isEqualTo(2));
            agent.send(new SurveyProgramReady("effort", 2));
            long now = System.currentTimeMillis();
            agent.send(new SurveyResult(
                    "ev-1",
                    "agent-01",
                    "call-1",
                    "en",
                    now - 20_000,
                    now,
                    SurveyStatus.COMPLETED,
                    List.of(
                            Answer.answered("effort", QuestionKind.SCALE, 4, 500),
                            Answer.answered("nps", QuestionKind.NPS, 10, 400)),
                    "effort",
                    2));
            assertThat(agent.next()).isInstanceOf(Ack.class);
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(
                    By.cssSelector("#pg-agents tr[data-agent='agent-01'] .pg-agent-version"), "effort v2"));
            assertThat(text("#pg-agents tr[data-agent='agent-01'] .pg-current")).isEqualTo("up to date");
        }
        assertThat(boss.get("/api/teams/north/program").bodyAsJsonObject().getInteger("version"))
                .isEqualTo(2);

        // The figures of version 2 alone, question by question.
        new Select(find("#pg-pick")).selectByValue("effort");
        new Select(find("#pg-figures .pg-figures-version")).selectByValue("2");
        click("#pg-figures .pg-figures-show");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#pg-figures .pg-figures-summary"), "v2: 1 surveys"));
        assertThat(text("#pg-figures tr[data-question='effort']")).isEqualTo("effort scale 1-5 1 4 – 4: 1");
        assertThat(text("#pg-figures tr[data-question='nps']")).isEqualTo("nps nps 0-10 1 10 100 10: 1");
        new Select(find("#pg-figures .pg-figures-version")).selectByValue("1");
        click("#pg-figures .pg-figures-show");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#pg-figures .pg-figures-summary"), "v1: 0 surveys"));

        // A refusal names the field.
        new Select(find("#pg-pick")).selectByValue("effort");
        WebElement min = find(QUESTION + " .q-min");
        min.clear();
        min.sendKeys("6");
        click("#programs .pg-save");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("pg-error"), "questions[0] (id \"effort\"): scale max 5 must be greater than min 6"));
        screenshot("programs-refused.png");
    }

    @Test
    void anAdminSetsALanguageChoiceAndThePreviewAsksItFirst() throws Exception {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        String prompt = boss.uploadPrompt("test.wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, 500, 0.5));
        HttpResponse<Buffer> created = boss.post(
                "/api/programs",
                new JsonObject()
                        .put("id", "bilingual")
                        .put("name", "Bilingual effort")
                        .put("survey", ProgramsIT.effortSurvey(prompt, "en", "zh")));
        assertThat(created.statusCode()).isEqualTo(201);

        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        find("#pg-pick");
        wait.until(d -> new Select(d.findElement(By.id("pg-pick"))).getOptions().size() == 2);
        new Select(browser.findElement(By.id("pg-pick"))).selectByValue("bilingual");
        click("#programs .pg-choice-on");

        // One key per language, 1 for English as offered and 3 for Chinese, and a recorded choice prompt.
        WebElement english = find("#programs .pg-choice-key[data-lang='en']");
        assertThat(english.getAttribute("value")).isEqualTo("1");
        WebElement chinese = find("#programs .pg-choice-key[data-lang='zh']");
        assertThat(chinese.getAttribute("value")).isEqualTo("2");
        chinese.clear();
        chinese.sendKeys("3");
        String slot = "#programs .pg-row[data-where='languageChoice'] .pg-prompt";
        Path recording = dir.resolve("language-choice.wav");
        Files.write(recording, PromptAudioTest.tone(new AudioFormat(44_100, 16, 2, true, false), 600, 0.8));
        browser.findElement(By.cssSelector(slot + " .pg-file")).sendKeys(recording.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(slot + " .pg-hash"), "0.8 s"));
        String uploaded = text(slot + " .pg-hash");
        click("#programs .pg-save");
        wait.until(ExpectedConditions.textToBe(By.id("pg-status"), "Saved version 2."));

        JsonObject choice = boss.get("/api/programs/bilingual/versions/2")
                .bodyAsJsonObject()
                .getJsonObject("survey")
                .getJsonObject("languageChoice");
        assertThat(choice.getJsonObject("keys").getMap()).containsOnly(entry("1", "en"), entry("3", "zh"));
        String choicePrompt = choice.getString("prompt");
        assertThat(choicePrompt).startsWith("sha256:").endsWith(uploaded.substring(1, 9));
        assertThat(find("#programs .pg-choice-on").isSelected()).isTrue();

        // Preview: the choice comes first; 2 is no language, 3 switches the preview to Chinese.
        assertThat(new Select(find("#pg-preview-lang")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("en");
        click("#programs .pg-start");
        wait.until(ExpectedConditions.textToBe(By.id("pg-step"), "Language choice: 1: en, 3: zh"));
        assertThat(browser.findElement(By.id("pg-audio")).getAttribute("src"))
                .endsWith("/api/prompts/" + choicePrompt.substring(7));
        key("2");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "Not a valid choice"));
        key("3");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("pg-step"), "Language: zh · Question 1 of 2: effort"));
        assertThat(new Select(find("#pg-preview-lang")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("zh");
        key("4");
        key("1");
        key("0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-step"), "the survey is over"));
        assertThat(text("#pg-answers")).contains("effort: 4").contains("nps: 10");
        screenshot("programs-language-choice.png");

        // Without a prompt the choice is refused, naming the field.
        click("#programs .pg-choice-on");
        click("#programs .pg-choice-on");
        click("#programs .pg-save");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-error"), "languageChoice.prompt"));
    }

    @Test
    void nobodyPressesAKeyAndThePreviewAsksAgainThenEndsAsTheAgentDoes() throws Exception {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        // Short timers of the program's own: one second without a key, two retries.
        Program program = twoQuestions(boss, "quiet", 1000, 2);
        Map<String, String> prompt = program.prompt();

        // The agent's own survey engine, given the stored version and a caller who stays on the line and presses
        // nothing: what it plays and how it ends.
        List<String> agentPlayed = new ArrayList<>();
        SurveyOutcome agentOutcome = agentCaller(program, null, agentPlayed);

        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        find("#pg-pick");
        wait.until(d -> new Select(d.findElement(By.id("pg-pick"))).getOptions().size() == 2);
        new Select(browser.findElement(By.id("pg-pick"))).selectByValue("quiet");
        find(QUESTION + " .q-max");
        click("#programs .pg-start");

        // A countdown while nobody presses a key, saying what comes when it runs out.
        WebDriverWait closely = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(40));
        closely.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("pg-countdown"), "then asked again (retry 1 of 2)"));
        assertThat(text("#pg-countdown")).startsWith("Waiting for a key: ");
        assertThat(text("#pg-step")).isEqualTo("Question 1 of 2: effort (scale 1-5)");
        // The question once more, its prompt played again; then the survey moves on.
        closely.until(
                ExpectedConditions.textToBe(By.id("pg-step"), "No key pressed · Question 1 of 2: effort (scale 1-5)"));
        assertThat(browser.findElement(By.id("pg-audio")).getAttribute("src"))
                .endsWith("/api/prompts/" + prompt.get("effort").substring(7));
        closely.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-countdown"), "then question 2"));
        closely.until(ExpectedConditions.textToBe(By.id("pg-step"), "Question 2 of 2: nps (nps 0-10)"));
        closely.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("pg-countdown"), "then the end of the survey"));
        wait.until(ExpectedConditions.attributeToBe(By.id("pg-result"), "data-status", "no-input"));
        screenshot("programs-preview-no-input.png");

        // The end the agent reaches, after the same prompts in the same order.
        assertThat(text("#pg-step")).isEqualTo("Ended: the survey is over");
        assertThat(text("#pg-countdown")).isEmpty();
        assertThat(text("#pg-result")).isEqualTo("The agent records it as: no-input (no question answered)");
        assertThat(agentOutcome.status().wire()).isEqualTo("no-input");
        assertThat(attributes("#pg-heard li", "data-prompts")).isEqualTo(agentPlayed);
        assertThat(texts("#pg-heard li"))
                .containsExactly(
                        "Greeting",
                        "Question 1 of 2: effort (scale 1-5)",
                        "No key pressed · Question 1 of 2: effort (scale 1-5)",
                        "Question 2 of 2: nps (nps 0-10)",
                        "No key pressed · Question 2 of 2: nps (nps 0-10)",
                        "Thanks: the survey is over");
        assertThat(attributes("#pg-answers li", "data-outcome"))
                .isEqualTo(agentOutcome.questions().stream()
                        .map(q -> q.outcome().wire())
                        .toList());
        assertThat(texts("#pg-answers li")).containsExactly("effort: no key pressed", "nps: no key pressed");

        // The same in Chinese.
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pg-step"), "结束：调查结束"));
        assertThat(text("#pg-result")).isEqualTo("坐席端记录为：no-input（没有回答任何问题）");
        assertThat(texts("#pg-heard li")).contains("没有按键 · 第 1 题，共 2 题：effort（scale 1-5）");
        assertThat(texts("#pg-answers li")).containsExactly("effort: 没有按键", "nps: 没有按键");
    }

    @Test
    void anInvalidKeyUsesTheOnlyRetrySoSilenceThenMovesOnAsTheAgentDoes() throws Exception {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        Program program = twoQuestions(boss, "strict", 3000, 1);
        List<String> agentPlayed = new ArrayList<>();
        SurveyOutcome agentOutcome = agentCaller(program, '9', agentPlayed);

        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        find("#pg-pick");
        wait.until(d -> new Select(d.findElement(By.id("pg-pick"))).getOptions().size() == 2);
        new Select(browser.findElement(By.id("pg-pick"))).selectByValue("strict");
        find(QUESTION + " .q-max");
        // Time runs twice as fast in the preview.
        new Select(find("#pg-speed")).selectByValue("2");
        click("#programs .pg-start");
        WebDriverWait closely = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(40));
        closely.until(ExpectedConditions.textToBe(By.id("pg-step"), "Question 1 of 2: effort (scale 1-5)"));
        key("9");
        closely.until(ExpectedConditions.textToBe(
                By.id("pg-step"), "Not a valid choice · Question 1 of 2: effort (scale 1-5)"));
        // Its one retry spent on the invalid key, the question is not asked again for want of a key.
        closely.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pg-countdown"), "then question 2"));
        closely.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("pg-countdown"), "then asked again (retry 1 of 1)"));
        wait.until(ExpectedConditions.attributeToBe(
                By.id("pg-result"), "data-status", agentOutcome.status().wire()));

        assertThat(attributes("#pg-heard li", "data-prompts")).isEqualTo(agentPlayed);
        assertThat(attributes("#pg-answers li", "data-outcome"))
                .isEqualTo(agentOutcome.questions().stream()
                        .map(q -> q.outcome().wire())
                        .toList());
        assertThat(texts("#pg-answers li")).containsExactly("effort: no valid answer", "nps: no key pressed");
        assertThat(text("#pg-result")).isEqualTo("The agent records it as: no-input (no question answered)");
    }

    /** A stored program version with its prompts (by name) and their lengths. */
    private record Program(Map<String, String> prompt, JsonObject survey, Map<String, Long> lengths) {}

    /** Saves program {@code id}: greeting, effort 1-5, NPS and thanks, each prompt a 0.4 s tone of its own. */
    private Program twoQuestions(ApiClient boss, String id, int noInputMs, int maxRetries) throws IOException {
        Map<String, String> prompt = new LinkedHashMap<>();
        int hz = 400;
        for (String name : List.of("greeting", "invalid", "effort", "nps", "thanks")) {
            hz += 100;
            prompt.put(name, boss.uploadPrompt(name + ".wav", PromptAudioTest.tone(PromptAudio.LINE_FORMAT, hz, 0.4)));
        }
        JsonObject survey = new JsonObject()
                .put("languages", new JsonArray().add("en"))
                .put("greeting", new JsonObject().put("en", prompt.get("greeting")))
                .put("invalid", new JsonObject().put("en", prompt.get("invalid")))
                .put("thanks", new JsonObject().put("en", prompt.get("thanks")))
                .put(
                        "questions",
                        new JsonArray()
                                .add(SurveyJson.effort(5, SurveyJson.en(prompt.get("effort"))))
                                .add(SurveyJson.nps(SurveyJson.en(prompt.get("nps")))))
                .put("timing", new JsonObject().put("noInputMs", noInputMs).put("maxRetries", maxRetries));
        HttpResponse<Buffer> created = boss.post(
                "/api/programs",
                new JsonObject().put("id", id).put("name", "Program " + id).put("survey", survey));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        Map<String, Long> lengths = new HashMap<>();
        for (Object o : boss.get("/api/prompts").bodyAsJsonArray()) {
            JsonObject p = (JsonObject) o;
            lengths.put(p.getString("prompt"), p.getLong("durationMs"));
        }
        return new Program(prompt, created.bodyAsJsonObject().getJsonObject("survey"), lengths);
    }

    /**
     * Runs the agent's {@link SurveyEngine} on the program for a caller who stays on the line (line noise), presses
     * {@code firstKey} (when not null) once the first question has been asked, and nothing else; each prompt lasts as
     * long as its recording. Adds the prompts it plays to {@code played}.
     */
    private static SurveyOutcome agentCaller(Program program, Character firstKey, List<String> played) {
        int rate = 8000;
        SurveyDefinition definition =
                SurveyDefinitions.parseWith(program.survey().encode(), "preview", raw -> raw);
        SurveyEngine engine = new SurveyEngine(definition, "en", "preview", Instant.EPOCH, rate);
        long now = 0;
        long promptId = -1;
        long promptEnd = 0;
        boolean pressed = firstKey == null;
        while (!engine.finished() && now < 300L * rate) {
            SurveyEngine.PromptRequest p = engine.prompt();
            if (p != null && p.id() != promptId) {
                promptId = p.id();
                played.add(String.join(" ", p.sources()));
                long ms = p.sources().stream().mapToLong(program.lengths()::get).sum();
                promptEnd = now + ms * rate / 1000;
            }
            if (p != null && promptEnd <= now) {
                engine.promptEnded(p.id(), promptEnd);
                continue;
            }
            if (!pressed && p == null && engine.questionIndex() == 0) {
                engine.keyDown(firstKey, now);
                engine.key(firstKey, now, now + rate / 10);
                pressed = true;
                continue;
            }
            now += rate / 50;
            engine.heard(now);
            engine.tick(now);
        }
        assertThat(engine.finished()).as("the agent's survey ended").isTrue();
        return engine.result();
    }

    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }

    private List<String> attributes(String css, String attribute) {
        return browser.findElements(By.cssSelector(css)).stream()
                .map(e -> e.getAttribute(attribute))
                .toList();
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
