package io.cxpulse.server.alerts;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.store.Directory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Alerts: listing them ({@code GET /api/alerts}) and following one up (acknowledge, close, note). */
public final class AlertRoutes implements FeatureRoutes {
    private final Alerts alerts;
    private final Directory directory;

    public AlertRoutes(Alerts alerts, Directory directory) {
        this.alerts = alerts;
        this.directory = directory;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/alerts").handler(this::list);
        router.post("/api/alerts/:id/acknowledge").handler(ctx -> update(ctx, Alert.ACKNOWLEDGED));
        router.post("/api/alerts/:id/close").handler(ctx -> update(ctx, Alert.CLOSED));
        router.post("/api/alerts/:id/note").handler(ctx -> update(ctx, null));
    }

    private void list(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String state = ctx.request().getParam("state", "active");
        Collection<String> states = switch (state) {
            case "active" -> List.of(Alert.OPEN, Alert.ACKNOWLEDGED);
            case "all" -> null;
            case Alert.OPEN, Alert.ACKNOWLEDGED, Alert.CLOSED -> List.of(state);
            default -> throw ApiException.badRequest("state must be active, all, open, acknowledged or closed");
        };
        int limit = Requests.intParam(ctx, "limit", 200, 1, 1000);
        alerts.list(states, p.teams(), limit)
                .onSuccess(list -> ctx.json(new JsonArray(
                        list.stream().map(a -> a.toJson(directory)).collect(Collectors.toList()))))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx, String newState) {
        Principal p = Requests.principal(ctx);
        String id = ctx.pathParam("id");
        JsonObject body = Requests.body(ctx);
        String note = body.getValue("note") instanceof String s ? s.strip() : null;
        if (newState == null && (note == null || note.isEmpty())) {
            Requests.fail(ctx, ApiException.badRequest("a note is required"));
            return;
        }
        if (note != null && note.length() > Alerts.MAX_NOTE) {
            Requests.fail(ctx, ApiException.badRequest("a note is at most " + Alerts.MAX_NOTE + " characters"));
            return;
        }
        String storedNote = note == null || note.isEmpty() ? null : note;
        alerts.update(p, id, newState, storedNote)
                .onSuccess(updated -> {
                    if (updated.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no alert " + id));
                        return;
                    }
                    ctx.json(updated.get());
                })
                .onFailure(ctx::fail);
    }
}
