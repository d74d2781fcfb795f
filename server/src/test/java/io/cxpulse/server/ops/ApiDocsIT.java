package io.cxpulse.server.ops;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.api.ApiClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document against the server's real routes, and Swagger UI over it. */
class ApiDocsIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path dir;

    private CxServer server;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        HttpResponse<Buffer> r = ApiClient.anonymous(server).get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonObject doc = r.bodyAsJsonObject();
        assertThat(doc.getString("openapi")).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> served = new TreeSet<>(server.routes());
        assertThat(served).as("the server's routes").contains("GET /api/agents/{agentId}/surveys", "GET /metrics");
        assertThat(documented).as("documented routes").containsExactlyElementsOf(served);
    }

    @Test
    void swaggerUiIsServedFromTheServerItself() {
        WebClient client = WebClient.create(
                server.vertx(),
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(server.port())
                        .setFollowRedirects(false));
        HttpResponse<Buffer> redirect = await(client.get("/api/docs").send());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.getHeader("Location")).isEqualTo("/api/docs/");

        HttpResponse<Buffer> page = await(client.get("/api/docs/").send());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.bodyAsString())
                .contains("swagger-ui-bundle.js", "init.js", "swagger-ui.css")
                .doesNotContain("http://", "https://", "<script>");

        HttpResponse<Buffer> bundle =
                await(client.get("/api/docs/swagger-ui-bundle.js").send());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(await(client.get("/api/docs/swagger-ui.css").send()).statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> init = await(client.get("/api/docs/init.js").send());
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.bodyAsString()).contains("/api/openapi.json");
    }
}
