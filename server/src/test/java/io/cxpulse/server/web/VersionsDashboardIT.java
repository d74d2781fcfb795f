package io.cxpulse.server.web;

import static io.cxpulse.server.HeadlessChromium.legend;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.history.VersionFixture;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in real headless Chromium over the surveys of {@link VersionFixture}, asked in two versions of one
 * program: the live board and the charts say that their survey figures mix versions, and the charts can be switched to
 * one version; in English and in Chinese.
 */
class VersionsDashboardIT {
    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = VersionFixture.start(dir.resolve("data"), VersionFixture.clock());
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

    private void versions(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("charts"), "data-state", "drawn"));
        wait.until(ExpectedConditions.attributeToBe(By.id("charts"), "data-versions", state));
    }

    @Test
    void theFiguresSayTheyMixVersionsAndTheChartsSwitchToOne() throws Exception {
        HeadlessChromium.logIn(browser, server.url(), "lead-n", "lead-password");
        versions("mixed");
        // The live board: today's surveys of north came in two versions.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live-mix")));
        assertThat(text("#live-mix"))
                .startsWith("Today's live scores count every survey version asked today")
                .contains("nps-q v1 (2 surveys), nps-q v2 (2 surveys)");
        // The charts of the last seven days: the mix is said, with each version's surveys, and one can be picked.
        assertThat(browser.findElement(By.id("chart-mix")).isDisplayed()).isTrue();
        assertThat(text("#chart-mix"))
                .isEqualTo(
                        "These survey figures mix 2 survey versions, whose questions may differ: nps-q v1 (2 surveys),"
                                + " nps-q v2 (3 surveys). Pick one version to compare like with like.");
        Select version = new Select(browser.findElement(By.id("chart-version")));
        assertThat(browser.findElement(By.id("chart-version")).isDisplayed()).isTrue();
        List<String> options =
                version.getOptions().stream().map(o -> o.getText()).collect(Collectors.toList());
        assertThat(options).containsExactly("All versions (mixed)", "nps-q v1 (2 surveys)", "nps-q v2 (3 surveys)");
        // Today, every version: NPS 10, 3, 9, 8.
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("25 n=4");
        screenshot("versions-mixed.png");

        version.selectByValue("nps-q|2");
        versions("one");
        // Version 2 alone: today 9 and 8, yesterday 6; the center's answers of the same version.
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#chart-nps .u-legend tr.u-series:nth-child(2) .u-value"), "50 n=2"));
        assertThat(text("#chart-mix"))
                .isEqualTo("Survey figures of nps-q v2 only. Calls name no version: they are counted whatever version"
                        + " is picked.");
        assertThat(text("#chart-dist-rows .own-counts")).isEqualTo("Team north Answers 0 0 0 0 0 0 1 0 1 1 0");
        assertThat(text("#chart-dist-caption")).contains("Center: n=3");
        assertThat(text("#chart-trend-rows tr[data-when='11-24']")).startsWith("11-24 -100* ");
        assertThat(new Select(browser.findElement(By.id("chart-version")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("nps-q|2");
        screenshot("versions-one.png");

        // In Chinese.
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("charts-title"), "趋势与分布"));
        assertThat(text("#chart-mix")).isEqualTo("仅显示 nps-q 第 2 版 的调查数据。通话不属于任何版本：无论选择哪个版本都会计入。");
        assertThat(new Select(browser.findElement(By.id("chart-version")))
                        .getOptions()
                        .get(0)
                        .getText())
                .isEqualTo("所有版本（混合）");
        assertThat(text("#live-mix")).startsWith("今天的实时分数统计了今天使用的所有调查版本");

        // Back to every version: the mix is said again.
        new Select(browser.findElement(By.id("chart-version"))).selectByValue("");
        versions("mixed");
        assertThat(text("#chart-mix")).startsWith("这些调查数据混合了 2 个调查版本");
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("25 n=4");

        // An agent's drill-down says the same of their last seven days.
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#teams tr.agent-row[data-agent='agent-n1'] .agent-link")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("drill-mix")));
        assertThat(text("#drill-mix"))
                .startsWith("这几天的数据合计了多个调查版本的调查")
                .contains("nps-q 第 1 版 (2 份调查), nps-q 第 2 版 (2 份调查)");
        assertThat(browser.getTitle()).isEqualTo("CX Pulse");
    }

    @Test
    void whatDrivesTheScoresSaysItMixesVersionsAndSwitchesToOne() {
        HeadlessChromium.logIn(browser, server.url(), "lead-n", "lead-password");
        wait.until(ExpectedConditions.attributeToBe(By.id("drivers"), "data-versions", "mixed"));
        assertThat(text("#drivers-mix"))
                .startsWith("These survey figures mix 2 survey versions, whose questions may differ:")
                .contains("nps-q v1 (")
                .contains("nps-q v2 (");
        Select version = new Select(browser.findElement(By.id("drivers-version")));
        assertThat(version.getOptions().get(0).getText()).isEqualTo("All versions (mixed)");
        version.selectByValue("nps-q|2");
        wait.until(ExpectedConditions.attributeToBe(By.id("drivers"), "data-versions", "one"));
        assertThat(text("#drivers-mix"))
                .isEqualTo("Surveys of nps-q v2 only, with their calls, for the team and the center alike.");
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("drivers-mix"), "仅统计 nps-q 第 2 版 的调查及其通话，团队与中心均如此。"));
        new Select(browser.findElement(By.id("drivers-version"))).selectByValue("");
        wait.until(ExpectedConditions.attributeToBe(By.id("drivers"), "data-versions", "mixed"));
        assertThat(text("#drivers-mix")).startsWith("这些调查数据混合了 2 个调查版本");
    }

    @Test
    void figuresOfOneVersionSayNothingOfVersions() {
        // South's surveys today named no program: one kind only, nothing mixed.
        HeadlessChromium.logIn(browser, server.url(), "lead-s", "lead-password");
        versions("single");
        assertThat(browser.findElement(By.id("chart-mix")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("chart-version")).isDisplayed()).isFalse();
        assertThat(legend(browser, "#chart-nps", 1)).isEqualTo("0 n=1");
        assertThat(browser.findElement(By.id("live-mix")).isDisplayed()).isFalse();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#teams tr.agent-row[data-agent='agent-s1'] .agent-link")))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("drill-title"), "Recent surveys of Sam South"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history-rows tr"), 7));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("drill")));
        assertThat(browser.findElement(By.id("drill-mix")).isDisplayed()).isFalse();
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('charts').scrollIntoView()");
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
