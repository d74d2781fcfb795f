package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board in real headless Chromium as a supervisor works with it: a note being typed survives live updates, new
 * alerts are announced to screen readers, presence and small samples are words, a refused login says why, and the wall
 * board shows the teams in turn without any control.
 */
class LiveBoardIT {
    private static final String NOTE = "Called back, left a <b>message</b>";
    private static final String FIRST = "#alerts li[data-alert='first-1']";

    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;
    private WebDriverWait wait;
    private String northToken;
    private String otherNorthToken;
    private String southToken;

    @BeforeEach
    void start() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data"))));
        northToken = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        otherNorthToken = await(server.provisionAgent("agent-02", "Bo Chen", "north"));
        southToken = await(server.provisionAgent("agent-03", "Carlos Ruiz", "south"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        browser = HeadlessChromium.start(dir, 1400, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    private void ingest(String agentId, String token, Message event) {
        TestAgent.sendAcked(server, agentId, token, event);
    }

    private String text(String css) {
        return HeadlessChromium.text(browser, css);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void logIn(String username, String password) {
        HeadlessChromium.logIn(browser, server.url(), username, password);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
    }

    @Test
    void aNoteBeingTypedKeepsItsTextAndFocusThroughLiveUpdates() throws Exception {
        logIn("boss", "boss-password");
        long now = System.currentTimeMillis();
        ingest("agent-01", northToken, survey("first-1", "agent-01", now, 2, 1, 0));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(FIRST)));
        // A new alert is told to screen readers through the polite live region.
        WebElement announce = browser.findElement(By.id("announce"));
        assertThat(announce.getAttribute("aria-live")).isEqualTo("polite");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("announce"), "New alert: Amira Haddad · Detractor · NPS 2"));
        // Presence and the small-sample mark are words, not only a colour or a tooltip.
        String amira = "tr[data-agent='agent-01']";
        wait.until(ExpectedConditions.textToBe(By.cssSelector(amira + " .nps .score"), "-100"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(amira + " .presence-text"), "offline"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(amira + " .small-sample"), "* few answers"));

        // The supervisor starts a note on the alert.
        wait.until(d -> {
            try {
                d.findElement(By.cssSelector(FIRST + " .actions button:nth-child(2)"))
                        .click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
        WebElement box = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(FIRST + " textarea.note-input")));
        box.sendKeys(NOTE);
        WebElement bo = browser.findElement(By.cssSelector("tr[data-agent='agent-02']"));
        WebElement teams = browser.findElement(By.id("teams"));

        // Live updates meanwhile: scores of other agents, an agent online, a new alert in another team, and another
        // survey of the agent whose alert is being noted.
        try (TestAgent online = TestAgent.hello(server.vertx(), server.port(), "agent-02", otherNorthToken)) {
            online.send(survey("bo-1", "agent-02", now + 1, 10, 5, 1));
            assertThat(online.next()).isInstanceOf(Ack.class);
            wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='agent-02'] .nps .score"), "100"));
            wait.until(
                    ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='agent-02'] .presence-text"), "online"));
            ingest("agent-03", southToken, survey("south-1", "agent-03", now + 2, 0, 1, 0));
            wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alerts li[data-alert='south-1']")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("announce"), "New alert: Carlos Ruiz · Detractor · NPS 0"));
            ingest("agent-01", northToken, survey("first-2", "agent-01", now + 3, 9, 5, 1));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(amira + " .nps"), "n=2"));
            assertThat(text(amira + " .nps .score")).isEqualTo("0");
        }
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='agent-02'] .presence-text"), "offline"));

        // The note is still there, with the focus, in the very same text box; rows were updated, not rebuilt.
        assertThat(box.getAttribute("value")).isEqualTo(NOTE);
        assertThat(js("return document.activeElement === arguments[0]", box)).isEqualTo(true);
        assertThat(bo.getAttribute("data-agent")).isEqualTo("agent-02");
        assertThat(teams.findElements(By.cssSelector("section.team"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).hasSize(2);
        screenshot("live-note-kept.png");

        // Typing goes on where it was, and the note is saved and shown as text.
        box.sendKeys(" again");
        browser.findElement(By.cssSelector(FIRST + " .actions button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(FIRST + " .note"), NOTE + " again"));
        assertThat(browser.findElements(By.cssSelector("#alerts b"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(FIRST + " textarea"))).isEmpty();

        // A name button with the keyboard's focus keeps it while its agent comes online and scores change.
        WebElement boName = browser.findElement(By.cssSelector("tr[data-agent='agent-02'] .agent-link"));
        js("arguments[0].focus()", boName);
        try (TestAgent online = TestAgent.hello(server.vertx(), server.port(), "agent-02", otherNorthToken)) {
            online.send(survey("bo-2", "agent-02", now + 4, 0, 1, 0));
            assertThat(online.next()).isInstanceOf(Ack.class);
            wait.until(
                    ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='agent-02'] .presence-text"), "online"));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='agent-02'] .nps .score"), "0"));
        }
        assertThat(js("return document.activeElement === arguments[0]", boName)).isEqualTo(true);

        // In Chinese the words are Chinese.
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(amira + " .presence-text"), "离线"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(amira + " .small-sample"), "* 回答少"));
    }

    @Test
    void aRefusedLoginSaysWhy() throws Exception {
        browser.get(server.url());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys("boss");
        List<String> said = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            WebElement password = browser.findElement(By.id("password"));
            password.clear();
            password.sendKeys("guess-" + attempt);
            browser.findElement(By.id("login-button")).click();
            wait.until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
            String error = text("#login-error");
            said.add(error);
            if (error.startsWith("Too many")) {
                break;
            }
        }
        // Wrong passwords are said to be wrong, until the throttle holds the name back: then how long to wait.
        assertThat(said.get(0)).isEqualTo("Wrong username or password.");
        assertThat(said.subList(0, said.size() - 1)).allMatch("Wrong username or password."::equals);
        String refused = said.get(said.size() - 1);
        Matcher m = Pattern.compile("Too many attempts: wait (\\d+) s and try again\\.")
                .matcher(refused);
        assertThat(m.matches()).as(refused).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isBetween(1, 30);
        screenshot("login-too-many.png");

        // Even the right password waits its turn, and says so.
        WebElement password = browser.findElement(By.id("password"));
        password.clear();
        password.sendKeys("boss-password");
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(text("#login-error")).startsWith("Too many attempts: wait ");
        assertThat(browser.findElement(By.id("board-view")).isDisplayed()).isFalse();
    }

    @Test
    void theWallBoardShowsTheTeamsInTurnWithoutControls() throws Exception {
        long now = System.currentTimeMillis();
        ingest("agent-01", northToken, survey("n-1", "agent-01", now, 10, 5, 1));
        ingest("agent-03", southToken, survey("s-1", "agent-03", now, 3, 2, 0));

        // Without a session it asks for one, and offers nothing to type into.
        browser.get(server.url() + "?wall&every=2");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("wall-view"), "Log in on the dashboard"));
        assertNoControls();

        logIn("boss", "boss-password");
        browser.get(server.url() + "?wall&every=2");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        WebElement view = browser.findElement(By.id("wall-view"));
        assertThat(view.isDisplayed()).isTrue();
        assertNoControls();
        double size = Double.parseDouble(browser.findElement(By.cssSelector(".wall-team"))
                .getCssValue("font-size")
                .replace("px", ""));
        assertThat(size).isGreaterThanOrEqualTo(48);

        // Each team in turn, with its own agents and figures.
        Map<String, Object> north = showing("north");
        assertThat((String) north.get("nps")).startsWith("100");
        assertThat(north.get("turn")).isEqualTo("Team 1 of 2");
        assertThat(north.get("agents")).isEqualTo(List.of("agent-01 Amira Haddad offline", "agent-02 Bo Chen offline"));
        screenshot("wall-north.png");
        Map<String, Object> south = showing("south");
        assertThat((String) south.get("nps")).startsWith("-100");
        assertThat(south.get("alerts")).isEqualTo("1");
        assertThat(south.get("turn")).isEqualTo("Team 2 of 2");
        assertThat(south.get("agents")).isEqualTo(List.of("agent-03 Carlos Ruiz offline"));
        assertNoControls();
        screenshot("wall-south.png");
        showing("north");

        // Live data reaches the wall too.
        ingest("agent-01", northToken, survey("n-2", "agent-01", now + 1, 0, 1, 0));
        wait.until(d -> {
            Map<String, Object> w = wall();
            return "north".equals(w.get("team"))
                    && ((String) w.get("nps")).startsWith("0 ")
                    && "1".equals(w.get("alerts"));
        });

        // And in Chinese.
        browser.get(server.url() + "?wall&every=2&lang=zh");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "实时"));
        Map<String, Object> zh = showing("south");
        assertThat(zh.get("turn")).isEqualTo("第 2 个团队，共 2 个");
        assertThat(zh.get("alertsLabel")).isEqualTo("未处理的警报");
        assertThat(zh.get("agents")).isEqualTo(List.of("agent-03 Carlos Ruiz 离线"));
        assertNoControls();
        screenshot("wall-zh.png");
    }

    /** Waits for the wall board to show {@code team}, and answers what it shows, read at one instant. */
    private Map<String, Object> showing(String team) {
        return wait.until(d -> {
            Map<String, Object> w = wall();
            return team.equals(w.get("team")) ? w : null;
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> wall() {
        return (Map<String, Object>) js("""
                const v = document.getElementById('wall-view');
                const q = (css) => { const e = v.querySelector(css); return e ? e.textContent : null; };
                const h = v.querySelector('.wall-team');
                return {
                  team: h ? h.dataset.team : null,
                  turn: q('.wall-turn'),
                  nps: q('.figure.nps .value'),
                  alerts: q('.figure.alerts .value'),
                  alertsLabel: q('.figure.alerts .label'),
                  agents: [...v.querySelectorAll('tr.agent-row')].map((r) => r.dataset.agent + ' '
                      + r.querySelector('.name').textContent + ' ' + r.querySelector('.presence-text').textContent)
                };""");
    }

    private void assertNoControls() {
        assertThat(browser.findElements(By.cssSelector("button, input, select, textarea")))
                .isEmpty();
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
