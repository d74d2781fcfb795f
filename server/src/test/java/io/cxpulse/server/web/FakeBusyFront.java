package io.cxpulse.server.web;

import static io.cxpulse.server.TestSupport.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for the load balancer in front of the server, on loopback: it passes every request through to the server
 * except logins while {@link #busy} is set, which it answers as HAProxy does when no server can take them: a 503
 * with an HTML page.
 */
final class FakeBusyFront implements AutoCloseable {
    private final HttpClient client;
    private final HttpServer server;
    private final AtomicBoolean busy = new AtomicBoolean(true);

    FakeBusyFront(Vertx vertx, int backendPort) {
        client = vertx.createHttpClient();
        server = await(vertx.createHttpServer()
                .requestHandler(req -> handle(req, backendPort))
                .listen(0, "127.0.0.1"));
    }

    /** Whether logins are refused with a 503 (at first they are). */
    void busy(boolean value) {
        busy.set(value);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    private void handle(HttpServerRequest req, int backendPort) {
        if (busy.get() && req.method() == HttpMethod.POST && req.path().equals("/api/login")) {
            req.response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "text/html")
                    .end("<html><body><h1>503 Service Unavailable</h1>\n"
                            + "No server is available to handle this request.\n</body></html>\n");
            return;
        }
        req.body()
                .compose(body -> client.request(req.method(), backendPort, "127.0.0.1", req.uri())
                        .compose(out -> {
                            req.headers().forEach((name, value) -> {
                                if (!name.equalsIgnoreCase("Host")) {
                                    out.headers().add(name, value);
                                }
                            });
                            return out.send(body);
                        }))
                .compose(res -> res.body().map(b -> {
                    req.response().setStatusCode(res.statusCode());
                    req.response().headers().addAll(res.headers());
                    req.response().headers().remove("Transfer-Encoding").remove("Content-Length");
                    return b;
                }))
                .onSuccess(b -> req.response().end(b))
                .onFailure(e -> req.response().setStatusCode(502).end(Buffer.buffer("bad gateway")));
    }

    @Override
    public void close() {
        await(server.close());
        await(client.close());
    }
}
