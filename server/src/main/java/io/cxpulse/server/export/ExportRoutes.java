package io.cxpulse.server.export;

import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;

/** Exports: {@code GET /api/export/surveys.csv}. */
public final class ExportRoutes implements FeatureRoutes {
    private final SurveysCsv surveys;

    public ExportRoutes(Vertx vertx, Store store, Directory directory, Clock clock, ZoneId zone) {
        this.surveys = new SurveysCsv(vertx, store, directory, clock, zone);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/export/surveys.csv").handler(surveys);
    }
}
