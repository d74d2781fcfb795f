package io.cxpulse.server.ops;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.HeadlessChromium;
import io.cxpulse.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Swagger UI at /api/docs in headless Chromium, under the server's Content-Security-Policy. */
class SwaggerUiIT {
    @TempDir
    Path dir;

    private CxServer server;
    private WebDriver browser;

    @AfterEach
    void stop() {
        HeadlessChromium.shutDown(browser, server);
    }

    @Test
    void showsTheApisOperations() throws Exception {
        server = await(CxServer.start(ServerConfig.loopback(dir.resolve("data"))));
        browser = HeadlessChromium.start(dir);
        browser.get(server.url() + "api/docs");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
        assertThat(browser.getCurrentUrl()).endsWith("/api/docs/");
        List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(WebElement::getText)
                .map(t -> t.replace("\u200b", "").strip())
                .toList();
        assertThat(paths).contains("/api/login", "/api/alerts/{id}/acknowledge", "/metrics", "/api/ready");
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
                .contains("CX Pulse server API");
    }
}
