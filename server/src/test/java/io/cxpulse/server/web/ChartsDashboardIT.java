package io.cxpulse.server.web;

import static io.cxpulse.server.HeadlessChromium.legend;
import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.history.ChartFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's charts in real headless Chromium, over the surveys of {@link ChartFixture}: the NPS and CSAT trends
 * drawn with their bands and counted out in the legend and the table, the NPS answers 0-10 against the center's, and
 * the team's detractors by weekday and hour, in English and in Chinese.
 */
class ChartsDashboardIT {
    private static final String EVIL = "<img src=x onerror=document.title='pwned'>";

    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = ChartFixture.start(dir.resolve("data"), ChartFixture.clock());
        browser = HeadlessChromium.start(dir, 1400, 2600);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    private String text(String css) {
        return HeadlessChromium.text(browser, css);
    }

    private void logIn(String user) {
        HeadlessChromium.logIn(browser, server.url(), user, "lead-password");
    }

    private void drawn() {
        wait.until(ExpectedConditions.attributeToBe(By.id("charts"), "data-state", "drawn"));
    }

    @Test
    void aSupervisorSeesTheTeamsTrendsDistributionAndDetractorMap() throws Exception {
        logIn("lead-n");
        drawn();
        scrollToCharts();
        screenshot("charts-team.png");
        // Only the supervisor's own team and its agents can be chosen.
        List<String> subjects = new Select(browser.findElement(By.id("chart-subject")))
                .getOptions().stream().map(o -> o.getAttribute("value")).collect(Collectors.toList());
        assertThat(subjects).containsExactly("team:north", "agent:agent-n1", "agent:agent-n2");

        // The last seven days of team north: each chart is a uPlot canvas, its legend on the latest day, today.
        for (String chart : List.of("#chart-nps", "#chart-csat", "#chart-dist")) {
            WebElement canvas = browser.findElement(By.cssSelector(chart + " canvas"));
            assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(200);
        }
        // Today: NPS 10, 3, 9, 6; CSAT 5, 2, 4, 3.
        assertThat(legend(browser, "#chart-nps", 0)).isEqualTo("11-25");
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("0 n=4");
        assertThat(legend(browser, "#chart-nps", 2)).isEqualTo("-66");
        assertThat(legend(browser, "#chart-nps", 3)).isEqualTo("66");
        assertThat(legend(browser, "#chart-csat", 1)).isEqualTo("50% n=4");
        assertThat(legend(browser, "#chart-csat", 2)).isEqualTo("15%");
        assertThat(legend(browser, "#chart-csat", 3)).isEqualTo("85%");
        assertThat(browser.findElement(By.id("chart-nps")).getAttribute("aria-label"))
                .isEqualTo("NPS. NPS 11-25: 0 (95% range -66 – 66, n=4)");
        // Only the days with answers are written out; both have few answers, marked so.
        assertThat(browser.findElements(By.cssSelector("#chart-trend-rows tr"))).hasSize(2);
        assertThat(text("#chart-trend-rows tr[data-when='11-24']")).isEqualTo("11-24 50* -9 – 100 2 100% 34% – 100% 2");
        assertThat(text("#chart-trend-rows tr[data-when='11-25']")).isEqualTo("11-25 0* -66 – 66 4 50% 15% – 85% 4");

        // The seven days' NPS answers by score, against the center's (which adds south's 8).
        assertThat(text("#chart-dist-caption"))
                .startsWith("Team north: n=6, NPS 17 (95% range ")
                .contains("Center: n=7, NPS 14.")
                .contains("Small sample");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Team north Answers 0 0 0 1 0 0 1 1 0 1 2");
        assertThat(text("#chart-dist-rows .center-shares"))
                .isEqualTo("Center share 0% 0% 0% 14% 0% 0% 14% 14% 14% 14% 29%");
        assertThat(legend(browser, "#chart-dist", 0)).isEqualTo("10");
        assertThat(legend(browser, "#chart-dist", 1)).isEqualTo("33% (2)");
        assertThat(legend(browser, "#chart-dist", 2)).isEqualTo("29%");

        // The team's detractors by weekday and hour over the same seven days, each cell's rate and n as text.
        assertThat(text("#chart-map-title")).isEqualTo("Detractor rate by weekday and hour: team north, last 7 days");
        String wed14 = "#chart-map td[data-weekday='3'][data-hour='14']";
        assertThat(text(wed14)).isEqualTo("50%\nn=2");
        assertThat(browser.findElement(By.cssSelector(wed14)).getAttribute("title"))
                .isEqualTo("Wed 14:00: 50% detractors (95% range 9% to 91%), n=2");
        assertThat(browser.findElement(By.cssSelector(wed14)).getAttribute("class"))
                .isEqualTo("small");
        assertThat(text("#chart-map td[data-weekday='2'][data-hour='9']")).isEqualTo("0%\nn=2");
        assertThat(browser.findElements(By.cssSelector("#chart-map td[data-weekday]")))
                .hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#chart-map tbody tr"))).hasSize(7);

        // One agent today, hour by hour; the map stays the agent's team's, over 28 days.
        new Select(browser.findElement(By.id("chart-subject"))).selectByValue("agent:agent-n1");
        new Select(browser.findElement(By.id("chart-period"))).selectByValue("hours");
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#chart-nps .u-legend tr.u-series:nth-child(1) .u-value"), "14:00"));
        drawn();
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("100 n=1");
        assertThat(text("#chart-trend-rows tr[data-when='09:00']")).isEqualTo("09:00 0* -73 – 73 2 50% 9% – 91% 2");
        assertThat(text("#chart-trend-rows tr[data-when='14:00']"))
                .startsWith("14:00 100* ")
                .endsWith(" 1 100% 21% – 100% 1");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Nora North Answers 0 0 0 1 0 0 0 0 0 1 1");
        assertThat(text("#chart-dist-caption")).contains("Center: n=5");
        assertThat(text("#chart-map-title")).isEqualTo("Detractor rate by weekday and hour: team north, last 28 days");
        assertThat(text(wed14)).isEqualTo("67%\nn=3");
        screenshot("charts-agent-hours.png");

        // In Chinese: the panel's words, the weekdays and the figures' captions.
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("charts-title"), "趋势与分布"));
        drawn();
        assertThat(text("#chart-map-title")).isEqualTo("按星期和小时的贬损者比例：团队 north，最近 28 天");
        assertThat(text("#chart-map tbody tr:nth-child(3) th")).isEqualTo("周三");
        assertThat(browser.findElement(By.cssSelector(wed14)).getAttribute("title"))
                .isEqualTo("周三 14:00：贬损者 67%（95% 范围 21% 至 94%），n=3");
        assertThat(text("#chart-dist-caption"))
                .startsWith("Nora North：n=3，NPS 33（95% 范围 ")
                .contains("中心整体：n=5");
        assertThat(new Select(browser.findElement(By.id("chart-period")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("今天（按小时）");
        assertThat(text("#chart-trend-table thead")).contains("时间", "95% 范围", "CSAT 前两档");
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("100 n=1");
        assertThat(text("#chart-nps .u-legend")).contains("95% 下限", "95% 上限");
        scrollToCharts();
        screenshot("charts-agent-hours-zh.png");
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");
    }

    @Test
    void aSupervisorOfAnotherTeamChartsOnlyTheirOwn() {
        await(server.provisionAgent("agent-s2", EVIL, "south"));
        logIn("lead-s");
        drawn();
        Select subject = new Select(browser.findElement(By.id("chart-subject")));
        List<String> subjects =
                subject.getOptions().stream().map(o -> o.getAttribute("value")).collect(Collectors.toList());
        assertThat(subjects).containsExactly("team:south", "agent:agent-s1", "agent:agent-s2");
        // A hostile name is shown as text, in the list and in the captions.
        assertThat(subject.getOptions().get(2).getText().replace('\u00a0', ' ').strip())
                .isEqualTo(EVIL);
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("0 n=1");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Team south Answers 0 0 0 0 0 0 0 0 1 0 0");
        assertThat(text("#chart-map td[data-weekday='3'][data-hour='9']")).isEqualTo("0%\nn=1");

        subject.selectByValue("agent:agent-s2");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chart-dist-caption"), EVIL + ": n=0"));
        drawn();
        assertThat(text("#chart-trend-rows")).isEqualTo("No answers in this period.");
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");

        // The charts are drawn again to a narrower window.
        int wide = browser.findElement(By.cssSelector("#chart-nps canvas"))
                .getSize()
                .getWidth();
        browser.manage().window().setSize(new Dimension(900, 2600));
        wait.until(d ->
                d.findElement(By.cssSelector("#chart-nps canvas")).getSize().getWidth() < wide);
    }

    @Test
    void theChartsFollowLiveSurveysOfTheirSubjectAndTheAgentChosenInTheTable() throws Exception {
        logIn("lead-n");
        drawn();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("0 n=4");
        WebElement npsCanvas = browser.findElement(By.cssSelector("#chart-nps canvas"));

        // A supervisor is typing a note on an alert of the team when a new agent of the team gets a survey.
        String alert = "#alerts li.alert";
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(alert + " button[data-action='note']")))
                .click();
        WebElement note = browser.findElement(By.cssSelector(alert + " .note-input"));
        note.sendKeys("Call back after 5pm");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object scrolled = js.executeScript("return window.scrollY");
        String token = await(server.provisionAgent("agent-n3", "Nils North", "north"));
        TestAgent.sendAcked(
                server, "agent-n3", token, survey("n3-a", "agent-n3", ChartFixture.NOW.toEpochMilli(), 10, 5, 1));

        // Within the live updates' pace, the same charts show the team's five answers today: NPS 10, 3, 9, 6, 10 and
        // CSAT 5, 2, 4, 3, 5.
        new WebDriverWait(browser, Duration.ofSeconds(12))
                .until(ExpectedConditions.textToBe(
                        By.cssSelector("#chart-nps .u-legend tr.u-series:nth-child(2) .u-value"), "20 n=5"));
        assertThat(legend(browser, "#chart-csat", 1)).isEqualTo("60% n=5");
        assertThat(text("#chart-trend-rows tr[data-when='11-25']"))
                .startsWith("11-25 20* ")
                .contains(" 5 60% ");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Team north Answers 0 0 0 1 0 0 1 1 0 1 3");
        assertThat(browser.findElement(By.id("chart-nps")).getAttribute("aria-label"))
                .startsWith("NPS. NPS 11-25: 20 ");
        assertThat(browser.findElement(By.id("charts")).getAttribute("data-updates"))
                .isEqualTo("1");
        // Drawn in place: the canvas shown before is still the one in the page.
        assertThat(npsCanvas.isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#chart-nps canvas"))).containsExactly(npsCanvas);
        // The note being typed, its focus and the page's scroll position are all kept.
        assertThat(note.getAttribute("value")).isEqualTo("Call back after 5pm");
        assertThat(browser.switchTo().activeElement()).isEqualTo(note);
        assertThat(js.executeScript("return window.scrollY")).isEqualTo(scrolled);
        note.sendKeys(", not before");
        assertThat(note.getAttribute("value")).isEqualTo("Call back after 5pm, not before");
        screenshot("charts-live.png");

        // Choosing the new agent in the live table, with the keyboard, makes them the charts' subject.
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#teams tr.agent-row[data-agent='agent-n3'] .agent-link")));
        name.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chart-dist-caption"), "Nils North: n=1"));
        drawn();
        assertThat(new Select(browser.findElement(By.id("chart-subject")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("agent:agent-n3");
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("100 n=1");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Nils North Answers 0 0 0 0 0 0 0 0 0 0 1");
        assertThat(text("#chart-map-title")).isEqualTo("Detractor rate by weekday and hour: team north, last 7 days");

        // The drill-down's "Show charts" brings the charts into view, the subject's choice focused.
        wait.until(ExpectedConditions.textToBe(By.id("drill-title"), "Recent surveys of Nils North"));
        browser.findElement(By.id("drill-charts")).click();
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("const r = document.getElementById('charts').getBoundingClientRect();"
                        + " return Math.abs(r.top) < 2;")));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("chart-subject");
        screenshot("charts-agent-from-table.png");
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");
    }

    private void scrollToCharts() {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('charts').scrollIntoView()");
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
