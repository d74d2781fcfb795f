package io.cxpulse.server;

import static io.cxpulse.server.TestSupport.await;

import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium, headless, driven by its chromedriver, for the browser tests; skips (or fails under CI) without. */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /**
     * A new browser with a fresh profile under {@code dir}; it makes no connection of its own (no updates, sync or
     * background traffic), so only the pages the test opens are loaded.
     */
    public static ChromeDriver start(Path dir) throws IOException {
        Path chromium = Requirements.binary("chromium");
        Path chromedriver = Requirements.binary("chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** As {@link #start(Path)}, with a window of {@code width} by {@code height} pixels. */
    public static ChromeDriver start(Path dir, int width, int height) throws IOException {
        ChromeDriver browser = start(dir);
        browser.manage().window().setSize(new Dimension(width, height));
        return browser;
    }

    /** Quits {@code browser} and then closes {@code server}, each only if the test got as far as starting it. */
    public static void shutDown(WebDriver browser, CxServer server) {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            await(server.close());
        }
    }

    /** The element's text; live updates replace changed elements, so one gone stale is looked up again. */
    public static String text(WebDriver browser, String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElement(By.cssSelector(css)).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The value a chart's uPlot legend shows for series {@code series} (0 the x value, 1 the first after it). */
    public static String legend(WebDriver browser, String chart, int series) {
        return text(browser, chart + " .u-legend tr.u-series:nth-child(" + (series + 1) + ") .u-value");
    }

    /** Opens the dashboard at {@code url} and logs in as {@code username} on its login form. */
    public static void logIn(WebDriver browser, String url, String username, String password) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    /** Clicks the element; live updates replace changed elements, so one gone stale is looked up again. */
    public static void click(WebDriverWait wait, String css) {
        wait.until(d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /**
     * Activates the element matched by {@code css} from the keyboard (Enter), as a keyboard user would; unlike a
     * pointer click it does not depend on where the element sits while the page is still laying out. Retries when the
     * page has just replaced the element.
     */
    public static void press(WebDriverWait wait, String css) {
        wait.until(d -> {
            try {
                d.findElement(By.cssSelector(css)).sendKeys(Keys.ENTER);
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }
}
