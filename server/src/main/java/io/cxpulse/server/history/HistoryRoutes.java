package io.cxpulse.server.history;

import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Daily figures, {@code GET /api/history}, and what the dashboard's charts read: {@code /api/history/hours}, {@code
 * /api/history/nps-distribution} and {@code /api/history/detractor-map}.
 */
public final class HistoryRoutes implements FeatureRoutes {
    private final HistoryHandler handler;
    private final ChartsHandler charts;

    public HistoryRoutes(Store store, Directory directory, Clock clock, ZoneId zone) {
        this.handler = new HistoryHandler(store, directory, clock, zone);
        this.charts = new ChartsHandler(store, directory, clock, zone);
    }

    /** See {@link HistoryHandler#warmUp()}. */
    public Future<Void> warmUp() {
        return handler.warmUp();
    }

    @Override
    public void mount(Router router) {
        router.get("/api/history").handler(handler);
        router.get("/api/history/hours").handler(charts::hours);
        router.get("/api/history/nps-distribution").handler(charts::npsDistribution);
        router.get("/api/history/detractor-map").handler(charts::detractorMap);
    }
}
