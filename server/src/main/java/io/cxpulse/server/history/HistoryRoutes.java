package io.cxpulse.server.history;

import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;

/** Daily figures: {@code GET /api/history}. */
public final class HistoryRoutes implements FeatureRoutes {
    private final HistoryHandler handler;

    public HistoryRoutes(Store store, Directory directory, Clock clock, ZoneId zone) {
        this.handler = new HistoryHandler(store, directory, clock, zone);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/history").handler(handler);
    }
}
