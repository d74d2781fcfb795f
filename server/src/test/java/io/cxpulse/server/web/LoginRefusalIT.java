package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A login the front refuses with a 503 says to try again, in English and Chinese; trying again then works. */
class LoginRefusalIT {
    @TempDir
    Path dir;

    private CxServer server;
    private FakeBusyFront front;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data"))));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        front = new FakeBusyFront(server.vertx(), server.port());
        browser = HeadlessChromium.start(dir, 1200, 800);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (front != null) {
            front.close();
        }
        if (server != null) {
            await(server.close());
        }
    }

    @Test
    void aBusyServerIsToldAsTryAgain() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(front.url());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys("boss");
        browser.findElement(By.id("password")).sendKeys("boss-password");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "The server is busy: try again."));
        screenshot("login-busy.png");

        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#login-view h2"), "登录"));
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "服务器繁忙：请再试一次。"));
        screenshot("login-busy-zh.png");

        // Once a server can take it, the same login goes through.
        front.busy(false);
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-view")));
        assertThat(HeadlessChromium.text(browser, "#login-error")).isEmpty();
    }

    /** Kept under target/ for a human to look at after a CI run. */
    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(name), png);
    }
}
