package io.cxpulse.server.live;

import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.vertx.ext.web.Router;

/** The dashboard's live stream: {@code GET /api/live} (server-sent events). */
public final class LiveRoutes implements FeatureRoutes {
    private final LiveHub hub;

    public LiveRoutes(LiveHub hub) {
        this.hub = hub;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/live")
                .handler(ctx -> hub.subscribe(Requests.sessionId(ctx), Requests.principal(ctx), ctx.response()));
    }
}
