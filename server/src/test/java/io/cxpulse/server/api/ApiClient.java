package io.cxpulse.server.api;

import static io.cxpulse.server.TestSupport.await;

import io.cxpulse.server.CxServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A logged-in dashboard user, for tests: keeps the session cookie like a browser. */
public final class ApiClient {
    private final WebClientSession client;
    private String cookie;

    private ApiClient(WebClientSession client) {
        this.client = client;
    }

    /** The session cookie as a {@code Cookie} request header value. */
    public String cookie() {
        return cookie;
    }

    public static ApiClient anonymous(CxServer server) {
        return new ApiClient(WebClientSession.create(WebClient.create(
                server.vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()))));
    }

    public static ApiClient login(CxServer server, String username, String password) {
        ApiClient c = anonymous(server);
        HttpResponse<Buffer> r =
                c.post("/api/login", new JsonObject().put("username", username).put("password", password));
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.statusCode() + " " + r.bodyAsString());
        }
        c.cookie = r.cookies().get(0).split(";")[0];
        return c;
    }

    public HttpResponse<Buffer> get(String path) {
        return await(client.get(path).send());
    }

    public HttpResponse<Buffer> post(String path, JsonObject body) {
        return await(client.post(path).sendJsonObject(body));
    }

    public JsonObject agents() {
        HttpResponse<Buffer> r = get("/api/agents");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /api/agents: " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsJsonObject();
    }

    public JsonArray alerts(String state) {
        return get("/api/alerts?state=" + state).bodyAsJsonArray();
    }

    /** Uploads a prompt recording, a WAV file labelled {@code label}, and returns its {@code sha256:} name. */
    public String uploadPrompt(String label, byte[] wav) {
        HttpResponse<Buffer> r =
                await(client.post("/api/prompts?name=" + URLEncoder.encode(label, StandardCharsets.UTF_8))
                        .putHeader("Content-Type", "audio/wav")
                        .sendBuffer(Buffer.buffer(wav)));
        if (r.statusCode() != 201) {
            throw new AssertionError("POST /api/prompts: " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsJsonObject().getString("prompt");
    }

    public WebClientSession session() {
        return client;
    }
}
