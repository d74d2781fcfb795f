package io.cxpulse.server.enrolment;

import io.cxpulse.server.Provisioning;
import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Enrolments;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrolling an agent's desktop: an admin makes a one-time code ({@code POST /api/enrolments}) and sees those not yet
 * used ({@code GET /api/enrolments}); the agent's set-up trades one for the agent's token ({@code POST /api/enrol}, no
 * session, throttled per client address).
 */
public final class EnrolmentRoutes implements FeatureRoutes {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentRoutes.class);

    private final Directory directory;
    private final Provisioning provisioning;
    private final Enrolments enrolments;

    public EnrolmentRoutes(Directory directory, Provisioning provisioning, Enrolments enrolments) {
        this.directory = directory;
        this.provisioning = provisioning;
        this.enrolments = enrolments;
    }

    @Override
    public void mountPublic(Router router) {
        router.post("/api/enrol").handler(Requests::requireJson).handler(this::enrol);
    }

    @Override
    public void mount(Router router) {
        router.post("/api/enrolments").handler(this::createEnrolment);
        router.get("/api/enrolments").handler(this::pendingEnrolments);
    }

    /** An admin makes a one-time code that enrols an agent (a new one when displayName and team are given). */
    private void createEnrolment(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        if (p.role() != Role.ADMIN) {
            Requests.fail(ctx, ApiException.forbidden("only an admin may enrol agents"));
            return;
        }
        JsonObject body = Requests.body(ctx);
        String agentId = Requests.string(body, "agentId");
        Rows.Agent known = directory.agent(agentId).orElse(null);
        String displayName = Requests.optionalString(body, "displayName");
        String team = Requests.optionalString(body, "team");
        if (known == null && (displayName == null || team == null)) {
            Requests.fail(
                    ctx,
                    ApiException.badRequest(
                            "agent " + agentId + " does not exist yet: give its displayName and team to create it"));
            return;
        }
        enrolments
                .create(
                        agentId,
                        displayName != null ? displayName : known.displayName(),
                        team != null ? team : known.team(),
                        p.username())
                .onSuccess(made -> {
                    log.info("Admin {} made an enrolment code for agent {}", p.username(), agentId);
                    ctx.response().setStatusCode(201);
                    ctx.json(new JsonObject()
                            .put("agentId", agentId)
                            .put("code", made.code())
                            .put("expiresAtMs", made.expiresAtMs()));
                })
                .onFailure(ctx::fail);
    }

    /** The codes not yet used nor expired, for the admin's dashboard (never the codes: only hashes are kept). */
    private void pendingEnrolments(RoutingContext ctx) {
        if (Requests.principal(ctx).role() != Role.ADMIN) {
            Requests.fail(ctx, ApiException.forbidden("only an admin may enrol agents"));
            return;
        }
        enrolments.pendingJson().onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /** The agent's set-up trades a one-time code for the agent's token (a new one: any older token stops working). */
    private void enrol(RoutingContext ctx) {
        String code = Requests.optionalString(Requests.body(ctx), "code");
        enrolments
                .redeem(code, ctx.request().remoteAddress().host())
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        Requests.fail(ctx, ApiException.badRequest("unknown, used or expired enrolment code"));
                        return;
                    }
                    Enrolments.Pending pending = found.get();
                    provisioning
                            .agent(pending.agentId(), pending.displayName(), pending.team())
                            .onSuccess(token -> {
                                log.info(
                                        "Agent {} enrolled from {}",
                                        pending.agentId(),
                                        ctx.request().remoteAddress());
                                ctx.json(new JsonObject()
                                        .put("agentId", pending.agentId())
                                        .put("displayName", pending.displayName())
                                        .put("token", token));
                            })
                            .onFailure(ctx::fail);
                })
                .onFailure(e -> {
                    if (e instanceof Enrolments.ThrottledException t) {
                        ctx.response().putHeader("Retry-After", Long.toString((t.waitMs() + 999) / 1000));
                        Requests.fail(ctx, new ApiException(429, t.getMessage()));
                    } else {
                        ctx.fail(e);
                    }
                });
    }
}
