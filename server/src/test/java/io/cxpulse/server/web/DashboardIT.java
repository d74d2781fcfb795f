package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in real headless Chromium: login, live updates without reload, and escaping of agent names. */
class DashboardIT {
    private static final String EVIL = "<img src=x onerror=document.title='pwned'>";

    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;
    private String plainToken;
    private String evilToken;

    @BeforeEach
    void start() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data"))));
        plainToken = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        evilToken = await(server.provisionAgent("agent-02", EVIL, "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));

        browser = HeadlessChromium.start(dir, 1400, 900);
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

    @Test
    void logsInAndSeesScoresChangeLiveWithNamesShownAsText() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        HeadlessChromium.logIn(browser, server.url(), "boss", "boss-password");

        String plainRow = "tr[data-agent='agent-01']";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(plainRow)));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        assertThat(text(plainRow + " .nps .score")).isEqualTo("–");

        // The hostile display name is text, not markup.
        String evilRow = "tr[data-agent='agent-02']";
        assertThat(text(evilRow + " .name .agent-link")).isEqualTo(EVIL);
        assertThat(browser.findElements(By.cssSelector("#teams img"))).isEmpty();

        ingest("agent-01", plainToken, survey("live-1", "agent-01", System.currentTimeMillis(), 10, 5, 1));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(plainRow + " .nps .score"), "100"));
        assertThat(text(plainRow + " .nps")).contains("n=1");
        assertThat(browser.findElements(By.cssSelector(plainRow + " .small-sample")))
                .hasSize(1);
        assertThat(text(plainRow + " .csat")).startsWith("5.0");

        // A detractor of the hostile agent raises an alert, its name again shown as text.
        ingest("agent-02", evilToken, survey("live-2", "agent-02", System.currentTimeMillis(), 1, 1, 0));
        WebElement alert = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alerts li[data-alert='live-2']")));
        assertThat(alert.getText()).contains(EVIL);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(evilRow + " .nps .score"), "-100"));
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");

        // Acknowledging from the panel goes through the API and comes back live.
        // The panel is re-rendered as alerts arrive, so the button is looked up afresh on each try.
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#alerts li[data-alert='live-2'] .actions button"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeContains(
                By.cssSelector("#alerts li[data-alert='live-2']"), "class", "acknowledged"));

        screenshot("dashboard.png");

        // Drill-down: the agent's recent surveys and last seven days, the hostile name again as text.
        browser.findElement(By.cssSelector(evilRow + " .agent-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("drill")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history-rows tr"), 7));
        assertThat(text("#drill-title")).endsWith(EVIL);
        assertThat(browser.findElements(By.cssSelector("#drill-rows tr"))).hasSize(1);
        assertThat(text("#history-rows tr:first-child .nps .score")).isEqualTo("-100");
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();

        // Chinese UI text on demand.
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#logout"), "退出"));
        screenshot("dashboard-zh.png");
    }

    @Test
    void anAdminMakesEnrolmentCodesAndSeesThoseNotYetUsedAsText() throws Exception {
        await(server.provisionUser("sup", "sup-password", Role.SUPERVISOR, "north"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        logIn(wait, "boss", "boss-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enrol")));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#enrol-rows tr"), "No codes waiting."));

        // A new agent whose name is markup: the code is shown, and the pending row shows the name as text.
        browser.findElement(By.id("enrol-agent")).sendKeys("agent-09");
        browser.findElement(By.id("enrol-name")).sendKeys(EVIL);
        browser.findElement(By.id("enrol-team")).sendKeys("north");
        browser.findElement(By.id("enrol-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enrol-made")));
        String code = text("#enrol-code");
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(text("#enrol-made-agent")).isEqualTo("agent-09");
        String row = "#enrol-rows tr[data-enrolment='agent-09']";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row)));
        assertThat(text(row + " .name")).isEqualTo(EVIL);
        assertThat(text(row + " .team")).isEqualTo("north");
        assertThat(text(row + " .by")).isEqualTo("boss");
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");

        // An unknown agent without a name and team: the server's reason is shown, as text.
        browser.findElement(By.id("enrol-agent")).sendKeys("<b>nobody</b>");
        browser.findElement(By.id("enrol-button")).click();
        wait.until(ExpectedConditions.textMatches(By.id("enrol-error"), Pattern.compile("give its displayName")));
        assertThat(text("#enrol-error")).contains("<b>nobody</b>");
        assertThat(browser.findElements(By.cssSelector("#enrol-error b"))).isEmpty();
        screenshot("dashboard-enrolment.png");

        // Once the desk has used the code, it is no longer pending.
        HttpResponse<String> enrolled = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url()).resolve("/api/enrol"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).isEqualTo(200);
        browser.findElement(By.id("enrol-agent")).clear();
        browser.findElement(By.id("enrol-agent")).sendKeys("agent-01");
        browser.findElement(By.id("enrol-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#enrol-rows tr[data-enrolment='agent-01']")));
        assertThat(browser.findElements(By.cssSelector(row))).isEmpty();

        // A supervisor has no such section.
        browser.findElement(By.id("logout")).click();
        logIn(wait, "sup", "sup-password");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        assertThat(browser.findElement(By.id("enrol")).isDisplayed()).isFalse();
    }

    private void logIn(WebDriverWait wait, String username, String password) {
        browser.get(server.url());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
