package io.cxpulse.server.agents;

import io.cxpulse.server.Provisioning;
import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Json;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents: their live metrics ({@code GET /api/agents}), creating and re-keying one, an agent's recent surveys, and in
 * {@code --demo} mode the demo roster for the simulator on this machine.
 */
public final class AgentRoutes implements FeatureRoutes {
    private static final Logger log = LoggerFactory.getLogger(AgentRoutes.class);

    private final Store store;
    private final Directory directory;
    private final Scoreboard board;
    private final Provisioning provisioning;
    private final boolean demo;

    public AgentRoutes(Store store, Directory directory, Scoreboard board, Provisioning provisioning, boolean demo) {
        this.store = store;
        this.directory = directory;
        this.board = board;
        this.provisioning = provisioning;
        this.demo = demo;
    }

    @Override
    public void mountPublic(Router router) {
        if (demo) {
            router.get("/api/demo/agents").handler(this::demoAgents);
        } else {
            router.get("/api/demo/agents")
                    .handler(ctx ->
                            Requests.fail(ctx, ApiException.notFound("the demo roster exists only in --demo mode")));
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/api/agents").handler(ctx -> board.serveAgents(ctx, Requests.principal(ctx)));
        router.post("/api/agents").handler(this::createAgent);
        router.get("/api/agents/:agentId/surveys").handler(this::surveysOfAgent);
    }

    private void demoAgents(RoutingContext ctx) {
        if (!Requests.loopback(ctx.request().remoteAddress().host())) {
            Requests.fail(ctx, ApiException.forbidden("the demo roster is served to this machine only"));
            return;
        }
        JsonArray out = new JsonArray();
        for (Provisioning.DemoAgent a : provisioning.demoAgents()) {
            out.add(new JsonObject()
                    .put("agentId", a.agentId())
                    .put("token", a.token())
                    .put("displayName", a.displayName())
                    .put("team", a.team()));
        }
        ctx.json(out);
    }

    private void createAgent(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        if (p.role() != Role.ADMIN) {
            Requests.fail(ctx, ApiException.forbidden("only an admin may create agents"));
            return;
        }
        JsonObject body = Requests.body(ctx);
        String agentId = Requests.string(body, "agentId");
        String displayName = Requests.string(body, "displayName");
        String team = Requests.string(body, "team");
        provisioning
                .agent(agentId, displayName, team)
                .onSuccess(token -> {
                    log.info("Admin {} provisioned agent {} in team {}", p.username(), agentId, team);
                    ctx.response().setStatusCode(201);
                    ctx.json(new JsonObject()
                            .put("agentId", agentId)
                            .put("displayName", displayName)
                            .put("team", team)
                            .put("token", token));
                })
                .onFailure(ctx::fail);
    }

    private void surveysOfAgent(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String agentId = ctx.pathParam("agentId");
        Rows.Agent agent = directory.agent(agentId).orElse(null);
        // Out of scope looks the same as unknown: a supervisor learns nothing about other teams.
        if (agent == null || !p.sees(agent.team())) {
            Requests.fail(ctx, ApiException.notFound("no agent " + agentId));
            return;
        }
        int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
        String surveyId = ctx.request().getParam("surveyId");
        String versionParam = ctx.request().getParam("version");
        Integer version = versionParam == null ? null : Requests.intParam(ctx, "version", 1, 1, Integer.MAX_VALUE);
        store.read(c -> Queries.surveysOfAgent(c, agentId, surveyId, version, limit))
                .onSuccess(list -> ctx.json(new JsonObject()
                        .put("agentId", agentId)
                        .put("displayName", agent.displayName())
                        .put("team", agent.team())
                        .put(
                                "surveys",
                                new JsonArray(list.stream()
                                        .map(s -> Json.survey(s, directory))
                                        .collect(Collectors.toList())))))
                .onFailure(ctx::fail);
    }
}
