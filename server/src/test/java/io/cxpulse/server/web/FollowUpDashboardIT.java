package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The follow-up loop in real headless Chromium: an alert past its deadline stands out in words, is escalated live,
 * shows its trail, and is closed with an outcome and a note, all shown as text.
 */
class FollowUpDashboardIT {
    private static final String NOTE = "Called back <img src=x onerror=document.title='pwned'>";
    private static final String ALERT = "#alerts li[data-alert='late-1']";

    @TempDir
    Path dir;

    private SettableClock clock;
    private CxServer server;
    private WebDriver browser;
    private String token;

    @BeforeEach
    void start() throws Exception {
        clock = new SettableClock(Instant.now(), ZoneId.of("UTC"));
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data")).withClock(clock)));
        token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        browser = HeadlessChromium.start(dir, 1400, 900);
    }

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    private String text(String css) {
        return HeadlessChromium.text(browser, css);
    }

    @Test
    void anOverdueAlertIsEscalatedAndClosedWithAnOutcome() throws Exception {
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        assertThat(boss.post("/api/teams/north/follow-up", new JsonObject().put("windowHours", 1))
                        .statusCode())
                .isEqualTo(200);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));

        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-01", token)) {
            agent.send(survey("late-1", "agent-01", clock.millis(), 2, 1, 0));
            assertThat(agent.next()).isInstanceOf(Ack.class);
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ALERT)));
        assertThat(text(ALERT + " .follow-up")).startsWith("Due ");
        assertThat(browser.findElements(By.cssSelector(ALERT + ".overdue"))).isEmpty();

        // Two hours on, the periodic check escalates it; the page shows it late and escalated, in words.
        clock.advance(Duration.ofHours(2));
        assertThat(await(server.escalateLateFollowUps())).isEqualTo(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(ALERT + " .follow-up"), "Escalated to admins"));
        assertThat(text(ALERT + " .follow-up")).contains("Overdue");
        assertThat(browser.findElements(By.cssSelector(ALERT + ".overdue.escalated")))
                .hasSize(1);
        // The audit trail, opened from the keyboard.
        HeadlessChromium.press(wait, ALERT + " .actions button[data-action='history']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(ALERT + " .trail"), "escalated"));
        assertThat(text(ALERT + " .trail")).contains("raised").contains("system");
        screenshot("follow-up-escalated.png");
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(ALERT + " .follow-up"), "已上报管理员"));
        assertThat(text(ALERT + " .follow-up")).contains("已逾期");
        screenshot("follow-up-escalated-zh.png");
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(ALERT + " .follow-up"), "Escalated to admins"));

        // Closing asks for the outcome and takes a note, kept as text.
        HeadlessChromium.click(wait, ALERT + " .actions button:nth-last-child(2)");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ALERT + " select.outcome")));
        new Select(browser.findElement(By.cssSelector(ALERT + " select.outcome"))).selectByValue("not-reached");
        browser.findElement(By.cssSelector(ALERT + " .note-input")).sendKeys(NOTE);
        screenshot("follow-up-closing.png");
        browser.findElement(By.cssSelector(ALERT + " .confirm-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(ALERT)));

        JsonObject closed = boss.alerts("closed").getJsonObject(0);
        assertThat(closed.getString("outcome")).isEqualTo("not-reached");
        assertThat(closed.getString("note")).isEqualTo(NOTE);
        assertThat(closed.getBoolean("escalated")).isTrue();
        JsonArray trail = boss.get("/api/alerts/late-1/history").bodyAsJsonArray();
        assertThat(trail.getJsonObject(trail.size() - 1).getString("by")).isEqualTo("boss");

        // The team's follow-up figures: one alert, first acted on and closed two hours after it was raised, late.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#follow-up-rows tr[data-team='north']"), "2h 00m"));
        assertThat(text("#follow-up-rows tr[data-team='north']")).isEqualTo("north 1 2h 00m 2h 00m 0% (0/1)");
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");
        assertThat(browser.findElements(By.cssSelector("#alerts img"))).isEmpty();
        screenshot("follow-up-closed.png");
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
