package io.cxpulse.server.alerts;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.Directory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Alerts: listing them ({@code GET /api/alerts}), following one up (acknowledge, close with an outcome, note), its
 * trail, the follow-up figures per team, and each team's follow-up window.
 */
public final class AlertRoutes implements FeatureRoutes {
    /** The longest follow-up window a team may set: 30 days. */
    static final int MAX_WINDOW_HOURS = 720;

    private final Alerts alerts;
    private final Directory directory;

    public AlertRoutes(Alerts alerts, Directory directory) {
        this.alerts = alerts;
        this.directory = directory;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/alerts").handler(this::list);
        router.get("/api/alerts/summary").handler(this::summary);
        router.get("/api/alerts/:id/history").handler(this::history);
        router.get("/api/teams/:team/follow-up").handler(this::window);
        router.post("/api/teams/:team/follow-up").handler(this::setWindow);
        router.post("/api/alerts/:id/acknowledge").handler(ctx -> update(ctx, Alert.ACKNOWLEDGED));
        router.post("/api/alerts/:id/close").handler(ctx -> update(ctx, Alert.CLOSED));
        router.post("/api/alerts/:id/note").handler(ctx -> update(ctx, null));
    }

    private void list(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String state = ctx.request().getParam("state", "active");
        Collection<String> states = switch (state) {
            case "active", "escalated" -> List.of(Alert.OPEN, Alert.ACKNOWLEDGED);
            case "all" -> null;
            case Alert.OPEN, Alert.ACKNOWLEDGED, Alert.CLOSED -> List.of(state);
            default ->
                throw ApiException.badRequest("state must be active, escalated, all, open, acknowledged or closed");
        };
        int limit = Requests.intParam(ctx, "limit", 200, 1, 1000);
        alerts.list(states, p.teams(), state.equals("escalated"), limit)
                .onSuccess(list -> ctx.json(new JsonArray(
                        list.stream().map(a -> a.toJson(directory)).collect(Collectors.toList()))))
                .onFailure(ctx::fail);
    }

    private void summary(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        int days = Requests.intParam(ctx, "days", 7, 1, 366);
        alerts.summary(p.teams(), days).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String id = ctx.pathParam("id");
        alerts.history(p, id)
                .onSuccess(trail -> {
                    if (trail.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no alert " + id));
                        return;
                    }
                    ctx.json(trail.get());
                })
                .onFailure(ctx::fail);
    }

    /** The team named in the path, when it exists and {@code p} may see it. */
    private String team(RoutingContext ctx, Principal p) {
        String team = ctx.pathParam("team");
        if (directory.team(team).isEmpty() || !p.sees(team)) {
            throw ApiException.notFound("no team " + team);
        }
        return team;
    }

    private void window(RoutingContext ctx) {
        String team = team(ctx, Requests.principal(ctx));
        alerts.window(team)
                .onSuccess(ms -> ctx.json(new JsonObject().put("team", team).put("windowHours", ms / 3_600_000L)))
                .onFailure(ctx::fail);
    }

    private void setWindow(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        if (p.role() != Role.ADMIN) {
            throw ApiException.forbidden("only an admin sets a team's follow-up window");
        }
        String team = team(ctx, p);
        Object hours = Requests.body(ctx).getValue("windowHours");
        if (!(hours instanceof Integer h) || h < 1 || h > MAX_WINDOW_HOURS) {
            throw ApiException.badRequest("windowHours must be a whole number of hours, 1-" + MAX_WINDOW_HOURS);
        }
        alerts.setWindow(team, h * 3_600_000L)
                .onSuccess(v -> ctx.json(new JsonObject().put("team", team).put("windowHours", h)))
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
        String outcome = null;
        if (Alert.CLOSED.equals(newState)) {
            Object o = body.getValue("outcome");
            if (!(o instanceof String s) || !Alert.OUTCOMES.contains(s)) {
                Requests.fail(
                        ctx, ApiException.badRequest("outcome must be one of " + String.join(", ", Alert.OUTCOMES)));
                return;
            }
            outcome = s;
        }
        String storedNote = note == null || note.isEmpty() ? null : note;
        alerts.update(p, id, newState, storedNote, outcome)
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
