package io.cxpulse.server.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A browser's calls to one address (a node, or haproxy), with the session cookie it was given. */
final class Web {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String base;
    final String cookie;

    Web(String base, String cookie) {
        this.base = base;
        this.cookie = cookie;
    }

    /** Logs in at {@code base}; fails unless it answers 200. */
    static Web login(String base, String username, String password) {
        HttpResponse<String> r = new Web(base, null)
                .post("/api/login", new JsonObject().put("username", username).put("password", password));
        if (r.statusCode() != 200) {
            throw new AssertionError("login at " + base + " answered " + r.statusCode() + ": " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Web(base, setCookie.substring(0, setCookie.indexOf(';')));
    }

    /** The same session against another address. */
    Web at(String otherBase) {
        return new Web(otherBase, cookie);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, JsonObject body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** The body of a GET that must answer 200, as JSON. */
    JsonObject json(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + base + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
