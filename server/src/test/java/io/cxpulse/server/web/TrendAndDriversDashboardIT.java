package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.testkit.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Surveys and calls sent by agents over their WebSockets: one agent's detractor rate slides and a trend alert with its
 * evidence is raised, listed by the API and shown in the dashboard's alerts; the drivers view shows what raises the
 * teams' detractor rates, in real headless Chromium, in English and Chinese.
 */
class TrendAndDriversDashboardIT {
    @TempDir
    Path dir;

    private SettableClock clock;
    private CxServer server;
    private WebDriver browser;
    private final List<String> tokens = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        clock = new SettableClock(Instant.now(), ZoneId.of("UTC"));
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data")).withClock(clock)));
        tokens.add(await(server.provisionAgent("agent-01", "Amira Haddad", "north")));
        tokens.add(await(server.provisionAgent("agent-02", "Bo Chen", "north")));
        tokens.add(await(server.provisionAgent("agent-03", "Carla Diaz", "south")));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(server.provisionUser("south-lead", "south-password", Role.SUPERVISOR, "south"));
    }

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    /**
     * A survey and its call (ended as the survey started), with the call's talk, mute and hold times; the survey also
     * asks how the call compared with what the caller expected (1 much worse, 3 as expected).
     */
    private static List<AgentEvent> surveyedCall(
            String id, String agentId, long endMs, boolean detractor, boolean resolved, long talkMs, long holdMs) {
        SurveyResult scored = survey("s-" + id, agentId, endMs, detractor ? 3 : 9, detractor ? 2 : 5, resolved ? 1 : 0);
        List<Answer> answers = new ArrayList<>(scored.answers());
        answers.add(Answer.answered("expectation", QuestionKind.SCALE, detractor ? 1 : 3, 800));
        SurveyResult s = new SurveyResult(
                scored.eventId(),
                agentId,
                scored.callId(),
                scored.language(),
                scored.startMs(),
                endMs,
                scored.status(),
                answers);
        CallRecord c = new CallRecord(
                "c-" + id,
                agentId,
                s.callId(),
                s.startMs() - talkMs - holdMs,
                s.startMs(),
                talkMs,
                talkMs / 20,
                1,
                talkMs / 20,
                holdMs,
                true,
                null);
        return List.of(c, s);
    }

    /** Sends the events as the agent over one connection and waits for every acknowledgement. */
    private void send(int agent, List<AgentEvent> events) {
        try (TestAgent a = TestAgent.hello(server.vertx(), server.port(), "agent-0" + (agent + 1), tokens.get(agent))) {
            for (AgentEvent e : events) {
                a.send(e);
            }
            Set<String> waiting = new HashSet<>();
            events.forEach(e -> waiting.add(e.eventId()));
            while (!waiting.isEmpty()) {
                if (a.next() instanceof Ack ack) {
                    ack.eventIds().forEach(waiting::remove);
                }
            }
        }
    }

    @Test
    void aSlideRaisesATrendAlertAndTheDriversViewShowsWhatRaisesDetractors() throws Exception {
        // Ten hours of steady work: agent-01 has a detractor one survey in ten; unresolved calls are the unhappy
        // ones, and north leaves more calls unresolved than south.
        long start = clock.millis() - 10 * 3_600_000L;
        for (int agent = 0; agent < 3; agent++) {
            List<AgentEvent> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                boolean resolved;
                boolean detractor;
                if (agent == 0) {
                    detractor = i % 10 == 0;
                    resolved = !detractor && i % 7 != 0;
                } else if (agent == 1) {
                    resolved = i % 3 != 0;
                    detractor = !resolved && i % 2 == 0;
                } else {
                    resolved = i % 10 != 0;
                    detractor = !resolved;
                }
                long talk = 60_000 + (i % 5) * 120_000L;
                events.addAll(surveyedCall(
                        agent + "-" + i, "agent-0" + (agent + 1), start + i * 540_000L, detractor, resolved, talk, 0));
            }
            send(agent, events);
        }
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        assertThat(trendAlerts(boss)).isEmpty();

        // Later, agent-01 slides: six detractors in a row.
        clock.advance(Duration.ofMinutes(15));
        List<AgentEvent> slide = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slide.addAll(surveyedCall(
                    "slide-" + i, "agent-01", clock.millis() - (6 - i) * 60_000L, true, false, 700_000, 90_000));
        }
        send(0, slide);
        Await.until(
                "a trend alert",
                Duration.ofSeconds(20),
                () -> !trendAlerts(boss).isEmpty());
        JsonArray trends = trendAlerts(boss);
        assertThat(trends).hasSize(1);
        JsonObject alert = trends.getJsonObject(0);
        assertThat(alert.getString("agentId")).isEqualTo("agent-01");
        assertThat(alert.getString("team")).isEqualTo("north");
        assertThat(alert.getString("id")).startsWith("trend-s-slide-");
        JsonObject evidence = alert.getJsonObject("evidence");
        assertThat(evidence.getDouble("beforeRate")).isBetween(0.05, 0.2);
        assertThat(evidence.getInteger("beforeN")).isGreaterThanOrEqualTo(50);
        assertThat(evidence.getDouble("afterRate")).isEqualTo(1.0);
        assertThat(evidence.getInteger("afterN")).isBetween(3, 6);
        assertThat(evidence.getDouble("sureAboveBefore")).isGreaterThan(0.99);
        assertThat(alert.getLong("dueMs")).isGreaterThan(alert.getLong("createdMs"));
        JsonArray trail =
                boss.get("/api/alerts/" + alert.getString("id") + "/history").bodyAsJsonArray();
        assertThat(trail.getJsonObject(0).getString("action")).isEqualTo("raised");

        // One alert per slide: more detractors while it lasts raise no second one.
        clock.advance(Duration.ofMinutes(5));
        send(0, surveyedCall("slide-more", "agent-01", clock.millis() - 1_000, true, false, 700_000, 90_000));
        Await.until(
                "the detractor alert of the last survey",
                Duration.ofSeconds(20),
                () -> boss.alerts("active").stream()
                        .anyMatch(a -> ((JsonObject) a).getString("id").equals("s-slide-more")));
        assertThat(trendAlerts(boss)).hasSize(1);

        // The drivers view: unresolved calls raise the detractor rate, and north has more of them than the center.
        JsonObject drivers = boss.get("/api/drivers?team=north&days=7").bodyAsJsonObject();
        assertThat(drivers.getString("focus")).isEqualTo("resolved");
        assertThat(drivers.getLong("teamSurveys")).isEqualTo(127);
        assertThat(drivers.getJsonObject("repeatCaller").getBoolean("available"))
                .isFalse();
        assertThat(drivers.getJsonObject("expectation").getLong("n")).isEqualTo(127);
        JsonObject resolvedFactor = drivers.getJsonArray("factors").getJsonObject(0);
        assertThat(resolvedFactor.getString("factor")).isEqualTo("resolved");
        assertThat(resolvedFactor.getJsonObject("expectation").getDouble("meanGap"))
                .isNegative();
        ApiClient southLead = ApiClient.login(server, "south-lead", "south-password");
        assertThat(southLead.get("/api/drivers?team=north").statusCode()).isEqualTo(404);
        assertThat(southLead.get("/api/drivers").bodyAsJsonObject().getString("team"))
                .isEqualTo("south");
        assertThat(southLead.get("/api/drivers?team=south&days=91").statusCode())
                .isEqualTo(400);

        browser = HeadlessChromium.start(dir, 1400, 1000);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));

        String item = "#alerts li[data-alert='" + alert.getString("id") + "']";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(item + " .evidence")));
        assertThat(HeadlessChromium.text(browser, item + " .info"))
                .contains("Amira Haddad")
                .contains("Trend");
        assertThat(HeadlessChromium.text(browser, item + " .evidence"))
                .startsWith("Detractors ")
                .contains(" → 100% since (")
                .contains(">99% sure it is a slide");

        new Select(browser.findElement(By.id("drivers-team"))).selectByValue("north");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("drivers-summary"), "Resolved (no)"));
        assertThat(browser.findElements(By.cssSelector("#drivers-chart svg g[data-factor='resolved'] circle.focus")))
                .hasSize(1);
        assertThat(HeadlessChromium.text(browser, "#drivers-rows tr.focus")).startsWith("Resolved no +");
        assertThat(HeadlessChromium.text(browser, "#drivers-notes"))
                .contains("Repeat callers are known only for SIP lines")
                .doesNotContain("null");
        assertThat(HeadlessChromium.text(browser, "#drivers-rows tr[data-factor='repeat']"))
                .startsWith("Repeat caller –");
        assertThat(HeadlessChromium.text(browser, "#drivers-rows tr.focus td.expectation"))
                .startsWith("-");
        screenshot(item, "trend-alert.png");
        screenshot("#drivers", "drivers.png");

        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("drivers-summary"), "已解决（否）"));
        assertThat(HeadlessChromium.text(browser, item + " .evidence")).startsWith("贬损者比例");
        assertThat(HeadlessChromium.text(browser, item + " .info")).contains("趋势");
        assertThat(HeadlessChromium.text(browser, "#drivers-notes")).contains("重复来电：仅 SIP 线路能识别");
        screenshot(item, "trend-alert-zh.png");
        screenshot("#drivers", "drivers-zh.png");
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");
    }

    private static JsonArray trendAlerts(ApiClient client) {
        JsonArray out = new JsonArray();
        for (Object a : client.alerts("all")) {
            if ("trend".equals(((JsonObject) a).getString("kind"))) {
                out.add(a);
            }
        }
        return out;
    }

    /** With {@code css} scrolled into view; kept under target/ for a human to look at after a CI run. */
    private void screenshot(String css, String name) throws IOException {
        ((JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.cssSelector(css)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
