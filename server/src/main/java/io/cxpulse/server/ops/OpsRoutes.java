package io.cxpulse.server.ops;

import io.cxpulse.server.api.Requests;
import io.cxpulse.server.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * The operations endpoints: {@code GET /metrics} in the Prometheus text format, for this machine or a scraper with
 * the token, and {@code GET /api/ready}, whether this node can serve (its store answers; it joined its cluster).
 */
public final class OpsRoutes {
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final Store store;
    private final PrometheusMeterRegistry registry;
    private final String metricsToken;
    private final Supplier<String> cluster;

    /**
     * {@code metricsToken} null: only this machine may read {@code /metrics}. {@code cluster} tells {@code none} (a
     * single node), {@code joined} or {@code left}; a node that left its cluster is not ready.
     */
    public OpsRoutes(
            Vertx vertx, Store store, PrometheusMeterRegistry registry, String metricsToken, Supplier<String> cluster) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.metricsToken = metricsToken;
        this.cluster = cluster;
    }

    /** Adds the routes; call before the API's own, which would ask for a login. */
    public void mount(Router router) {
        router.get("/metrics").handler(this::metrics);
        router.get("/api/ready").handler(this::ready);
    }

    private void metrics(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null
                ? null
                : ctx.request().remoteAddress().host();
        if (!mayScrape(peer, ctx.request().getHeader("Authorization"), metricsToken)) {
            ctx.response()
                    .setStatusCode(403)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put(
                                    "error",
                                    "metrics are served to this machine, or with --metrics-token as a bearer token")
                            .encode());
            return;
        }
        // Rendering walks every meter: off the event loop.
        vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", PROMETHEUS_TEXT)
                        .putHeader("Cache-Control", "no-store")
                        .end(text))
                .onFailure(ctx::fail);
    }

    private void ready(RoutingContext ctx) {
        String clusterState = cluster.get();
        // Through the writer, as an event would go: a closed store, a dead database or a full queue is not ready.
        store.transaction(c -> {
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT 1")) {
                        return rs.next();
                    }
                })
                .recover(e -> Future.succeededFuture(false))
                .onSuccess(storeOk -> {
                    boolean ok = storeOk && !"left".equals(clusterState);
                    ctx.response()
                            .setStatusCode(ok ? 200 : 503)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Cache-Control", "no-store")
                            .end(new JsonObject()
                                    .put("status", ok ? "ready" : "not ready")
                                    .put("store", storeOk ? "ok" : "unavailable")
                                    .put("cluster", clusterState)
                                    .encode());
                });
    }

    /** Whether a request from {@code peer} with this {@code Authorization} header may read the metrics. */
    static boolean mayScrape(String peer, String authorization, String token) {
        if (Requests.loopback(peer)) {
            return true;
        }
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }
}
